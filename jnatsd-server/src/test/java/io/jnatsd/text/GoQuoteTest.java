package io.jnatsd.text;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class GoQuoteTest {

    /** Expected values are what Go's fmt.Sprintf("%q", s) prints. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "secret.plans|`\"secret.plans\"`",
            "a\"b|`\"a\\\"b\"`",
            "back\\slash|`\"back\\\\slash\"`",
            "``|`\"\"`",
    })
    void quotesLikeGo(String in, String expected) {
        assertEquals(expected, GoQuote.quote(in));
    }

    @org.junit.jupiter.api.Test
    void escapesControlCharacters() {
        assertEquals("\"a\\nb\\tc\\rd\\x01\"", GoQuote.quote("a\nb\tc\rd\u0001"));
    }
}
