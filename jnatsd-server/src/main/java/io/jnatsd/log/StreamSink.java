package io.jnatsd.log;

import java.io.PrintStream;

/**
 * Text lines to a stream, normally stderr. PrintStream never throws (it records errors) and its
 * write(byte[], int, int) is synchronized, so each line comes out whole without a lock of ours.
 */
final class StreamSink implements LogSink {

    private final PrintStream out;
    private final LineFormatter formatter;

    StreamSink(PrintStream out, LineFormatter formatter) {
        this.out = out;
        this.formatter = formatter;
    }

    @Override
    public void write(Level level, String message) {
        byte[] line = formatter.format(level, message);
        out.write(line, 0, line.length);
        out.flush();
    }
}
