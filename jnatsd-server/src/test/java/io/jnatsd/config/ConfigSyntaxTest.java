package io.jnatsd.config;

import io.jnatsd.config.ConfigValue.Array;
import io.jnatsd.config.ConfigValue.Bool;
import io.jnatsd.config.ConfigValue.DateTime;
import io.jnatsd.config.ConfigValue.Int;
import io.jnatsd.config.ConfigValue.Real;
import io.jnatsd.config.ConfigValue.Text;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The text syntax, checked on the tree: what nats-server's conf/lex.go and parse.go accept. */
class ConfigSyntaxTest {

    static ConfigTable tree(String text) throws ConfigException {
        return ConfigFile.parseTree(text, Path.of("t.conf"), Map.of());
    }

    static ConfigValue value(String text, String key) throws ConfigException {
        ConfigEntry e = tree(text).get(key);
        assertTrue(e != null, () -> "no key " + key + " in " + text);
        return e.value();
    }

    static List<String> errors(String text) {
        return assertThrows(ConfigException.class, () -> tree(text)).errors();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"a: 1", "a = 1", "a 1", "a:1", "a=1", "a  :  1", "a\t1", "a:1;", "a = 1 # c",
            "a = 1 // c", "{ a: 1 }", "{\na: 1\n}", "\"a\": 1", "'a' = 1", "a\n: 1", "a: 1,"})
    void keyValueSeparatorsAndTerminatorsAllGiveTheSameEntry(String text) throws ConfigException {
        assertEquals(1L, ((Int) value(text, "a")).value());
    }

    @Test
    void topLevelEntriesEndAtNewlineSemicolonOrComma() throws ConfigException {
        ConfigTable t = tree("a: 1; b: 2, c: 3\nd: 4");
        assertEquals(List.of("a", "b", "c", "d"), t.entries().stream().map(ConfigEntry::key).toList());
    }

    @Test
    void mapsNestAsValuesWithOrWithoutSeparator() throws ConfigException {
        ConfigTable t = tree("""
                authorization {
                  user: derek
                  nested = { deeper { x: 1 } }
                }
                b: { c: 2, d: 3; e: 4 }
                """);
        ConfigTable auth = (ConfigTable) t.get("authorization").value();
        assertEquals("derek", ((Text) auth.get("user").value()).value());
        ConfigTable deeper = (ConfigTable) ((ConfigTable) auth.get("nested").value()).get("deeper").value();
        assertEquals(1L, ((Int) deeper.get("x").value()).value());
        assertEquals(3, ((ConfigTable) t.get("b").value()).size());
    }

    @Test
    void mapValuesMayStartOnTheNextLine() throws ConfigException {
        ConfigTable m = (ConfigTable) value("m {\n  user:\n    derek\n}", "m");
        assertEquals("derek", ((Text) m.get("user").value()).value());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"a: [1, 2, 3]", "a: [1,2,3]", "a: [\n 1\n 2\n 3\n]",
            "a: [1, # one\n 2 // two\n 3]", "a: [1,\n2,\n3,\n]", "a = [ 1 , 2 , 3 ]"})
    void arraysTakeCommasOrNewlines(String text) throws ConfigException {
        Array a = (Array) value(text, "a");
        assertEquals(List.of(1L, 2L, 3L), a.items().stream().map(v -> ((Int) v).value()).toList());
    }

    @Test
    void arraysHoldMixedValuesAndMaps() throws ConfigException {
        Array a = (Array) value("a: [ \"x\", 2, 1.5, true, {k: v}, [inner] ]", "a");
        assertInstanceOf(Text.class, a.items().get(0));
        assertInstanceOf(Int.class, a.items().get(1));
        assertInstanceOf(Real.class, a.items().get(2));
        assertInstanceOf(Bool.class, a.items().get(3));
        assertInstanceOf(ConfigTable.class, a.items().get(4));
        assertInstanceOf(Array.class, a.items().get(5));
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "a: \"hello world\"           | hello world",
            "a: 'single # not a comment'  | single # not a comment",
            "a: 'no \\t escapes'          | no \\t escapes",
            "a: \"tab\\there\"            | `tab\there`",
            "a: \"q\\\"uote\"             | q\"uote",
            "a: \"back\\\\slash\"         | back\\slash",
            "a: \"\\x41\\x42\"            | AB",
            "a: \"\\xc3\\xa9\"            | é",
            "a: bare                      | bare",
            "a: bare#hash                 | bare#hash",
            "a: nats://host:4222          | nats://host:4222",
            "a: 127.0.0.1                 | 127.0.0.1",
            "a: 0.0.0.0:4222              | 0.0.0.0:4222",
            "a: 2s                        | 2s",
            "a: 10ms                      | 10ms",
            "a: 1m30s                     | 1m30s",
            "a: \"true\"                  | true",
            "a: foo.>                     | foo.>",
            "a: bare\\x41                 | bareA",
            "a: \"\"                      | ''",
    })
    void stringsQuotedAndBare(String text, String expected) throws ConfigException {
        assertEquals(expected.equals("''") ? "" : expected, ((Text) value(text, "a")).value());
    }

    @Test
    void doubleQuotedStringsMaySpanLines() throws ConfigException {
        assertEquals("one\ntwo", ((Text) value("a: \"one\ntwo\"", "a")).value());
    }

    @Test
    void parenthesisBlockIsRawTextUpToALoneClosingParenthesis() throws ConfigException {
        assertEquals("\nline (1)\nline 2\n", ((Text) value("a (\nline (1)\nline 2\n)\nb: 1", "a")).value());
    }

    @ParameterizedTest(name = "[{index}] {0} = {1}")
    @CsvSource({
            "0, 0", "42, 42", "-7, -7",
            "1k, 1000", "1K, 1000", "1kb, 1024", "1KB, 1024", "1Ki, 1024", "1KiB, 1024", "1kib, 1024",
            "2m, 2000000", "2MB, 2097152", "2mi, 2097152",
            "1g, 1000000000", "1GB, 1073741824",
            "1t, 1000000000000", "1TB, 1099511627776",
            "1p, 1000000000000000", "1PB, 1125899906842624",
            "1e, 1000000000000000000", "1EB, 1152921504606846976",
            "-2k, -2000",
            "9223372036854775807, 9223372036854775807",
    })
    void integersWithNatsSizeSuffixes(String literal, long expected) throws ConfigException {
        assertEquals(expected, ((Int) value("a: " + literal, "a")).value());
    }

    @ParameterizedTest(name = "[{index}] {0} = {1}")
    @CsvSource({"1.5, 1.5", "0.5, 0.5", "-2.25, -2.25", "10.0, 10.0"})
    void floats(String literal, double expected) throws ConfigException {
        assertEquals(expected, ((Real) value("a: " + literal, "a")).value());
    }

    @ParameterizedTest(name = "[{index}] {0} = {1}")
    @CsvSource({"true, true", "TRUE, true", "yes, true", "Yes, true", "on, true", "ON, true",
            "false, false", "False, false", "no, false", "NO, false", "off, false", "Off, false"})
    void booleansInAnyCase(String literal, boolean expected) throws ConfigException {
        assertEquals(expected, ((Bool) value("a: " + literal, "a")).value());
    }

    @Test
    void zuluDates() throws ConfigException {
        assertEquals(Instant.parse("2022-01-31T12:34:56Z"),
                ((DateTime) value("a: 2022-01-31T12:34:56Z", "a")).value());
    }

    @Test
    void commentsOfBothKindsAnywhereALineCanEnd() throws ConfigException {
        ConfigTable t = tree("""
                # hash comment
                // slash comment
                a: 1 # after a value
                m {   # after a brace
                  b: 2 // after a map value
                  # own line in a map
                }
                """);
        assertEquals(2, t.size());
        assertEquals(2L, ((Int) ((ConfigTable) t.get("m").value()).get("b").value()).value());
    }

    @Test
    void aKeyWrittenTwiceKeepsItsLastValue() throws ConfigException {
        assertEquals(2L, ((Int) value("a: 1\na: 2", "a")).value());
    }

    @Test
    void positionsAreOneBasedLinesAndColumnsOfKeysAndValues() throws ConfigException {
        ConfigTable t = tree("a: 1\n  bb = \"x\"\nm {\n   k: [7]\n}");
        assertEquals(new Position("t.conf", 1, 1), t.get("a").keyPosition());
        assertEquals(new Position("t.conf", 1, 4), t.get("a").value().position());
        assertEquals(new Position("t.conf", 2, 3), t.get("bb").keyPosition());
        // A quoted string is placed at its first character, as nats-server does.
        assertEquals(new Position("t.conf", 2, 9), t.get("bb").value().position());
        ConfigEntry k = ((ConfigTable) t.get("m").value()).get("k");
        assertEquals(new Position("t.conf", 4, 4), k.keyPosition());
        assertEquals(new Position("t.conf", 4, 8), ((Array) k.value()).items().get(0).position());
        assertEquals("t.conf:4:4", k.keyPosition().toString());
    }

    // ---------------------------------------------------------------- variables

    @Test
    void variableTakesTheValueOfAnEarlierKey() throws ConfigException {
        ConfigTable t = tree("PORT = 4333\nport: $PORT\n");
        assertEquals(4333L, ((Int) t.get("port").value()).value());
        assertTrue(t.get("PORT").usedAsVariable());
        assertFalse(t.get("port").usedAsVariable());
    }

    @Test
    void variableIsLookedUpInEnclosingBlocksInnermostFirst() throws ConfigException {
        ConfigTable t = tree("""
                A = outer
                B = outer
                m {
                  B = inner
                  n { x: $A, y: $B }
                }
                """);
        ConfigTable n = (ConfigTable) ((ConfigTable) t.get("m").value()).get("n").value();
        assertEquals("outer", ((Text) n.get("x").value()).value());
        assertEquals("inner", ((Text) n.get("y").value()).value());
    }

    @Test
    void variableCanHoldAMapOrAnArray() throws ConfigException {
        ConfigTable t = tree("P = { publish: \"a.>\" }\nL = [1, 2]\nu { permissions: $P, l: $L }");
        ConfigTable u = (ConfigTable) t.get("u").value();
        assertInstanceOf(ConfigTable.class, u.get("permissions").value());
        assertEquals(2, ((Array) u.get("l").value()).items().size());
    }

    @Test
    void variableTakesThePositionOfTheReference() throws ConfigException {
        ConfigTable t = tree("V = 5\nport: $V");
        assertEquals(new Position("t.conf", 2, 7), t.get("port").value().position());
    }

    @Test
    void variableFallsBackToTheEnvironmentParsedAsAValue() throws ConfigException {
        Map<String, String> env = Map.of("MYPORT", "4444", "NAME", "srv-1", "FLAG", "true",
                "LIST", "[a, b]", "EMPTY", "");
        ConfigTable t = ConfigFile.parseTree("p: $MYPORT\nn: $NAME\nf: $FLAG\nl: $LIST\ne: $EMPTY",
                Path.of("t.conf"), env);
        assertEquals(4444L, ((Int) t.get("p").value()).value());
        assertEquals("srv-1", ((Text) t.get("n").value()).value());
        assertEquals(true, ((Bool) t.get("f").value()).value());
        assertEquals(2, ((Array) t.get("l").value()).items().size());
        assertEquals("", ((Text) t.get("e").value()).value());
    }

    @Test
    void fileKeysWinOverTheEnvironment() throws ConfigException {
        ConfigTable t = ConfigFile.parseTree("X = file\nv: $X", Path.of("t.conf"), Map.of("X", "env"));
        assertEquals("file", ((Text) t.get("v").value()).value());
    }

    @Test
    void unquotedBcryptHashIsTextNotAVariable() throws ConfigException {
        String hash = "$2a$11$W2zko751KUvVy59mUTWmpOdWjpEm5qhcCZRd05GjI/sSOT.xtiHyG";
        assertEquals(hash, ((Text) value("pass: " + hash, "pass")).value());
    }

    @Test
    void undefinedVariablesAreAllReportedWithTheirPositions() {
        List<String> errors = errors("a: $NOPE\nb {\n  c: $ALSO_NOPE\n}\n");
        assertEquals(List.of("t.conf:1:4: variable reference for 'NOPE' can not be found",
                "t.conf:3:6: variable reference for 'ALSO_NOPE' can not be found"), errors);
    }

    @Test
    void variableDefinedLaterInTheFileIsNotVisible() {
        assertEquals(List.of("t.conf:1:4: variable reference for 'V' can not be found"), errors("a: $V\nV = 1"));
    }

    @Test
    void environmentValueThatDoesNotParseIsAnError() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigFile.parseTree("a: $BAD", Path.of("t.conf"), Map.of("BAD", "x y")));
        assertEquals(1, e.errors().size());
        assertTrue(e.errors().get(0).startsWith("t.conf:1:4: variable reference for 'BAD' could not be parsed: "),
                e.getMessage());
    }

    @Test
    void environmentVariableReferringToItselfIsAnErrorNotAStackOverflow() {
        // nats-server 2.9.10 dies with "goroutine stack exceeds 1000000000-byte limit" here.
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigFile.parseTree("a: $A",
                Path.of("t.conf"), Map.of("A", "$B", "B", "$A")));
        assertTrue(e.getMessage().contains("refers to itself"), e.getMessage());
    }

    // ---------------------------------------------------------------- syntax errors

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            // text | error (nats-server's text; it prints "Parse error on line N: '<text>'")
            "`a: \"abc`                  | t.conf:1:4: Unexpected EOF in quoted string.",
            "`a: 'abc`                   | t.conf:1:4: Unexpected EOF in quoted string.",
            "`m { b = 1`                 | t.conf:1:10: Unexpected EOF processing map.",
            "`a: [1, 2`                  | t.conf:1:9: Unexpected EOF processing array.",
            "`a: \"a\\qb\"`              | t.conf:1:6: Invalid escape character 'q'. Only the following escape characters are allowed: \\xXX, \\t, \\n, \\r, \\\", \\\\.",
            "`a: \"a\\x4g\"`             | t.conf:1:10: Expected two hexadecimal digits after '\\x', but got '4g'",
            "`a:\n1`                     | t.conf:1:3: Expected value but found new line",
            "`a: .5`                     | t.conf:1:4: Floats must start with a digit",
            "`a: -.5`                    | t.conf:1:5: Floats must start with a digit, not '.'.",
            "`a: -x`                     | t.conf:1:5: Expected a digit but got 'x'.",
            "`a: 1.x`                    | t.conf:1:6: Floats must have a digit after the '.', but got 'x' instead.",
            "`a: 2022-1-1`               | t.conf:1:10: Expected digit in ISO8601 datetime, but found '-' instead.",
            "`a: 2022-01-01X`            | t.conf:1:14: Expected 'T' in ISO8601 datetime, but found 'X' instead.",
            "`a: 12-1`                   | t.conf:1:6: All ISO8601 dates must be in full Zulu form.",
            "`a: 1 x`                    | t.conf:1:6: Expected a top-level value to end with a new line, comment or EOF, but got 'x' instead.",
            "`m { : 1 }`                 | t.conf:1:5: Unexpected key separator ':'.",
            "`= 1`                       | t.conf:1:1: Unexpected key separator '='",
            "`a = [ , ]`                 | t.conf:1:7: Unexpected array value terminator ','.",
            "`a = [1 2]`                 | t.conf:1:8: Expected an array value terminator \",\" or an array terminator \"]\", but got '2' instead.",
            "`m { a: 1 b: 2 }`           | t.conf:1:10: Expected a map value terminator \",\" or a map terminator \"}\", but got 'b' instead.",
            "`m { ]`                     | t.conf:1:5: Unexpected array end ']' processing map.",
            "`m { a: ,}`                 | t.conf:1:8: Unexpected map value terminator \",\".",
            "`m { \"a`                   | t.conf:1:5: Unexpected EOF processing double quoted map key.",
            "`m { a`                     | t.conf:1:6: Unexpected EOF processing map key.",
            "`\"a`                       | t.conf:1:1: Unexpected EOF.",
            "`a (\nno end`               | t.conf:1:3: Unexpected EOF processing block.",
            "`include [a]`               | t.conf:1:9: Expected include value but found start of an array",
            "`include 5`                 | t.conf:1:9: Expected include value but found start of a number",
            "`include \n`                | t.conf:1:9: Expected include value but found new line",
            "`include 'x`                | t.conf:1:11: Unexpected EOF in quoted include",
            "`a: 99999999999999999999`   | t.conf:1:4: integer '99999999999999999999' is out of the range",
            "`a: 16EB`                   | t.conf:1:4: integer '16EB' is out of the range",
            "`a: 1kbb`                   | t.conf:1:4: integer '1kbb' has an unknown size suffix 'kbb'",
            "`a: 2022-13-01T00:00:00Z`   | t.conf:1:4: expected Zulu formatted DateTime, but got '2022-13-01T00:00:00Z'",
            "`m { a }`                   | t.conf:1:5: key \"a\" has no value",
            "`/x`                        | t.conf:1:1: Unexpected '/'; comments start with '#' or '//'.",
    })
    void syntaxErrorsSayWhereAndWhat(String text, String expected) {
        assertEquals(List.of(expected), errors(text));
    }

    @Test
    void lastKeyWithoutAValueIsDroppedWithAWarningAsNatsServerDropsIt() throws ConfigException {
        // nats-server 2.9.10 says "port: 4222 / foo" is valid and ignores foo.
        LoadedConfig c = ConfigFile.parse("port: 4333\nfoo", Path.of("t.conf"), Map.of());
        assertEquals(4333, c.port());
        assertEquals(List.of("t.conf:2:1: key \"foo\" has no value; ignored"), c.warnings());
    }

    @Test
    void separatorAtTheEndOfTheFileGivesAnEmptyString() throws ConfigException {
        assertEquals("", ((Text) value("a:", "a")).value());
    }

    @Test
    void aSyntaxErrorStopsTheParseSoNoCascadeFollows() {
        assertEquals(1, errors("a: \"x\nb: $UNDEFINED\nc: [").size());
    }

    @Test
    void wholeFileWrappedInBracesIsAccepted() throws ConfigException {
        ConfigTable t = tree("{\n  \"port\": 4222,\n  \"debug\": true\n}\n");
        assertEquals(4222L, ((Int) t.get("port").value()).value());
        assertEquals(true, ((Bool) t.get("debug").value()).value());
    }

    @Test
    void emptyAndCommentOnlyFilesAreEmptyTrees() throws ConfigException {
        assertTrue(tree("").isEmpty());
        assertTrue(tree("\n\n  # nothing\n// at all\n").isEmpty());
        assertNull(tree("").get("port"));
    }

    @Test
    void byteOrderMarkIsIgnored() throws ConfigException {
        assertEquals(1, ConfigFile.parse("\uFEFFport: 4223", Path.of("t.conf"), Map.of()).options().port() - 4222);
    }
}
