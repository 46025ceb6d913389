package io.jnatsd.monitor;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Times and durations written the way nats-server's monitoring JSON shows them: Go's
 * {@code time.Duration.String()} ("1.5ms", "2m0s"), nats-server's uptime form ("1y2d3h4m5s")
 * and Go's RFC 3339 with nanoseconds ("2023-01-02T03:04:05.123456789Z", trailing zeros dropped).
 * Stateless.
 */
public final class GoTime {
    private static final long MICRO = 1_000L;
    private static final long MILLI = 1_000_000L;
    private static final long SECOND = 1_000_000_000L;

    private GoTime() {
    }

    /** Go's Duration.String() for a count of nanoseconds: "0s", "750ns", "1.5µs", "2ms", "1h0m3.5s". */
    public static String duration(long nanos) {
        if (nanos == 0) {
            return "0s";
        }
        String sign = nanos < 0 ? "-" : "";
        // Long.MIN_VALUE has no positive counterpart; a monitoring duration never gets there
        long u = nanos == Long.MIN_VALUE ? Long.MAX_VALUE : Math.abs(nanos);
        if (u < MICRO) {
            return sign + u + "ns";
        }
        if (u < MILLI) {
            return sign + scaled(u, MICRO) + "\u00b5s";
        }
        if (u < SECOND) {
            return sign + scaled(u, MILLI) + "ms";
        }
        long totalSeconds = u / SECOND;
        String seconds = scaled(totalSeconds % 60 * SECOND + u % SECOND, SECOND) + "s";
        long minutes = totalSeconds / 60;
        if (minutes == 0) {
            return sign + seconds;
        }
        if (minutes < 60) {
            return sign + minutes + "m" + seconds;
        }
        return sign + (minutes / 60) + "h" + (minutes % 60) + "m" + seconds;
    }

    /** value/unit as a decimal with no trailing zeros ("1.5", "2"). */
    private static String scaled(long value, long unit) {
        long whole = value / unit;
        long fraction = value % unit;
        if (fraction == 0) {
            return Long.toString(whole);
        }
        int digits = Long.toString(unit).length() - 1;
        String f = Long.toString(fraction);
        StringBuilder sb = new StringBuilder().append(whole).append('.');
        sb.append("0".repeat(digits - f.length())).append(f);
        int end = sb.length();
        while (sb.charAt(end - 1) == '0') {
            end--;
        }
        sb.setLength(end);
        return sb.toString();
    }

    /**
     * A round-trip time as nats-server shows it: between 1µs and 1ms it is truncated to whole
     * microseconds, otherwise shown to the nanosecond.
     */
    public static String rtt(long nanos) {
        long shown = nanos > MICRO && nanos < MILLI ? nanos - nanos % MICRO : nanos;
        return duration(shown);
    }

    /**
     * Nanoseconds of a text {@link #duration} wrote ("270\u00b5s", "1.5ms", "2m3.5s"); 0 for
     * text it cannot read. For turning /routez rtt back into a number.
     */
    static long parseDuration(String text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        boolean negative = text.charAt(0) == '-';
        double total = 0;
        int i = negative ? 1 : 0;
        int n = text.length();
        while (i < n) {
            int numStart = i;
            while (i < n && (Character.isDigit(text.charAt(i)) || text.charAt(i) == '.')) {
                i++;
            }
            int unitStart = i;
            while (i < n && !Character.isDigit(text.charAt(i)) && text.charAt(i) != '.') {
                i++;
            }
            if (numStart == unitStart || unitStart == i) {
                return 0;
            }
            double v;
            try {
                v = Double.parseDouble(text.substring(numStart, unitStart));
            } catch (NumberFormatException e) {
                return 0;
            }
            long unit = switch (text.substring(unitStart, i)) {
                case "ns" -> 1;
                case "\u00b5s", "us" -> MICRO;
                case "ms" -> MILLI;
                case "s" -> SECOND;
                case "m" -> 60 * SECOND;
                case "h" -> 3600 * SECOND;
                default -> -1;
            };
            if (unit < 0) {
                return 0;
            }
            total += v * unit;
        }
        long nanos = Math.round(total);
        return negative ? -nanos : nanos;
    }

    /** nats-server's uptime form: whole seconds shown as "45s", "3m5s", "2h3m5s", "4d2h3m5s", "1y4d2h3m5s". */
    public static String uptime(Duration d) {
        long secs = Math.max(0, d.getSeconds());
        long mins = secs / 60;
        long hours = mins / 60;
        long days = hours / 24;
        long years = days / 365;
        if (years > 0) {
            return years + "y" + days % 365 + "d" + hours % 24 + "h" + mins % 60 + "m" + secs % 60 + "s";
        }
        if (days > 0) {
            return days + "d" + hours % 24 + "h" + mins % 60 + "m" + secs % 60 + "s";
        }
        if (hours > 0) {
            return hours + "h" + mins % 60 + "m" + secs % 60 + "s";
        }
        if (mins > 0) {
            return mins + "m" + secs % 60 + "s";
        }
        return secs + "s";
    }

    /** Go's time.RFC3339Nano in UTC: fraction without trailing zeros, none at all when zero. */
    public static String rfc3339(Instant t) {
        LocalDateTime d = LocalDateTime.ofEpochSecond(t.getEpochSecond(), 0, ZoneOffset.UTC);
        StringBuilder sb = new StringBuilder(35);
        pad(sb, d.getYear(), 4).append('-');
        pad(sb, d.getMonthValue(), 2).append('-');
        pad(sb, d.getDayOfMonth(), 2).append('T');
        pad(sb, d.getHour(), 2).append(':');
        pad(sb, d.getMinute(), 2).append(':');
        pad(sb, d.getSecond(), 2);
        int nanos = t.getNano();
        if (nanos != 0) {
            sb.append('.');
            int start = sb.length();
            pad(sb, nanos, 9);
            int end = sb.length();
            while (end > start && sb.charAt(end - 1) == '0') {
                end--;
            }
            sb.setLength(end);
        }
        return sb.append('Z').toString();
    }

    private static StringBuilder pad(StringBuilder sb, int v, int width) {
        String s = Integer.toString(v);
        for (int i = s.length(); i < width; i++) {
            sb.append('0');
        }
        return sb.append(s);
    }
}
