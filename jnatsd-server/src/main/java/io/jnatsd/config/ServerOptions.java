package io.jnatsd.config;

import io.jnatsd.auth.NKeyUser;
import io.jnatsd.auth.User;
import io.jnatsd.tls.TlsOptions;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything a server is configured with: one immutable object, produced by the config file
 * reader and the command line (or built directly by an embedding application), and passed to
 * the server. Defaults are those of nats-server 2.9 and sit beside their setting.
 */
public final class ServerOptions {

    public static final String DEFAULT_HOST = "0.0.0.0";
    public static final int DEFAULT_PORT = 4222;
    /** nats-server's "-1 means random port"; jnatsd also accepts 0. */
    public static final int RANDOM_PORT = -1;
    public static final int DEFAULT_MAX_CONNECTIONS = 64 * 1024;
    public static final int DEFAULT_MAX_CONTROL_LINE = 4096;
    public static final int DEFAULT_MAX_PAYLOAD = 1024 * 1024;
    /** Upper bound of max_payload, as nats-server enforces (64 MiB). */
    public static final int MAX_PAYLOAD_LIMIT = 64 * 1024 * 1024;
    public static final long DEFAULT_MAX_PENDING = 64L * 1024 * 1024;
    public static final Duration DEFAULT_PING_INTERVAL = Duration.ofMinutes(2);
    public static final int DEFAULT_PING_MAX = 2;
    public static final Duration DEFAULT_AUTH_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration DEFAULT_WRITE_DEADLINE = Duration.ofSeconds(10);
    public static final Duration DEFAULT_LAME_DUCK_DURATION = Duration.ofMinutes(2);
    public static final Duration DEFAULT_LAME_DUCK_GRACE_PERIOD = Duration.ofSeconds(10);
    /** Event loops for connections; 0 means one per available processor. */
    public static final int DEFAULT_IO_THREADS = 0;

    private final String serverName;
    private final String host;
    private final int port;
    private final String clientAdvertise;
    private final String httpHost;
    private final int httpPort;
    private final int httpsPort;
    private final String httpBasePath;

    private final String username;
    private final String password;
    private final String authToken;
    private final Duration authTimeout;
    private final List<User> users;
    private final List<NKeyUser> nkeys;
    private final String noAuthUser;

    private final int maxConnections;
    private final int maxControlLine;
    private final int maxPayload;
    private final long maxPending;
    private final int maxSubscriptions;
    private final Duration pingInterval;
    private final int pingMax;
    private final Duration writeDeadline;
    private final boolean noHeaderSupport;

    private final boolean debug;
    private final boolean trace;
    private final boolean logtime;
    private final Path logFile;
    private final long logSizeLimit;
    private final boolean syslog;
    private final String remoteSyslog;

    private final Path pidFile;
    private final Path portsFileDir;
    private final ClusterOptions cluster;
    private final TlsOptions tls;
    private final boolean allowNonTls;
    private final WebsocketOptions websocket;
    private final Duration lameDuckDuration;
    private final Duration lameDuckGracePeriod;
    private final Path configFile;
    private final int ioThreads;

    private ServerOptions(Builder b) {
        this.serverName = b.serverName;
        this.host = b.host;
        this.port = b.port;
        this.clientAdvertise = b.clientAdvertise;
        this.httpHost = b.httpHost;
        this.httpPort = b.httpPort;
        this.httpsPort = b.httpsPort;
        this.httpBasePath = b.httpBasePath;
        this.username = b.username;
        this.password = b.password;
        this.authToken = b.authToken;
        this.authTimeout = b.authTimeout;
        this.users = List.copyOf(b.users);
        this.nkeys = List.copyOf(b.nkeys);
        this.noAuthUser = b.noAuthUser;
        this.maxConnections = b.maxConnections;
        this.maxControlLine = b.maxControlLine;
        this.maxPayload = b.maxPayload;
        this.maxPending = b.maxPending;
        this.maxSubscriptions = b.maxSubscriptions;
        this.pingInterval = b.pingInterval;
        this.pingMax = b.pingMax;
        this.writeDeadline = b.writeDeadline;
        this.noHeaderSupport = b.noHeaderSupport;
        this.debug = b.debug;
        this.trace = b.trace;
        this.logtime = b.logtime;
        this.logFile = b.logFile;
        this.logSizeLimit = b.logSizeLimit;
        this.syslog = b.syslog;
        this.remoteSyslog = b.remoteSyslog;
        this.pidFile = b.pidFile;
        this.portsFileDir = b.portsFileDir;
        this.cluster = b.cluster;
        this.tls = b.tls;
        this.allowNonTls = b.allowNonTls;
        this.websocket = b.websocket;
        this.lameDuckDuration = b.lameDuckDuration;
        this.lameDuckGracePeriod = b.lameDuckGracePeriod;
        this.configFile = b.configFile;
        this.ioThreads = b.ioThreads;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static ServerOptions defaults() {
        return new Builder().build();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Server name; null means "use the server id", as nats-server does. */
    public String serverName() { return serverName; }
    public String host() { return host; }
    /** Client port: 0 or {@link #RANDOM_PORT} let the OS choose. */
    public int port() { return port; }
    public String clientAdvertise() { return clientAdvertise; }
    public String httpHost() { return httpHost; }
    /** Monitoring port; 0 disables it, {@link #RANDOM_PORT} lets the OS choose. */
    public int httpPort() { return httpPort; }
    /**
     * HTTPS monitoring port, served with the {@link #tls()} certificate; 0 disables it,
     * {@link #RANDOM_PORT} lets the OS choose. Cannot be combined with {@link #httpPort()}.
     */
    public int httpsPort() { return httpsPort; }
    public String httpBasePath() { return httpBasePath; }
    public String username() { return username; }
    public String password() { return password; }
    public String authToken() { return authToken; }
    /**
     * The authorization timeout: as configured, else nats-server's default, which is the TLS
     * timeout plus one second with client TLS (a client must finish the handshake first) and 2 s
     * without.
     */
    public Duration authTimeout() {
        if (authTimeout != null) {
            return authTimeout;
        }
        return tls != null ? tls.timeout().plusSeconds(1) : DEFAULT_AUTH_TIMEOUT;
    }
    public List<User> users() { return users; }
    /** Users that authenticate with an nkey (a users list entry with {@code nkey}). */
    public List<NKeyUser> nkeys() { return nkeys; }
    public String noAuthUser() { return noAuthUser; }
    public int maxConnections() { return maxConnections; }
    public int maxControlLine() { return maxControlLine; }
    public int maxPayload() { return maxPayload; }
    public long maxPending() { return maxPending; }
    /** 0 means unlimited. */
    public int maxSubscriptions() { return maxSubscriptions; }
    public Duration pingInterval() { return pingInterval; }
    public int pingMax() { return pingMax; }
    public Duration writeDeadline() { return writeDeadline; }
    public boolean noHeaderSupport() { return noHeaderSupport; }
    public boolean debug() { return debug; }
    public boolean trace() { return trace; }
    public boolean logtime() { return logtime; }
    public Path logFile() { return logFile; }
    public long logSizeLimit() { return logSizeLimit; }
    public boolean syslog() { return syslog; }
    public String remoteSyslog() { return remoteSyslog; }
    public Path pidFile() { return pidFile; }
    public Path portsFileDir() { return portsFileDir; }
    public ClusterOptions cluster() { return cluster; }
    /** Client TLS (the {@code tls} block or the {@code --tls*} flags); null when clients connect in plain text. */
    public TlsOptions tls() { return tls; }
    /**
     * With {@link #tls()}: clients may also connect in plain text; the server tells TLS from plain
     * by the first bytes a client sends. No effect without {@code tls}.
     */
    public boolean allowNonTls() { return allowNonTls; }
    /** The {@code websocket} block; {@link WebsocketOptions#NONE} when there is none. */
    public WebsocketOptions websocket() { return websocket; }
    public Duration lameDuckDuration() { return lameDuckDuration; }
    public Duration lameDuckGracePeriod() { return lameDuckGracePeriod; }
    /**
     * Event-loop threads serving connections (0: one per processor). Embedders running many
     * small servers, such as test suites, set it low; nats-server has no such key.
     */
    public int ioThreads() { return ioThreads; }
    /** The file these options were read from, or null. */
    public Path configFile() { return configFile; }

    /** True when clients must authenticate (any of user/password, token, users or nkey users is set). */
    public boolean authRequired() {
        return username != null || authToken != null || !users.isEmpty() || !nkeys.isEmpty();
    }

    /** Mutable builder; every setter returns this. */
    public static final class Builder {
        private String serverName;
        private String host = DEFAULT_HOST;
        private int port = DEFAULT_PORT;
        private String clientAdvertise;
        private String httpHost;
        private int httpPort;
        private int httpsPort;
        private String httpBasePath = "";
        private String username;
        private String password;
        private String authToken;
        /** Null: nats-server's default, which depends on tls (see {@link ServerOptions#authTimeout()}). */
        private Duration authTimeout;
        private List<User> users = new ArrayList<>();
        private List<NKeyUser> nkeys = new ArrayList<>();
        private String noAuthUser;
        private int maxConnections = DEFAULT_MAX_CONNECTIONS;
        private int maxControlLine = DEFAULT_MAX_CONTROL_LINE;
        private int maxPayload = DEFAULT_MAX_PAYLOAD;
        private long maxPending = DEFAULT_MAX_PENDING;
        private int maxSubscriptions;
        private Duration pingInterval = DEFAULT_PING_INTERVAL;
        private int pingMax = DEFAULT_PING_MAX;
        private Duration writeDeadline = DEFAULT_WRITE_DEADLINE;
        private boolean noHeaderSupport;
        private boolean debug;
        private boolean trace;
        private boolean logtime = true;
        private Path logFile;
        private long logSizeLimit;
        private boolean syslog;
        private String remoteSyslog;
        private Path pidFile;
        private Path portsFileDir;
        private ClusterOptions cluster = ClusterOptions.NONE;
        private TlsOptions tls;
        private boolean allowNonTls;
        private WebsocketOptions websocket = WebsocketOptions.NONE;
        private Duration lameDuckDuration = DEFAULT_LAME_DUCK_DURATION;
        private Duration lameDuckGracePeriod = DEFAULT_LAME_DUCK_GRACE_PERIOD;
        private Path configFile;
        private int ioThreads = DEFAULT_IO_THREADS;

        private Builder() {
        }

        private Builder(ServerOptions o) {
            serverName = o.serverName;
            host = o.host;
            port = o.port;
            clientAdvertise = o.clientAdvertise;
            httpHost = o.httpHost;
            httpPort = o.httpPort;
            httpsPort = o.httpsPort;
            httpBasePath = o.httpBasePath;
            username = o.username;
            password = o.password;
            authToken = o.authToken;
            authTimeout = o.authTimeout;
            users = new ArrayList<>(o.users);
            nkeys = new ArrayList<>(o.nkeys);
            noAuthUser = o.noAuthUser;
            maxConnections = o.maxConnections;
            maxControlLine = o.maxControlLine;
            maxPayload = o.maxPayload;
            maxPending = o.maxPending;
            maxSubscriptions = o.maxSubscriptions;
            pingInterval = o.pingInterval;
            pingMax = o.pingMax;
            writeDeadline = o.writeDeadline;
            noHeaderSupport = o.noHeaderSupport;
            debug = o.debug;
            trace = o.trace;
            logtime = o.logtime;
            logFile = o.logFile;
            logSizeLimit = o.logSizeLimit;
            syslog = o.syslog;
            remoteSyslog = o.remoteSyslog;
            pidFile = o.pidFile;
            portsFileDir = o.portsFileDir;
            cluster = o.cluster;
            tls = o.tls;
            allowNonTls = o.allowNonTls;
            websocket = o.websocket;
            lameDuckDuration = o.lameDuckDuration;
            lameDuckGracePeriod = o.lameDuckGracePeriod;
            configFile = o.configFile;
            ioThreads = o.ioThreads;
        }

        public Builder serverName(String v) { serverName = v; return this; }
        public Builder host(String v) { host = v; return this; }
        public Builder port(int v) { port = v; return this; }
        public Builder clientAdvertise(String v) { clientAdvertise = v; return this; }
        public Builder httpHost(String v) { httpHost = v; return this; }
        public Builder httpPort(int v) { httpPort = v; return this; }
        public Builder httpsPort(int v) { httpsPort = v; return this; }
        public Builder httpBasePath(String v) { httpBasePath = v; return this; }
        public Builder username(String v) { username = v; return this; }
        public Builder password(String v) { password = v; return this; }
        public Builder authToken(String v) { authToken = v; return this; }
        public Builder authTimeout(Duration v) { authTimeout = v; return this; }
        public Builder users(List<User> v) { users = new ArrayList<>(v); return this; }
        public Builder addUser(User v) { users.add(v); return this; }
        public Builder nkeys(List<NKeyUser> v) { nkeys = new ArrayList<>(v); return this; }
        public Builder addNkey(NKeyUser v) { nkeys.add(v); return this; }
        public Builder noAuthUser(String v) { noAuthUser = v; return this; }
        public Builder maxConnections(int v) { maxConnections = v; return this; }
        public Builder maxControlLine(int v) { maxControlLine = v; return this; }
        public Builder maxPayload(int v) { maxPayload = v; return this; }
        public Builder maxPending(long v) { maxPending = v; return this; }
        public Builder maxSubscriptions(int v) { maxSubscriptions = v; return this; }
        public Builder pingInterval(Duration v) { pingInterval = v; return this; }
        public Builder pingMax(int v) { pingMax = v; return this; }
        public Builder writeDeadline(Duration v) { writeDeadline = v; return this; }
        public Builder noHeaderSupport(boolean v) { noHeaderSupport = v; return this; }
        public Builder debug(boolean v) { debug = v; return this; }
        public Builder trace(boolean v) { trace = v; return this; }
        public Builder logtime(boolean v) { logtime = v; return this; }
        public Builder logFile(Path v) { logFile = v; return this; }
        public Builder logSizeLimit(long v) { logSizeLimit = v; return this; }
        public Builder syslog(boolean v) { syslog = v; return this; }
        public Builder remoteSyslog(String v) { remoteSyslog = v; return this; }
        public Builder pidFile(Path v) { pidFile = v; return this; }
        public Builder portsFileDir(Path v) { portsFileDir = v; return this; }
        public Builder cluster(ClusterOptions v) { cluster = v == null ? ClusterOptions.NONE : v; return this; }
        /** Client TLS; null turns it off. */
        public Builder tls(TlsOptions v) { tls = v; return this; }
        public Builder allowNonTls(boolean v) { allowNonTls = v; return this; }
        public Builder websocket(WebsocketOptions v) { websocket = v == null ? WebsocketOptions.NONE : v; return this; }
        public Builder lameDuckDuration(Duration v) { lameDuckDuration = v; return this; }
        public Builder lameDuckGracePeriod(Duration v) { lameDuckGracePeriod = v; return this; }
        public Builder configFile(Path v) { configFile = v; return this; }
        public Builder ioThreads(int v) { ioThreads = v; return this; }

        public ClusterOptions cluster() { return cluster; }
        public TlsOptions tls() { return tls; }

        public ServerOptions build() {
            return new ServerOptions(this);
        }
    }
}
