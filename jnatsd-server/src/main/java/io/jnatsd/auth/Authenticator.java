package io.jnatsd.auth;

import io.jnatsd.config.ServerOptions;

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

    public Authenticator(ServerOptions opts) {
        for (User u : opts.users()) {
            users.put(u.username(), u);
        }
        this.token = opts.authToken();
        this.username = opts.username();
        this.password = opts.password();
        this.required = opts.authRequired();
        this.noAuthUser = opts.noAuthUser();
        this.tlsMap = opts.tls() != null && opts.tls().verifyAndMap();
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
        return null; // only nkey users are configured and the client is none of them
    }
}
