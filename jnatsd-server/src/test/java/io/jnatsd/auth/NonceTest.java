package io.jnatsd.auth;

import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NonceTest {

    @Test
    void fifteenUrlSafeBase64CharactersOfElevenRandomBytes() {
        for (int i = 0; i < 200; i++) {
            String n = Nonce.next();
            assertEquals(15, n.length(), n);
            assertTrue(n.matches("[A-Za-z0-9_-]{15}"), n);
            assertEquals(Nonce.RANDOM_BYTES, Base64.getUrlDecoder().decode(n).length);
        }
    }

    @Test
    void everyConnectionGetsItsOwn() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            assertTrue(seen.add(Nonce.next()), "88 random bits repeated");
        }
    }
}
