package io.jnatsd.protocol;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Records parsed operations as readable lines, e.g. "PUB foo reply 2 [hi]". */
final class RecordingHandler implements ProtocolHandler {
    final List<String> events = new ArrayList<>();
    /** Answer false (stop) to the operation with this index. */
    int stopAt = -1;

    private boolean go() {
        return events.size() - 1 != stopAt;
    }

    private static String s(byte[] b, int off, int len) {
        return new String(b, off, len, StandardCharsets.ISO_8859_1);
    }

    @Override
    public boolean onConnect(byte[] buf, int off, int len) {
        events.add("CONNECT " + s(buf, off, len));
        return go();
    }

    @Override
    public boolean onPing() {
        events.add("PING");
        return go();
    }

    @Override
    public boolean onPong() {
        events.add("PONG");
        return go();
    }

    @Override
    public boolean onMessage(PubArgs pa, byte[] msg, int off) {
        StringBuilder sb = new StringBuilder(pa.hasHeaders() ? "HPUB " : "PUB ");
        sb.append(s(pa.buf, pa.subjectOff, pa.subjectLen));
        if (pa.hasReply()) {
            sb.append(' ').append(s(pa.buf, pa.replyOff, pa.replyLen));
        }
        if (pa.hasHeaders()) {
            sb.append(' ').append(s(pa.buf, pa.hdrSizeOff, pa.hdrSizeLen)).append('=').append(pa.hdrSize);
        }
        sb.append(' ').append(s(pa.buf, pa.sizeOff, pa.sizeLen)).append('=').append(pa.size);
        sb.append(" [").append(s(msg, off, pa.size)).append(']');
        events.add(sb.toString());
        return go();
    }

    @Override
    public boolean onSub(byte[] buf, int subjectOff, int subjectLen, int queueOff, int queueLen, int sidOff, int sidLen) {
        events.add("SUB " + s(buf, subjectOff, subjectLen)
                + (queueLen > 0 ? " q=" + s(buf, queueOff, queueLen) : "") + " sid=" + s(buf, sidOff, sidLen));
        return go();
    }

    @Override
    public boolean onUnsub(byte[] buf, int sidOff, int sidLen, long max) {
        events.add("UNSUB " + s(buf, sidOff, sidLen) + " max=" + max);
        return go();
    }

    @Override
    public boolean onInfo(byte[] buf, int off, int len) {
        events.add("INFO " + s(buf, off, len));
        return go();
    }

    @Override
    public boolean onErr(byte[] buf, int off, int len) {
        events.add("ERR " + s(buf, off, len));
        return go();
    }
}
