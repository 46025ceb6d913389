package io.jnatsd.sublist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SubjectsTest {

    /** Pads the subject so the bytes forms must honour off/len. */
    private static boolean literalBytes(String s) {
        byte[] b = ("..*" + s + ">..").getBytes(StandardCharsets.UTF_8);
        return Subjects.isValidLiteral(b, 3, b.length - 6);
    }

    private static boolean subscribeBytes(String s) {
        byte[] b = (".>" + s + ".>.").getBytes(StandardCharsets.UTF_8);
        return Subjects.isValidSubscribe(b, 2, b.length - 5);
    }

    @ParameterizedTest(name = "isValidLiteral(\"{0}\") == {1}")
    @CsvSource(delimiter = '|', value = {
        "foo|true", "foo.bar|true", "''|false", ".|false", ".foo|false", "foo.|false", "foo..bar|false",
        "foo.bar.*|false", "foo.bar.>|false", "*|false", ">|false", "foo.*.bar|false",
        // wildcard characters that are not whole tokens are literal
        "foo*|true", "foo**|true", "foo.**|true", "foo*bar|true", "foo.*bar|true", "foo*.bar|true",
        "*bar|true", "foo>|true", "foo>>|true", "foo.>>|true", "foo>bar|true", "foo.>bar|true",
        "foo>.bar|true", ">bar|true", "ünï.cødé|true",
    })
    void isValidLiteralAcceptsOnlyWholeNonWildcardTokens(String subject, boolean valid) {
        assertEquals(valid, Subjects.isValidLiteral(subject));
        assertEquals(valid, literalBytes(subject));
    }

    @ParameterizedTest(name = "isValidSubscribe(\"{0}\") == {1}")
    @CsvSource(delimiter = '|', value = {
        "''|false", ".|false", ".foo|false", "foo.|false", "foo..bar|false", "foo.bar..baz|false",
        ">.bar|false", "foo.>.bar|false", "foo.>.>|false",
        "foo|true", "foo.bar.*|true", "foo.bar.>|true", "*|true", ">|true", "*.>|true", "*.*|true",
        "foo*|true", "foo**|true", "foo.**|true", "foo*bar|true", "foo.*bar|true", "foo*.bar|true",
        "*bar|true", "foo>|true", "foo.>>|true", "foo>bar|true", "foo.>bar|true", "foo>.bar|true",
        ">bar|true", ">bar.baz|true", "ünï.*.cødé|true",
    })
    void isValidSubscribeAllowsWildcardsButNoEmptyTokenAndFullWildcardLast(String subject, boolean valid) {
        assertEquals(valid, Subjects.isValidSubscribe(subject));
        assertEquals(valid, subscribeBytes(subject));
    }

    @Test
    void nullIsNeverValid() {
        assertEquals(false, Subjects.isValidSubscribe(null));
        assertEquals(false, Subjects.isValidLiteral(null));
    }

    @ParameterizedTest(name = "isLiteral(\"{0}\") == {1}")
    @CsvSource(delimiter = '|', value = {
        "foo|true", "foo.bar|true", "foo*.bar|true", "foo.>bar|true", "*|false", ">|false", "foo.*|false",
        "foo.>|false", "foo.*.>|false", "foo.*.bar|false", "foo.bar.>|false", "*.foo|false",
    })
    void isLiteralIsFalseOnlyForWholeWildcardTokens(String subject, boolean literal) {
        assertEquals(literal, Subjects.isLiteral(subject));
        assertEquals(!literal, Subjects.hasWildcard(subject));
    }

    /** nats-server's matchLiteral table (argument order swapped: pattern first). */
    @ParameterizedTest(name = "matches(\"{0}\", \"{1}\") == {2}")
    @CsvSource(delimiter = '|', value = {
        "foo|foo|true", "bar|foo|false", "*|foo|true", ">|foo|true", ">|foo.bar|true",
        "foo.>|foo.bar|true", "bar.>|foo.bar|false", "stats.>|stats.test.22|true",
        "stats.*.*|stats.test.22|true", "foo|foo.bar|false", "stats.test.foos|stats.test.foos|true",
        "stats.test.foo|stats.test.foos|false", "stats.test.*|stats.test|false", "stats.*|stats.test.foos|false",
        "stats.*.*.foos|stats.test.foos|false", "foo.>|foo|false", "*|foo.bar|false", "*.*|foo|false",
        "foo.*.baz|foo.bar.baz|true", "foo.*.baz|foo.bar.qux|false",
        // wildcard characters that are not whole tokens compare as text
        "*bar|*bar|true", "foo*|foo*|true", "foo*|foo|false", "foo*|foox|false", "foo*bar|foo*bar|true",
        "foo.***.bar|foo.***.bar|true", ">bar|>bar|true", "foo>|foo>|true", "foo>bar|foo>bar|true",
        "foo.>>>.bar|foo.>>>.bar|true", "foo.*-|foo.bar|false", "foo.>-|foo.bar|false",
        // a '>' that is not last is a literal token
        "foo.>.bar|foo.x.bar|false", "foo.>.bar|foo.>.bar|true",
        "é.*|é.ü|true", "é.*|e.ü|false",
    })
    void matchesFollowsWildcardRules(String pattern, String literal, boolean expected) {
        assertEquals(expected, Subjects.matches(pattern, literal));
    }

    @Test
    void tokenizeSplitsOnDotsAndRejectsEmptyTokens() {
        assertArrayEquals(new String[] {"foo"}, Subjects.tokenize("foo"));
        assertArrayEquals(new String[] {"a", "*", ">"}, Subjects.tokenize("a.*.>"));
        for (String bad : new String[] {"", ".", ".foo", "foo.", "foo..bar", "..foo", "foo..."}) {
            assertNull(Subjects.tokenize(bad), bad);
        }
    }

    @Test
    void decodeIsUtf8() {
        byte[] b = "xxprésence.ñyy".getBytes(StandardCharsets.UTF_8);
        assertEquals("présence.ñ", Subjects.decode(b, 2, b.length - 4));
    }

    @org.junit.jupiter.api.Test
    void decodingIsOneToOneEvenForInvalidUtf8() {
        byte[] fe = {'a', '.', (byte) 0xfe};
        byte[] ff = {'a', '.', (byte) 0xff};
        String a = Subjects.decode(fe, 0, fe.length);
        String b = Subjects.decode(ff, 0, ff.length);
        org.junit.jupiter.api.Assertions.assertNotEquals(a, b);
        org.junit.jupiter.api.Assertions.assertArrayEquals(fe, Subjects.encode(a));
        org.junit.jupiter.api.Assertions.assertArrayEquals(ff, Subjects.encode(b));
    }

    @org.junit.jupiter.api.Test
    void validUtf8DecodesToItsText() {
        byte[] utf8 = "caf\u00e9.\u65e5\u672c".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String s = Subjects.decode(utf8, 0, utf8.length);
        org.junit.jupiter.api.Assertions.assertEquals("caf\u00e9.\u65e5\u672c", s);
        org.junit.jupiter.api.Assertions.assertArrayEquals(utf8, Subjects.encode(s));
        byte[] mixed = {(byte) 0xc3, (byte) 0xa9, (byte) 0xc3, '.', (byte) 0x80};
        org.junit.jupiter.api.Assertions.assertArrayEquals(mixed,
                Subjects.encode(Subjects.decode(mixed, 0, mixed.length)));
    }
}
