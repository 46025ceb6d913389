package io.jnatsd.auth;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;

/**
 * A user's public nkey: the text form ("U" then 55 more characters) and the Ed25519 key it
 * carries, which checks the signature a client sends in CONNECT.
 *
 * <p>The text is base32 (RFC 4648 alphabet, upper case, no padding) of 35 bytes: a prefix byte
 * naming the key's role (users: 20 &lt;&lt; 3, which is why they start with "U"), the 32-byte
 * Ed25519 public key, and a CRC-16 (XMODEM: polynomial 0x1021, initial value 0, little-endian)
 * of the 33 bytes before it.
 *
 * <p>Immutable and thread-safe: {@link #verify} makes its own {@link Signature}.
 */
public final class NKey {

    /** The prefix byte of user keys. */
    static final int USER_PREFIX = 20 << 3;
    /** Characters of a public key: 35 bytes in base32. */
    static final int ENCODED_LENGTH = 56;
    static final int KEY_BYTES = 32;
    static final int SIGNATURE_BYTES = 64;

    private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    /** DER header of an X.509 SubjectPublicKeyInfo for Ed25519 (RFC 8410), the raw key follows. */
    private static final byte[] X509_ED25519_HEADER = {
            0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

    private final String encoded;
    private final PublicKey key;

    private NKey(String encoded, PublicKey key) {
        this.encoded = encoded;
        this.key = key;
    }

    /**
     * Decodes a user's public key.
     *
     * @throws IllegalArgumentException when {@code encoded} is not one, the message saying why
     */
    public static NKey parseUser(String encoded) {
        if (encoded == null) {
            throw new IllegalArgumentException("no key");
        }
        if (encoded.length() != ENCODED_LENGTH) {
            throw new IllegalArgumentException("a public key has " + ENCODED_LENGTH + " characters, not "
                    + encoded.length());
        }
        byte[] raw = base32(encoded);
        int payload = raw.length - 2;
        int expected = (raw[payload] & 0xff) | (raw[payload + 1] & 0xff) << 8;
        if (crc16(raw, payload) != expected) {
            throw new IllegalArgumentException("checksum mismatch");
        }
        if ((raw[0] & 0xff) != USER_PREFIX) {
            throw new IllegalArgumentException("not a user key (prefix " + encoded.charAt(0) + ")");
        }
        byte[] der = new byte[X509_ED25519_HEADER.length + KEY_BYTES];
        System.arraycopy(X509_ED25519_HEADER, 0, der, 0, X509_ED25519_HEADER.length);
        System.arraycopy(raw, 1, der, X509_ED25519_HEADER.length, KEY_BYTES);
        try {
            return new NKey(encoded, KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der)));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 public key: " + e.getMessage(), e);
        }
    }

    /** Whether {@code signature} is this key's Ed25519 signature of {@code message}. */
    public boolean verify(byte[] message, byte[] signature) {
        if (signature == null || signature.length != SIGNATURE_BYTES) {
            return false;
        }
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(message);
            return s.verify(signature);
        } catch (GeneralSecurityException e) {
            return false; // e.g. 32 bytes that are no point of the curve: nothing verifies
        }
    }

    /** The text form, as configured and as clients send it. */
    public String encoded() {
        return encoded;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NKey k && k.encoded.equals(encoded);
    }

    @Override
    public int hashCode() {
        return encoded.hashCode();
    }

    @Override
    public String toString() {
        return encoded;
    }

    /** Decodes unpadded base32 whose length is a whole number of bytes (56 characters: 35 bytes). */
    private static byte[] base32(String s) {
        byte[] out = new byte[s.length() * 5 / 8];
        int buffer = 0;
        int bits = 0;
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            int v = BASE32.indexOf(s.charAt(i));
            if (v < 0) {
                throw new IllegalArgumentException("not base32: '" + s.charAt(i) + "' at " + i);
            }
            buffer = buffer << 5 | v;
            bits += 5;
            if (bits >= 8) {
                bits -= 8;
                out[n++] = (byte) (buffer >> bits);
                buffer &= (1 << bits) - 1;
            }
        }
        return out;
    }

    /** CRC-16/XMODEM of the first {@code len} bytes. */
    static int crc16(byte[] data, int len) {
        int crc = 0;
        for (int i = 0; i < len; i++) {
            crc ^= (data[i] & 0xff) << 8;
            for (int b = 0; b < 8; b++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
            crc &= 0xffff;
        }
        return crc;
    }
}
