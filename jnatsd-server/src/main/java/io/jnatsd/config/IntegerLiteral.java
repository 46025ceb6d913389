package io.jnatsd.config;

import java.util.Locale;

/**
 * Integer literals with nats-server's size suffixes (conf/parse.go): {@code k m g t p e} are powers
 * of 1000, and the same letters followed by {@code b}, {@code i} or {@code ib} (any case) are powers
 * of 1024. So {@code 1K} is 1000 and {@code 1KB} is 1024, as verified against nats-server 2.9.10.
 */
final class IntegerLiteral {

    private static final String UNITS = "kmgtpe";

    private IntegerLiteral() {
    }

    /** Parses a lexed literal: optional '-', ASCII digits, optional suffix. */
    static Parsed<Long> parse(String literal) {
        int digitsEnd = literal.startsWith("-") ? 1 : 0;
        while (digitsEnd < literal.length() && literal.charAt(digitsEnd) >= '0' && literal.charAt(digitsEnd) <= '9') {
            digitsEnd++;
        }
        long number;
        try {
            number = Long.parseLong(literal.substring(0, digitsEnd));
        } catch (NumberFormatException e) {
            // The lexer only hands over digits, so the only way to fail is to be too long.
            return Parsed.fail("integer '" + literal + "' is out of the range");
        }
        String suffix = literal.substring(digitsEnd).toLowerCase(Locale.ROOT);
        if (suffix.isEmpty()) {
            return Parsed.ok(number);
        }
        int power = UNITS.indexOf(suffix.charAt(0)) + 1;
        String tail = suffix.substring(1);
        long base;
        if (tail.isEmpty()) {
            base = 1000;
        } else if (tail.equals("b") || tail.equals("i") || tail.equals("ib")) {
            base = 1024;
        } else {
            return Parsed.fail("integer '" + literal + "' has an unknown size suffix '"
                    + literal.substring(digitsEnd) + "'");
        }
        try {
            long value = number;
            for (int i = 0; i < power; i++) {
                value = Math.multiplyExact(value, base);
            }
            return Parsed.ok(value);
        } catch (ArithmeticException e) {
            return Parsed.fail("integer '" + literal + "' is out of the range");
        }
    }
}
