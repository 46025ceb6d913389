package io.jnatsd.protocol;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConnectReaderTest {

    private static ConnectOptions read(String json) {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        return ConnectReader.read(b, 0, b.length);
    }

    @Test
    void readsEveryField() {
        ConnectOptions o = read("{\"verbose\":false,\"pedantic\":true,\"tls_required\":false,\"auth_token\":\"t\","
                + "\"user\":\"u\",\"pass\":\"p\",\"name\":\"n\",\"lang\":\"java\",\"version\":\"2.26.1\",\"protocol\":1,"
                + "\"echo\":false,\"headers\":true,\"no_responders\":true}");
        assertNotNull(o);
        assertFalse(o.verbose);
        assertTrue(o.pedantic);
        assertEquals("t", o.authToken);
        assertEquals("u", o.user);
        assertEquals("p", o.pass);
        assertEquals("n", o.name);
        assertEquals("java", o.lang);
        assertEquals("2.26.1", o.version);
        assertEquals(1, o.protocol);
        assertFalse(o.echo);
        assertTrue(o.headers);
        assertTrue(o.noResponders);
    }

    @Test
    void emptyObjectKeepsTheDefaultsOfAClientBeforeConnect() {
        ConnectOptions o = read("{}");
        assertTrue(o.verbose);
        assertTrue(o.pedantic);
        assertTrue(o.echo);
        assertFalse(o.headers);
    }

    @Test
    void fieldNamesAreCaseInsensitiveAsInGo() {
        ConnectOptions o = read("{\"Verbose\":false,\"PEDANTIC\":false,\"User\":\"x\"}");
        assertFalse(o.verbose);
        assertFalse(o.pedantic);
        assertEquals("x", o.user);
    }

    @Test
    void unknownFieldsOfAnyShapeAreIgnored() {
        ConnectOptions o = read("{\"verbose\":false,\"foo\":\"bar\",\"nested\":{\"a\":[1,2,{\"b\":null}]},\"n\":1.5}");
        assertNotNull(o);
        assertFalse(o.verbose);
    }

    @Test
    void nullDocumentMeansNoChange() {
        assertTrue(read("null").verbose);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"verbose\":true,", "{\"verbose\":\"false\"}", "{\"protocol\":\"1\"}",
            "{\"user\":1}", "[]", "\"x\"", "{} {}", "", "{\"echo\":1}", "{\"protocol\":1.5}"})
    void invalidDocumentsAreRefused(String json) {
        assertNull(read(json));
    }

    @Test
    void deeplyNestedUnknownFieldsAreRefusedNotRecursedInto() {
        assertNull(read("{\"a\":" + "[".repeat(100) + "]".repeat(100) + "}"));
    }
}
