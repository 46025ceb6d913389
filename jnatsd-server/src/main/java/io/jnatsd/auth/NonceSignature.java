package io.jnatsd.auth;

import java.util.Base64;

/**
 * The {@code sig} of a CONNECT: the client's Ed25519 signature of its INFO nonce, in base64.
 * nats-server reads it as URL-safe base64 without padding (what the clients send) and, failing
 * that, as standard base64 with padding; so does {@link #decode}. Stateless.
 */
public final class NonceSignature {

    private NonceSignature() {
    }

    /** The signature's bytes, or null when {@code sig} is neither encoding. */
    public static byte[] decode(String sig) {
        if (sig == null) {
            return null;
        }
        // Java's decoders are lenient about padding where Go's are not: check it first.
        if (sig.indexOf('=') < 0) {
            try {
                return Base64.getUrlDecoder().decode(sig);
            } catch (IllegalArgumentException notUrlSafe) {
                // standard alphabet, perhaps
            }
        }
        if (sig.length() % 4 != 0) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(sig);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
