package io.jnatsd.auth;

import org.junit.jupiter.api.Test;

import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The encodings of CONNECT's {@code sig} that nats-server accepts, and those it does not. */
class NonceSignatureTest {
    /** Bytes whose base64 has both URL-specific characters ('-', '_') and standard ones ('+', '/'). */
    private static final byte[] BYTES = {(byte) 0xfb, (byte) 0xff, (byte) 0xbf, 1, 2};

    @Test
    void urlSafeWithoutPaddingAsClientsSendIt() {
        String sig = Base64.getUrlEncoder().withoutPadding().encodeToString(BYTES);
        assertTrue(sig.contains("-") || sig.contains("_"), sig);
        assertArrayEquals(BYTES, NonceSignature.decode(sig));
    }

    @Test
    void standardWithPaddingAsTheFallback() {
        String sig = Base64.getEncoder().encodeToString(BYTES);
        assertTrue(sig.contains("+") || sig.contains("/"), sig);
        assertTrue(sig.endsWith("="), sig);
        assertArrayEquals(BYTES, NonceSignature.decode(sig));
    }

    @Test
    void theFixedSignatureDecodesToSixtyFourBytes() {
        assertArrayEquals(Base64.getUrlDecoder().decode(NKeyTest.SIGNATURE), NonceSignature.decode(NKeyTest.SIGNATURE));
        String std = Base64.getEncoder().encodeToString(Base64.getUrlDecoder().decode(NKeyTest.SIGNATURE));
        assertArrayEquals(Base64.getUrlDecoder().decode(NKeyTest.SIGNATURE), NonceSignature.decode(std));
    }

    @Test
    void whatGoRefusesIsRefused() {
        // URL-safe alphabet with padding: raw URL decoding refuses '=', standard refuses '-' and '_'
        assertNull(NonceSignature.decode(Base64.getUrlEncoder().encodeToString(BYTES)));
        // standard alphabet without padding
        assertNull(NonceSignature.decode(Base64.getEncoder().withoutPadding().encodeToString(BYTES)));
        assertNull(NonceSignature.decode("not base64!"));
        assertNull(NonceSignature.decode("A"));
        assertNull(NonceSignature.decode("AB=C"));
        assertNull(NonceSignature.decode(null));
    }
}
