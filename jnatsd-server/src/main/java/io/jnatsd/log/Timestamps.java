package io.jnatsd.log;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The time formats nats-server (Go) writes, built by hand: Go layouts have no exact
 * DateTimeFormatter twin (space-padded day, "Z" for UTC) and a formatter per line is waste.
 * All times are local to the given zone, as Go's are.
 */
final class Timestamps {

    private static final String[] MONTHS =
            {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

    private Timestamps() {
    }

    /** Text log lines: {@code 2006/01/02 15:04:05.000000} (Go log.LstdFlags|Lmicroseconds). */
    static StringBuilder appendLogTime(StringBuilder sb, Instant instant, ZoneId zone) {
        LocalDateTime t = LocalDateTime.ofInstant(instant, zone);
        pad(sb, t.getYear(), 4).append('/');
        pad(sb, t.getMonthValue(), 2).append('/');
        pad(sb, t.getDayOfMonth(), 2).append(' ');
        appendClock(sb, t).append('.');
        return pad(sb, t.getNano() / 1000, 6);
    }

    /** Network syslog: RFC 3339 to the second, {@code 2006-01-02T15:04:05Z} or {@code ...+01:00}. */
    static StringBuilder appendRfc3339(StringBuilder sb, Instant instant, ZoneId zone) {
        ZoneOffset offset = zone.getRules().getOffset(instant);
        LocalDateTime t = LocalDateTime.ofInstant(instant, offset);
        pad(sb, t.getYear(), 4).append('-');
        pad(sb, t.getMonthValue(), 2).append('-');
        pad(sb, t.getDayOfMonth(), 2).append('T');
        appendClock(sb, t);
        int seconds = offset.getTotalSeconds();
        if (seconds == 0) {
            return sb.append('Z');
        }
        sb.append(seconds < 0 ? '-' : '+');
        seconds = Math.abs(seconds);
        pad(sb, seconds / 3600, 2).append(':');
        return pad(sb, seconds / 60 % 60, 2);
    }

    /** Local syslog: Go's time.Stamp, {@code Jan _2 15:04:05}, the day padded with a space. */
    static StringBuilder appendStamp(StringBuilder sb, Instant instant, ZoneId zone) {
        LocalDateTime t = LocalDateTime.ofInstant(instant, zone);
        sb.append(MONTHS[t.getMonthValue() - 1]).append(' ');
        if (t.getDayOfMonth() < 10) {
            sb.append(' ');
        }
        sb.append(t.getDayOfMonth()).append(' ');
        return appendClock(sb, t);
    }

    /** Suffix of a size-rotated log file: {@code 2006.01.02.15.04.05.000000000}. */
    static String backupSuffix(Instant instant, ZoneId zone) {
        LocalDateTime t = LocalDateTime.ofInstant(instant, zone);
        StringBuilder sb = new StringBuilder(29);
        pad(sb, t.getYear(), 4).append('.');
        pad(sb, t.getMonthValue(), 2).append('.');
        pad(sb, t.getDayOfMonth(), 2).append('.');
        pad(sb, t.getHour(), 2).append('.');
        pad(sb, t.getMinute(), 2).append('.');
        pad(sb, t.getSecond(), 2).append('.');
        return pad(sb, t.getNano(), 9).toString();
    }

    private static StringBuilder appendClock(StringBuilder sb, LocalDateTime t) {
        pad(sb, t.getHour(), 2).append(':');
        pad(sb, t.getMinute(), 2).append(':');
        return pad(sb, t.getSecond(), 2);
    }

    private static StringBuilder pad(StringBuilder sb, int value, int width) {
        String s = Integer.toString(value);
        for (int i = s.length(); i < width; i++) {
            sb.append('0');
        }
        return sb.append(s);
    }
}
