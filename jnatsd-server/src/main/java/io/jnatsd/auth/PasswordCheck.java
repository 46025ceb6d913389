package io.jnatsd.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Compares a client's secret with a configured one, clear text or bcrypt hash. */
public final class PasswordCheck {
    private PasswordCheck() {
    }

    /** nats-server treats a configured secret starting with "$2" as a bcrypt hash. */
    public static boolean isBcrypt(String configured) {
        return configured != null && configured.startsWith("$2");
    }

    public static boolean matches(String configured, String given) {
        if (configured == null || given == null) {
            return false;
        }
        if (isBcrypt(configured)) {
            try {
                return BCrypt.verifyer().verify(given.getBytes(StandardCharsets.UTF_8),
                        configured.getBytes(StandardCharsets.UTF_8)).verified;
            } catch (RuntimeException e) {
                return false; // a malformed hash matches nothing
            }
        }
        // constant time, so the comparison does not leak the secret's prefix
        return MessageDigest.isEqual(configured.getBytes(StandardCharsets.UTF_8),
                given.getBytes(StandardCharsets.UTF_8));
    }
}
