package io.jnatsd.auth;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Decoding public user nkeys and checking signatures. The fixed key and signature were made by
 * jnats's own nkey code (an implementation independent of jnatsd's), from a fixed seed; Ed25519
 * signatures are deterministic, so they never change.
 */
class NKeyTest {
    static final String SEED = "SUAEF3CX4R4IRXQJJVASZFKXN7NZNBCXKNZZUNUCIFKELLUZWZVJ2U4LJQ";
    static final String USER = "UDRVPVRUUUOEXSWUO2H4D5CWNVRAMGDBQ2E4G7OLAFYHX6CBBSOEACEO";
    static final String OTHER_USER = "UBTDN3KADORZRYFLDQNQUMXUX2PLYP72W3D755KDPX6M7O4Q3REK4JDI";
    static final String ACCOUNT = "AA44E7SLVZGFRBHMYDURXFQIITGD46UG4ZPC5ZKYSFRMJ6C6NPFEWO4X";
    static final byte[] MESSAGE = "nonce-0123456789".getBytes(StandardCharsets.US_ASCII);
    /** USER's signature of MESSAGE, URL-safe base64 without padding. */
    static final String SIGNATURE =
            "9ufKsVHpgFQseA7NIAYjGP1mZuS4QrRvCYY7f8SxP05iTpGXZ_O61qskYZgSU73NgV7HffyBqsGI33hoUl8yDQ";

    private static byte[] signature() {
        return Base64.getUrlDecoder().decode(SIGNATURE);
    }

    @Test
    void crc16IsXmodem() {
        // the standard check value of CRC-16/XMODEM
        assertEquals(0x31C3, NKey.crc16("123456789".getBytes(StandardCharsets.US_ASCII), 9));
    }

    @Test
    void validUserKeyDecodesAndKeepsItsText() {
        NKey k = NKey.parseUser(USER);
        assertEquals(USER, k.encoded());
        assertEquals(USER, k.toString());
        assertEquals(NKey.parseUser(USER), k);
        assertNotEquals(NKey.parseUser(OTHER_USER), k);
    }

    @Test
    void signatureOfTheMessageVerifies() {
        assertTrue(NKey.parseUser(USER).verify(MESSAGE, signature()));
    }

    @Test
    void signatureOfAnotherMessageOrByAnotherKeyDoesNot() {
        assertFalse(NKey.parseUser(USER).verify("nonce-0123456788".getBytes(StandardCharsets.US_ASCII), signature()));
        assertFalse(NKey.parseUser(OTHER_USER).verify(MESSAGE, signature()));
    }

    @Test
    void alteredOrTruncatedSignatureDoesNotVerify() {
        NKey k = NKey.parseUser(USER);
        for (int i = 0; i < NKey.SIGNATURE_BYTES; i += 7) {
            byte[] sig = signature();
            sig[i] ^= 1;
            assertFalse(k.verify(MESSAGE, sig), "bit flipped in byte " + i);
        }
        byte[] highS = signature();
        highS[63] |= (byte) 0xE0; // S out of range: Go's verifier refuses it outright
        assertFalse(k.verify(MESSAGE, highS));
        byte[] sig = signature();
        assertFalse(k.verify(MESSAGE, java.util.Arrays.copyOf(sig, 63)));
        assertFalse(k.verify(MESSAGE, java.util.Arrays.copyOf(sig, 65)));
        assertFalse(k.verify(MESSAGE, new byte[0]));
        assertFalse(k.verify(MESSAGE, null));
    }

    @Test
    void keysMadeByJnatsVerifyJnatsSignatures() throws Exception {
        for (int i = 0; i < 5; i++) {
            io.nats.client.NKey client = io.nats.client.NKey.createUser(null);
            NKey k = NKey.parseUser(new String(client.getPublicKey()));
            byte[] nonce = Nonce.next().getBytes(StandardCharsets.US_ASCII);
            assertTrue(k.verify(nonce, client.sign(nonce)));
        }
    }

    @Test
    void wrongPrefixIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NKey.parseUser(ACCOUNT));
        assertEquals("not a user key (prefix A)", e.getMessage());
        // the seed is a valid nkey too, of another kind and length
        assertThrows(IllegalArgumentException.class, () -> NKey.parseUser(SEED));
    }

    @Test
    void operatorAndServerKeysAreRefusedForTheirPrefix() {
        assertEquals("not a user key (prefix O)", assertThrows(IllegalArgumentException.class,
                () -> NKey.parseUser(encode(14 << 3, new byte[NKey.KEY_BYTES]))).getMessage());
        assertEquals("not a user key (prefix N)", assertThrows(IllegalArgumentException.class,
                () -> NKey.parseUser(encode(13 << 3, new byte[NKey.KEY_BYTES]))).getMessage());
    }

    @Test
    void badChecksumIsRefused() {
        // last character changed: the CRC no longer matches
        String bad = USER.substring(0, 55) + (USER.charAt(55) == 'O' ? 'P' : 'O');
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NKey.parseUser(bad));
        assertEquals("checksum mismatch", e.getMessage());
        // a key character changed
        String bad2 = USER.substring(0, 10) + (USER.charAt(10) == 'A' ? 'B' : 'A') + USER.substring(11);
        assertEquals("checksum mismatch",
                assertThrows(IllegalArgumentException.class, () -> NKey.parseUser(bad2)).getMessage());
    }

    @Test
    void badBase32IsRefused() {
        for (String bad : new String[] {
                "u" + USER.substring(1),            // lower case
                USER.substring(0, 20) + "1" + USER.substring(21), // '1' is not in the alphabet
                USER.substring(0, 20) + "0" + USER.substring(21),
                USER.substring(0, 20) + " " + USER.substring(21),
                USER.substring(0, 55) + "="}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NKey.parseUser(bad), bad);
            assertTrue(e.getMessage().startsWith("not base32: "), e.getMessage());
        }
    }

    @Test
    void wrongLengthIsRefusedEvenWithAValidChecksum() {
        String shortKey = encode(NKey.USER_PREFIX, new byte[31]);
        String longKey = encode(NKey.USER_PREFIX, new byte[33]);
        assertTrue(shortKey.startsWith("U") && longKey.startsWith("U"));
        assertThrows(IllegalArgumentException.class, () -> NKey.parseUser(shortKey));
        assertThrows(IllegalArgumentException.class, () -> NKey.parseUser(longKey));
        // nats-server ignores a trailing character here (a Go decoder quirk); jnatsd does not
        assertThrows(IllegalArgumentException.class, () -> NKey.parseUser(USER + "X"));
        assertThrows(IllegalArgumentException.class, () -> NKey.parseUser(USER.substring(0, 55)));
        assertThrows(IllegalArgumentException.class, () -> NKey.parseUser(""));
        assertThrows(IllegalArgumentException.class, () -> NKey.parseUser(null));
    }

    @Test
    void anyThirtyTwoBytesAreAKeyThatVerifiesNothingItDidNotSign() {
        // nats-server accepts any 32 bytes in the config; points off the curve just verify nothing
        java.util.Random random = new java.util.Random(42);
        List<byte[]> raws = new java.util.ArrayList<>(List.of(new byte[32], filled((byte) 0xff), filled((byte) 0x7f)));
        for (int i = 0; i < 200; i++) {
            byte[] r = new byte[32];
            random.nextBytes(r);
            raws.add(r);
        }
        for (byte[] raw : raws) {
            NKey k = NKey.parseUser(encode(NKey.USER_PREFIX, raw));
            assertFalse(k.verify(MESSAGE, signature()));
        }
    }

    @Test
    void arbitrarySignatureBytesAreRefusedWithoutAnException() {
        NKey k = NKey.parseUser(USER);
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 2000; i++) {
            byte[] sig = new byte[NKey.SIGNATURE_BYTES];
            random.nextBytes(sig);
            if (i % 2 == 0) {
                sig[63] &= 0x0f; // S in range, so the check goes as far as decoding R
            }
            assertFalse(k.verify(MESSAGE, sig));
        }
        assertFalse(k.verify(MESSAGE, filled64((byte) 0xff)));
        assertFalse(k.verify(MESSAGE, new byte[NKey.SIGNATURE_BYTES]));
    }

    private static byte[] filled64(byte b) {
        byte[] out = new byte[NKey.SIGNATURE_BYTES];
        java.util.Arrays.fill(out, b);
        return out;
    }

    private static byte[] filled(byte b) {
        byte[] out = new byte[32];
        java.util.Arrays.fill(out, b);
        return out;
    }

    @Test
    void ourTestEncoderAgreesWithJnats() throws Exception {
        byte[] raw = new byte[NKey.KEY_BYTES];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = (byte) (i * 7 + 3);
        }
        String ours = encode(NKey.USER_PREFIX, raw);
        assertEquals(ours, NKey.parseUser(ours).encoded());
        // jnats checks the checksum when it reads a public key, and writes it back the same
        assertEquals(ours, new String(io.nats.client.NKey.fromPublicKey(ours.toCharArray()).getPublicKey()));
    }

    /** Encodes prefix + payload + CRC in base32 without padding, for keys jnats would not make. */
    static String encode(int prefix, byte[] payload) {
        byte[] raw = new byte[payload.length + 3];
        raw[0] = (byte) prefix;
        System.arraycopy(payload, 0, raw, 1, payload.length);
        int crc = NKey.crc16(raw, payload.length + 1);
        raw[payload.length + 1] = (byte) crc;
        raw[payload.length + 2] = (byte) (crc >> 8);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        StringBuilder out = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        for (byte b : raw) {
            buffer = buffer << 8 | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                bits -= 5;
                out.append(alphabet.charAt((buffer >> bits) & 31));
            }
        }
        if (bits > 0) {
            out.append(alphabet.charAt((buffer << (5 - bits)) & 31));
        }
        return out.toString();
    }
}
