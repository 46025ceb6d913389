package io.jnatsd.auth;

import io.jnatsd.config.ServerOptions;
import io.jnatsd.config.WebsocketOptions;

import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Decides whether a CONNECT's credentials are acceptable, in nats-server's order: an nkey (when
 * nkey users are configured and the client names one), then the users list, then a token, then
 * the single user/password. Immutable and thread-safe; a config reload builds a new one.
 */
public final class Authenticator {

    /** The outcome of a successful check: who the client is and what it may do. */
    public record Identity(String user, Permissions permissions) {
        static final Identity ANONYMOUS = new Identity(null, Permissions.NONE);
    }

    /**
     * What a client presents in CONNECT; any part may be null. {@code sig} is its signature of
     * the nonce its INFO carried, for an nkey user.
     */
    public record Credentials(String user, String pass, String token, String nkey, String sig) {
    }

    private static final byte[] NO_NONCE = new byte[0];

    private final Map<String, User> users = new HashMap<>();
    private final Map<String, NKeyUser> nkeys = new HashMap<>();
    private final String token;
    private final String username;
    private final String password;
    private final boolean required;
    private final String noAuthUser;
    private final boolean tlsMap;

    /** The authorization of clients of the client port: the top-level settings. */
    public Authenticator(ServerOptions opts) {
        this(opts.users(), opts.nkeys(), opts.authToken(), opts.username(), opts.password(), opts.authRequired(),
                opts.noAuthUser(), opts.tls() != null && opts.tls().verifyAndMap());
    }

    private Authenticator(java.util.List<User> users, java.util.List<NKeyUser> nkeys, String token, String username, String password, boolean required,
                          String noAuthUser, boolean tlsMap) {
        for (User u : users) {
            this.users.put(u.username(), u);
        }
        for (NKeyUser u : nkeys) {
            this.nkeys.put(u.publicKey().encoded(), u);
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
            return new Authenticator(opts.users(), opts.nkeys(), ws.token(), ws.username(), ws.password(), true,
                    ws.noAuthUser(), tlsMap);
        }
        return new Authenticator(opts.users(), opts.nkeys(), opts.authToken(), opts.username(), opts.password(),
                opts.authRequired(), opts.noAuthUser(), tlsMap);
    }

    /** Whether users come from client certificates ({@code verify_and_map} with a users list). */
    public boolean mapsCertificates() {
        return required && tlsMap && !users.isEmpty();
    }

    public boolean required() {
        return required;
    }

    /** Whether clients get a nonce in INFO: exactly when nkey users are configured, as in nats-server. */
    public boolean requiresNonce() {
        return !nkeys.isEmpty();
    }

    /** Whether nkey users are configured: nats-server's log line for a refusal then names the nkey. */
    public boolean hasNkeyUsers() {
        return !nkeys.isEmpty();
    }

    /** Whether a users list with names is configured: a refusal's log line then names the user. */
    public boolean hasUsers() {
        return !users.isEmpty();
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

    /** As {@link #authenticate(Credentials, byte[], X509Certificate, Consumer)} for a client without an nkey. */
    public Identity authenticate(String user, String pass, String authToken, X509Certificate peer) {
        return authenticate(new Credentials(user, pass, authToken, null, null), null, peer, why -> { });
    }

    /**
     * Checks a client's credentials.
     *
     * <p>An nkey user is the client whose {@code nkey} is configured and whose {@code sig} is that
     * key's signature of {@code nonce}; such a client is not checked otherwise. With
     * {@code verify_and_map} and a users list, the user is the one the client's verified
     * certificate {@code peer} maps to (see {@link CertificateMapping}) and the CONNECT's
     * user/password are not looked at, as in nats-server.
     *
     * @param nonce the nonce this client's INFO carried (its ASCII bytes), null when it had none
     * @param peer  the client's verified certificate, null when it presented none
     * @param debug told why an nkey user was refused, in nats-server's debug words
     * @return the identity, or null when the client is refused
     */
    public Identity authenticate(Credentials c, byte[] nonce, X509Certificate peer, Consumer<String> debug) {
        if (!required) {
            return Identity.ANONYMOUS;
        }
        if (!nkeys.isEmpty() && c.nkey() != null && !c.nkey().isEmpty()) {
            NKeyUser u = nkeys.get(c.nkey());
            if (u == null || !signedNonce(u.publicKey(), c.sig(), nonce, debug)) {
                return null;
            }
            return new Identity(null, u.permissions());
        }
        if (mapsCertificates()) {
            User u = CertificateMapping.find(peer, users);
            return u == null ? null : new Identity(u.username(), u.permissions());
        }
        return byPassword(c.user(), c.pass(), c.token());
    }

    private static boolean signedNonce(NKey key, String sig, byte[] nonce, Consumer<String> debug) {
        if (sig == null || sig.isEmpty()) {
            debug.accept("Signature missing");
            return false;
        }
        byte[] raw = NonceSignature.decode(sig);
        if (raw == null) {
            debug.accept("Signature not valid base64");
            return false;
        }
        if (!key.verify(nonce == null ? NO_NONCE : nonce, raw)) {
            debug.accept("Signature not verified");
            return false;
        }
        return true;
    }

    private Identity byPassword(String user, String pass, String authToken) {
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
