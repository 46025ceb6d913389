package io.jnatsd.monitor;

import io.jnatsd.text.GoQuote;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A request's query parameters, read as nats-server reads them: the first value of a name, ""
 * when absent, and Go's strconv rules and error texts for booleans and numbers. A decoding
 * failure is recorded (the first one wins) and the caller answers 400 with {@link #error()}.
 * Not thread-safe; one per request.
 */
final class HttpQuery {
    private final Map<String, List<String>> params;
    private String error;

    HttpQuery(Map<String, List<String>> params) {
        this.params = params;
    }

    /** The first value of {@code name}, or "". */
    String get(String name) {
        List<String> v = params.get(name);
        return v == null || v.isEmpty() ? "" : v.get(0);
    }

    /** The first decoding error, with nats-server's text, or null. */
    String error() {
        return error;
    }

    boolean failed() {
        return error != null;
    }

    private void fail(String text) {
        if (error == null) {
            error = text;
        }
    }

    /** Go's strconv.ParseBool; "" is false. */
    boolean bool(String name) {
        String s = get(name);
        switch (s) {
            case "", "0", "f", "F", "false", "FALSE", "False":
                return false;
            case "1", "t", "T", "true", "TRUE", "True":
                return true;
            default:
                fail("Error decoding boolean for '" + name + "': strconv.ParseBool: parsing " + quote(s)
                        + ": invalid syntax");
                return false;
        }
    }

    /** Go's strconv.Atoi (64-bit int, clamped to Java's int); "" is 0. */
    int integer(String name) {
        String s = get(name);
        if (s.isEmpty()) {
            return 0;
        }
        int i = s.charAt(0) == '+' || s.charAt(0) == '-' ? 1 : 0;
        String problem = digitsProblem(s, i, false);
        if (problem != null) {
            fail("Error decoding int for '" + name + "': strconv.Atoi: parsing " + quote(s) + ": " + problem);
            return 0;
        }
        long v = Long.parseLong(s);
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
    }

    /** Go's strconv.ParseUint(s, 10, 64), kept to Java's positive long range; "" is 0. */
    long uint64(String name) {
        String s = get(name);
        if (s.isEmpty()) {
            return 0;
        }
        String problem = digitsProblem(s, 0, true);
        if (problem == null) {
            try {
                return Long.parseLong(s);
            } catch (NumberFormatException e) {
                // above Long.MAX_VALUE: a cid that cannot exist; Go would accept up to 2^64-1
                return Long.MAX_VALUE;
            }
        }
        fail("Error decoding uint64 for '" + name + "': strconv.ParseUint: parsing " + quote(s) + ": " + problem);
        return 0;
    }

    /** subs=detail, or subs as a boolean; returns {subscriptions, detail}. */
    boolean[] subs() {
        if (get("subs").toLowerCase(Locale.ROOT).equals("detail")) {
            return new boolean[] {false, true};
        }
        return new boolean[] {bool("subs"), false};
    }

    /**
     * Go's wording for a malformed or out-of-range decimal with digits from {@code from}, or
     * null when fine: signed values must fit 64-bit two's complement, unsigned ones 64 bits.
     */
    private static String digitsProblem(String s, int from, boolean unsigned) {
        if (from >= s.length()) {
            return "invalid syntax";
        }
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return "invalid syntax";
            }
        }
        try {
            Long.parseLong(s.charAt(0) == '+' ? s.substring(1) : s);
            return null;
        } catch (NumberFormatException e) {
            return unsigned && new java.math.BigInteger(s).bitLength() <= 64 ? null : "value out of range";
        }
    }

    /** Go's %q for the short texts in these messages. */
    static String quote(String s) {
        return GoQuote.quote(s);
    }
}
