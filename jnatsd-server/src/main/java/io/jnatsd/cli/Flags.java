package io.jnatsd.cli;

import io.jnatsd.config.ServerOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line, with nats-server's flag names. A field left null was not given, so the
 * config file's value (or the default) stands; flags override the file. Defaults are written
 * into the descriptions (from {@link ServerOptions}'s constants where it has one) rather than
 * given to picocli as defaultValue, which would make every field non-null.
 */
@Command(name = "jnatsd", sortOptions = false, usageHelpAutoWidth = true,
        description = "A NATS server for the JVM.",
        footer = {"", "Flags override the config file. Unknown nats-server flags are rejected; "
                + "flags jnatsd does not implement yet are accepted with a warning."})
final class Flags {

    // server
    @Option(names = {"-a", "--addr", "--net"}, paramLabel = "<host>", description = "Bind to host address (default: " + ServerOptions.DEFAULT_HOST + ")")
    String host;
    @Option(names = {"-p", "--port"}, paramLabel = "<port>", description = "Use port for clients (default: " + ServerOptions.DEFAULT_PORT + ")")
    Integer port;
    @Option(names = {"-n", "--name", "--server_name"}, paramLabel = "<server_name>", description = "Server name (default: auto)")
    String name;
    @Option(names = {"-P", "--pid"}, paramLabel = "<file>", description = "File to store PID")
    Path pidFile;
    @Option(names = {"-m", "--http_port"}, paramLabel = "<port>", description = "Use port for http monitoring (default: 0, off)")
    Integer httpPort;
    @Option(names = {"-ms", "--https_port"}, paramLabel = "<port>", description = "Use port for https monitoring (default: 0, off)")
    Integer httpsPort;
    @Option(names = {"-c", "--config"}, paramLabel = "<file>", description = "Configuration file")
    Path config;
    @Option(names = {"-t"}, description = "Test configuration and exit")
    boolean checkConfig;
    @Option(names = {"-sl", "--signal"}, paramLabel = "<signal>[=<pid>]",
            description = "Send signal to a running server (stop, quit, reopen, reload, ldm)")
    String signal;
    @Option(names = {"--client_advertise"}, paramLabel = "<string>", description = "Client URL to advertise to other servers")
    String clientAdvertise;
    @Option(names = {"--ports_file_dir"}, paramLabel = "<dir>", description = "Creates a ports file in the specified directory")
    Path portsFileDir;

    // logging
    @Option(names = {"-l", "--log"}, paramLabel = "<file>", description = "File to redirect log output (default: stderr)")
    Path logFile;
    @Option(names = {"-T", "--logtime"}, arity = "0..1", paramLabel = "<bool>", fallbackValue = "true",
            description = "Timestamp log entries (default: true)")
    Boolean logtime;
    @Option(names = {"-s", "--syslog"}, arity = "0..1", fallbackValue = "true", paramLabel = "<bool>",
            description = "Log to syslog (default: false)")
    Boolean syslog;
    @Option(names = {"-r", "--remote_syslog"}, paramLabel = "<addr>", description = "Syslog server addr (udp://localhost:514)")
    String remoteSyslog;
    @Option(names = {"-D", "--debug"}, arity = "0..1", fallbackValue = "true", paramLabel = "<bool>", description = "Enable debugging output (default: false)")
    Boolean debug;
    @Option(names = {"-V", "--trace"}, arity = "0..1", fallbackValue = "true", paramLabel = "<bool>", description = "Trace the raw protocol (default: false)")
    Boolean trace;
    @Option(names = {"-VV"}, description = "Verbose trace (same as -V in jnatsd)")
    boolean verboseTrace;
    @Option(names = {"-DV"}, description = "Debug and trace")
    boolean debugAndTrace;
    @Option(names = {"-DVV"}, description = "Debug and verbose trace")
    boolean debugAndVerboseTrace;
    @Option(names = {"--log_size_limit"}, paramLabel = "<limit>", description = "Logfile size limit in bytes (default: none)")
    Long logSizeLimit;

    // authorization
    @Option(names = {"--user"}, paramLabel = "<user>", description = "User required for connections")
    String user;
    @Option(names = {"--pass"}, paramLabel = "<password>", description = "Password required for connections")
    String pass;
    @Option(names = {"--auth"}, paramLabel = "<token>", description = "Authorization token required for connections")
    String auth;

    // cluster
    @Option(names = {"--routes"}, paramLabel = "<rurl-1, rurl-2>", description = "Routes to solicit and connect")
    String routes;
    @Option(names = {"--cluster", "--cluster_listen"}, paramLabel = "<cluster-url>", description = "Cluster URL for solicited routes")
    String cluster;
    @Option(names = {"--cluster_name"}, paramLabel = "<string>", description = "Cluster Name (default: generated at start)")
    String clusterName;
    @Option(names = {"--no_advertise"}, arity = "0..1", fallbackValue = "true", paramLabel = "<bool>",
            description = "Do not advertise known cluster information to clients (default: false)")
    Boolean noAdvertise;
    @Option(names = {"--cluster_advertise"}, paramLabel = "<string>", description = "Cluster URL to advertise to other servers")
    String clusterAdvertise;
    @Option(names = {"--connect_retries"}, paramLabel = "<number>", description = "For implicit routes, number of connect retries (default: 0)")
    Integer connectRetries;

    // TLS: any of these replaces the config file's tls block, as in nats-server (--tls=false removes it)
    @Option(names = {"--tls"}, arity = "0..1", fallbackValue = "true", paramLabel = "<bool>",
            description = "Enable TLS, do not verify clients (default: false)")
    Boolean tls;
    @Option(names = {"--tlscert"}, paramLabel = "<file>", description = "Server certificate file")
    Path tlsCert;
    @Option(names = {"--tlskey"}, paramLabel = "<file>", description = "Private key for server certificate")
    Path tlsKey;
    @Option(names = {"--tlsverify"}, arity = "0..1", fallbackValue = "true", paramLabel = "<bool>",
            description = "Enable TLS, verify client certificates (default: false)")
    Boolean tlsVerify;
    @Option(names = {"--tlscacert"}, paramLabel = "<file>", description = "Client certificate CA for verification")
    Path tlsCaCert;

    // not implemented yet: accepted with a warning, as tools pass them
    @Option(names = {"-js", "--jetstream"}, description = "JetStream (not supported by jnatsd yet: ignored with a warning)")
    boolean jetstream;
    @Option(names = {"-sd", "--store_dir"}, paramLabel = "<dir>", description = "JetStream storage directory (ignored)")
    String storeDir;
    @Option(names = {"--max_traced_msg_len"}, paramLabel = "<len>", description = "Maximum printable length for traced messages (ignored)")
    Integer maxTracedMsgLen;
    @Option(names = {"--profile"}, paramLabel = "<port>", description = "Profiling HTTP port (ignored)")
    Integer profile;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this message")
    boolean help;
    @Option(names = {"-v", "--version"}, versionHelp = true, description = "Show version")
    boolean version;

    /** Flags that were given but do nothing in jnatsd yet, for the start-up warning. */
    List<String> unsupportedGiven() {
        List<String> out = new ArrayList<>();
        if (jetstream) {
            out.add("-js (JetStream)");
        }
        if (storeDir != null) {
            out.add("-sd (JetStream store)");
        }
        if (maxTracedMsgLen != null) {
            out.add("--max_traced_msg_len");
        }
        if (profile != null) {
            out.add("--profile");
        }
        return out;
    }
}
