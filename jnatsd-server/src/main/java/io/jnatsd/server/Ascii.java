package io.jnatsd.server;

import io.netty.buffer.ByteBuf;

/** Writes numbers as ASCII digits straight into a buffer, without building Strings. */
final class Ascii {
    private Ascii() {
    }

    static void writeLong(ByteBuf out, long v) {
        if (v == 0) {
            out.writeByte('0');
            return;
        }
        if (v < 0) {
            out.writeByte('-');
            v = -v;
        }
        long div = 1;
        while (div <= v / 10) {
            div *= 10;
        }
        while (div > 0) {
            out.writeByte((int) ('0' + (v / div) % 10));
            div /= 10;
        }
    }

    static int digits(long v) {
        int n = 1;
        while (v >= 10) {
            v /= 10;
            n++;
        }
        return n;
    }
}
