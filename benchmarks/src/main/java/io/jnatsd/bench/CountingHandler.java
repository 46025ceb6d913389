package io.jnatsd.bench;

import io.jnatsd.protocol.ProtocolHandler;
import io.jnatsd.protocol.PubArgs;

/** A {@link ProtocolHandler} that only counts what the parser hands over. */
final class CountingHandler implements ProtocolHandler {
    long messages;
    long payloadBytes;
    long subjectBytes;
    long other;

    @Override
    public boolean onMessage(PubArgs pa, byte[] msg, int off) {
        messages++;
        payloadBytes += pa.size;
        subjectBytes += pa.subjectLen;
        return true;
    }

    @Override
    public boolean onConnect(byte[] buf, int off, int len) {
        other++;
        return true;
    }

    @Override
    public boolean onPing() {
        other++;
        return true;
    }

    @Override
    public boolean onPong() {
        other++;
        return true;
    }

    @Override
    public boolean onSub(byte[] buf, int subjectOff, int subjectLen, int queueOff, int queueLen, int sidOff, int sidLen) {
        other++;
        return true;
    }

    @Override
    public boolean onUnsub(byte[] buf, int sidOff, int sidLen, long max) {
        other++;
        return true;
    }

    @Override
    public boolean onInfo(byte[] buf, int off, int len) {
        other++;
        return true;
    }

    @Override
    public boolean onErr(byte[] buf, int off, int len) {
        other++;
        return true;
    }
}
