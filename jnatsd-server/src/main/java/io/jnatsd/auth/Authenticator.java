package io.jnatsd.auth;

import io.jnatsd.config.ServerOptions;
import io.jnatsd.config.WebsocketOptions;

import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.Map;

/**
 * Decides whether a CONNECT's credentials are acceptable, in nats-server's order:
 * the users list, then a token, then the single user/password. Immutable; a config
 * reload builds a new one.
 */
public final class Authenticator {

    /** The outcome of a successful check: who the client is and what it may do. */
    public record Identity(String user, Permissions permissions) {
        static final Identity ANONYMOUS = new Identity(null, Permissions.NONE);
    }

    private final Map<String, User> users = new HashMap<>();
    private final String token;
    private final String username;
    private final String password;
    private final boolean required;
    private final String noAuthUser;
    private final boolean tlsMap;

    /** The authorization of clients of the client port: the top-level settings. */
    public Authenticator(ServerOptions opts) {
        this(opts.users(), opts.authToken(), opts.username(), opts.password(), opts.authRequired(), opts.noAuthUser(),
                opts.tls() != null && opts.tls().verifyAndMap());
    }

    private Authenticator(java.util.List<User> users, String token, String username, String password, boolean required,
                          String noAuthUser, boolean tlsMap) {
        for (User u : users) {
            this.users.put(u.username(), u);
        }
        this.token = token;
        this.username = username;
        this.password = password;
        this.required = required;
        this.noAuthUser = noAuthUser;
        this.tlsMap = tlsMap;
    }

    /**
     * The authorization of websocket clients, as nats-server's: the users list is shared, but when
     * the websocket block has a user, token or no_auth_user of its own, those replace the
     * top-level user/password, token and no_auth_user, and authentication is required even if
     * the top level asks for none. Certificates map to users with the websocket TLS block's
     * {@code verify_and_map}.
     */
    public static Authenticator forWebsocket(ServerOptions opts) {
        WebsocketOptions ws = opts.websocket();
        boolean tlsMap = ws.tls() != null && ws.tls().verifyAndMap();
        if (ws.authOverride()) {
            return new Authenticator(opts.users(), ws.token(), ws.username(), ws.password(), true, ws.noAuthUser(),
                    tlsMap);
        }
        return new Authenticator(opts.users(), opts.authToken(), opts.username(), opts.password(), opts.authRequired(),
                opts.noAuthUser(), tlsMap);
    }

    /** Whether users come from client certificates ({@code verify_and_map} with a users list). */
    public boolean mapsCertificates() {
        return required && tlsMap && !users.isEmpty();
    }

    public boolean required() {
        return required;
    }

    /**
     * The identity of a client that connects without credentials when {@code no_auth_user}
     * names a configured user, else null. Such clients may skip CONNECT, and INFO does not
     * ask them to authenticate, as in nats-server.
     */
    public Identity noAuthIdentity() {
        if (!required || noAuthUser == null || users.isEmpty()) {
            return null;
        }
        User u = users.get(noAuthUser);
        return u == null ? null : new Identity(u.username(), u.permissions());
    }

    /**
     * As {@link #authenticate(String, String, String)}, with the client's verified certificate
     * (null when it presented none). With {@code verify_and_map} and a users list, the user is
     * the one the certificate maps to (see {@link CertificateMapping}) and the CONNECT's
     * user/password are not looked at, as in nats-server.
     *
     * @return the identity, or null when the client is refused
     */
    public Identity authenticate(String user, String pass, String authToken, X509Certificate peer) {
        if (mapsCertificates()) {
            User u = CertificateMapping.find(peer, users);
            return u == null ? null : new Identity(u.username(), u.permissions());
        }
        return authenticate(user, pass, authToken);
    }

    /**
     * @return the identity, or null when the credentials are refused
     */
    public Identity authenticate(String user, String pass, String authToken) {
        if (!required) {
            return Identity.ANONYMOUS;
        }
        if (!users.isEmpty()) {
            if (user == null || user.isEmpty()) {
                if (noAuthUser != null && authToken == null) {
                    User u = users.get(noAuthUser);
                    return u == null ? null : new Identity(u.username(), u.permissions());
                }
                return null;
            }
            User u = users.get(user);
            if (u == null || !PasswordCheck.matches(u.password(), pass)) {
                return null;
            }
            return new Identity(u.username(), u.permissions());
        }
        if (token != null) {
            return PasswordCheck.matches(token, authToken) ? Identity.ANONYMOUS : null;
        }
        if (username != null) {
            if (!username.equals(user) || !PasswordCheck.matches(password, pass)) {
                return null;
            }
            return new Identity(username, Permissions.NONE);
        }
        return Identity.ANONYMOUS;
    }
}
