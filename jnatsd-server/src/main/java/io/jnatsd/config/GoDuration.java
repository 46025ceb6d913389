package io.jnatsd.config;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Map;

/**
 * Durations written and printed the way Go's time package does it, since that is what
 * nats-server accepts ({@code "2s"}, {@code "1m30s"}, {@code "1.5h"}, {@code "300ms"}) and how
 * its messages show them ({@code 1m30s}, {@code 10s}, {@code 2h0m0s}).
 */
public final class GoDuration {

    private static final BigDecimal NANOS_PER_SECOND = BigDecimal.valueOf(1_000_000_000L);
    private static final BigInteger MAX_NANOS = BigInteger.valueOf(Long.MAX_VALUE);
    private static final Map<String, Long> UNIT_NANOS = Map.of(
            "ns", 1L,
            "us", 1_000L,
            "\u00b5s", 1_000L, // micro sign
            "\u03bcs", 1_000L, // Greek mu
            "ms", 1_000_000L,
            "s", 1_000_000_000L,
            "m", 60_000_000_000L,
            "h", 3_600_000_000_000L);

    private GoDuration() {
    }

    /** Go's time.ParseDuration, with its error texts. */
    static Parsed<Duration> parse(String text) {
        String invalid = "time: invalid duration " + GoSyntax.quote(text);
        String s = text;
        boolean negative = false;
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            negative = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return Parsed.ok(Duration.ZERO);
        }
        if (s.isEmpty()) {
            return Parsed.fail(invalid);
        }
        BigInteger total = BigInteger.ZERO;
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c != '.' && !isDigit(c)) {
                return Parsed.fail(invalid);
            }
            int numberStart = i;
            while (i < s.length() && isDigit(s.charAt(i))) {
                i++;
            }
            boolean digitsBefore = i > numberStart;
            boolean digitsAfter = false;
            if (i < s.length() && s.charAt(i) == '.') {
                i++;
                int fractionStart = i;
                while (i < s.length() && isDigit(s.charAt(i))) {
                    i++;
                }
                digitsAfter = i > fractionStart;
            }
            if (!digitsBefore && !digitsAfter) {
                return Parsed.fail(invalid);
            }
            String number = s.substring(numberStart, i);
            int unitStart = i;
            while (i < s.length() && s.charAt(i) != '.' && !isDigit(s.charAt(i))) {
                i++;
            }
            if (unitStart == i) {
                return Parsed.fail("time: missing unit in duration " + GoSyntax.quote(text));
            }
            String unit = s.substring(unitStart, i);
            Long nanos = UNIT_NANOS.get(unit);
            if (nanos == null) {
                return Parsed.fail("time: unknown unit " + GoSyntax.quote(unit) + " in duration "
                        + GoSyntax.quote(text));
            }
            BigDecimal amount = new BigDecimal(number.startsWith(".") ? "0" + number
                    : number.endsWith(".") ? number + "0" : number);
            total = total.add(amount.multiply(BigDecimal.valueOf(nanos))
                    .setScale(0, RoundingMode.DOWN).toBigInteger());
            if (total.compareTo(MAX_NANOS) > 0) {
                return Parsed.fail(invalid);
            }
        }
        long nanos = total.longValueExact();
        return Parsed.ok(Duration.ofNanos(negative ? -nanos : nanos));
    }

    /** Go's Duration.String(): "0s", "750ms", "1.5s", "1m30s", "2h0m0s". */
    public static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        String sign = d.isNegative() ? "-" : "";
        BigInteger nanos = BigInteger.valueOf(d.getSeconds()).multiply(BigInteger.valueOf(1_000_000_000L))
                .add(BigInteger.valueOf(d.getNano())).abs();
        if (nanos.compareTo(BigInteger.valueOf(1_000_000_000L)) < 0) {
            long n = nanos.longValue();
            if (n < 1_000) {
                return sign + n + "ns";
            }
            if (n < 1_000_000) {
                return sign + decimal(BigDecimal.valueOf(n, 3)) + "\u00b5s";
            }
            return sign + decimal(BigDecimal.valueOf(n, 6)) + "ms";
        }
        BigInteger[] minutesAndRest = nanos.divideAndRemainder(BigInteger.valueOf(60_000_000_000L));
        String seconds = decimal(new BigDecimal(minutesAndRest[1]).divide(NANOS_PER_SECOND)) + "s";
        long minutes = minutesAndRest[0].longValue();
        if (minutes == 0) {
            return sign + seconds;
        }
        if (minutes < 60) {
            return sign + minutes + "m" + seconds;
        }
        return sign + (minutes / 60) + "h" + (minutes % 60) + "m" + seconds;
    }

    private static String decimal(BigDecimal v) {
        return v.signum() == 0 ? "0" : v.stripTrailingZeros().toPlainString();
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
