package io.jnatsd.auth;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * The challenge INFO gives each client when nkey users are configured, which an nkey user signs
 * in CONNECT: 11 random bytes in URL-safe base64 without padding (15 characters), as
 * nats-server. The client signs the text itself, so {@link #next} returns it as text.
 *
 * <p>Thread-safe. The random source is made on first use, so servers without nkey users never
 * pay for seeding it.
 */
public final class Nonce {
    static final int RANDOM_BYTES = 11;
    private static final Base64.Encoder TEXT = Base64.getUrlEncoder().withoutPadding();

    private Nonce() {
    }

    /** A fresh nonce for one connection. */
    public static String next() {
        byte[] raw = new byte[RANDOM_BYTES];
        Source.RANDOM.nextBytes(raw);
        return TEXT.encodeToString(raw);
    }

    /** Holder: the class, and so the generator, is initialised by the first {@link #next}. */
    private static final class Source {
        static final SecureRandom RANDOM = new SecureRandom();
    }
}
