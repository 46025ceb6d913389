package io.jnatsd.monitor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Query values are read with Go's strconv rules and nats-server's error texts. */
class HttpQueryTest {

    private static HttpQuery query(String name, String value) {
        return new HttpQuery(Map.of(name, List.of(value)));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"1", "t", "T", "true", "TRUE", "True"})
    void goTrueForms(String v) {
        HttpQuery q = query("subs", v);
        assertEquals(true, q.bool("subs"));
        assertNull(q.error());
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {"", "0", "f", "F", "false", "FALSE", "False"})
    void goFalseForms(String v) {
        HttpQuery q = query("subs", v);
        assertEquals(false, q.bool("subs"));
        assertNull(q.error());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "yes|Error decoding boolean for 'auth': strconv.ParseBool: parsing \"yes\": invalid syntax",
        "tRuE|Error decoding boolean for 'auth': strconv.ParseBool: parsing \"tRuE\": invalid syntax",
    })
    void badBooleanHasNatsText(String v, String text) {
        HttpQuery q = query("auth", v);
        q.bool("auth");
        assertEquals(text, q.error());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"0, 0", "7, 7", "+7, 7", "-3, -3", "99999999999, 2147483647"})
    void integersAsAtoi(String v, int expected) {
        HttpQuery q = query("limit", v);
        assertEquals(expected, q.integer("limit"));
        assertNull(q.error());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "x|Error decoding int for 'limit': strconv.Atoi: parsing \"x\": invalid syntax",
        "1.5|Error decoding int for 'limit': strconv.Atoi: parsing \"1.5\": invalid syntax",
        "-|Error decoding int for 'limit': strconv.Atoi: parsing \"-\": invalid syntax",
        "99999999999999999999|Error decoding int for 'limit': strconv.Atoi: parsing \"99999999999999999999\": value out of range",
    })
    void badIntegerHasNatsText(String v, String text) {
        HttpQuery q = query("limit", v);
        q.integer("limit");
        assertEquals(text, q.error());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "-1|Error decoding uint64 for 'cid': strconv.ParseUint: parsing \"-1\": invalid syntax",
        "abc|Error decoding uint64 for 'cid': strconv.ParseUint: parsing \"abc\": invalid syntax",
        "99999999999999999999|Error decoding uint64 for 'cid': strconv.ParseUint: parsing \"99999999999999999999\": value out of range",
    })
    void badUnsignedHasNatsText(String v, String text) {
        HttpQuery q = query("cid", v);
        q.uint64("cid");
        assertEquals(text, q.error());
    }

    @Test
    void firstErrorWins() {
        HttpQuery q = new HttpQuery(Map.of("auth", List.of("x"), "limit", List.of("y")));
        q.bool("auth");
        q.integer("limit");
        assertEquals("Error decoding boolean for 'auth': strconv.ParseBool: parsing \"x\": invalid syntax", q.error());
    }

    @Test
    void subsTakesDetailInAnyCaseOrABoolean() {
        assertArrayEquals(new boolean[] {false, true}, query("subs", "DeTail").subs());
        assertArrayEquals(new boolean[] {true, false}, query("subs", "1").subs());
        HttpQuery bad = query("subs", "maybe");
        assertArrayEquals(new boolean[] {false, false}, bad.subs());
        assertEquals("Error decoding boolean for 'subs': strconv.ParseBool: parsing \"maybe\": invalid syntax",
                bad.error());
    }

    @Test
    void missingValueReadsAsEmpty() {
        HttpQuery q = new HttpQuery(Map.of());
        assertEquals("", q.get("user"));
        assertFalse(q.bool("subs"));
        assertEquals(0, q.integer("offset"));
        assertEquals(0, q.uint64("cid"));
        assertNull(q.error());
    }
}
