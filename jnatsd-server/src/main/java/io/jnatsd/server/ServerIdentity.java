package io.jnatsd.server;

import java.security.SecureRandom;

/**
 * Makes server ids in the form nats-server uses: 'N' followed by 55 base32 characters,
 * the look of an nkey public key (clients only compare them).
 */
final class ServerIdentity {
    private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();
    private static final int LENGTH = 56;

    private ServerIdentity() {
    }

    static String newServerId() {
        SecureRandom rnd = new SecureRandom();
        char[] id = new char[LENGTH];
        id[0] = 'N';
        for (int i = 1; i < LENGTH; i++) {
            id[i] = BASE32[rnd.nextInt(BASE32.length)];
        }
        return new String(id);
    }
}
