package io.jnatsd.protocol;

/**
 * The arguments of the PUB or HPUB being parsed: positions in {@link #buf}, which is either
 * the read buffer or, once the message spans reads, the parser's own copy of the line.
 * One instance per connection, reused for every message (no allocation per message).
 */
public final class PubArgs {
    public byte[] buf;
    public int subjectOff;
    public int subjectLen;
    /** Reply subject; length 0 when absent. */
    public int replyOff;
    public int replyLen;
    /** The total-size token as sent (reused verbatim in MSG lines). */
    public int sizeOff;
    public int sizeLen;
    /** The header-size token as sent; length 0 for PUB. */
    public int hdrSizeOff;
    public int hdrSizeLen;
    /** Total size of the message (headers + payload). */
    public int size;
    /** Size of the headers, -1 for PUB (no headers). */
    public int hdrSize;
    /** Routed messages only: the account token, length 0 for client messages. */
    public int accountOff;
    public int accountLen;
    /** Routed messages only: the queue names the message is meant for, space separated; length 0 when none. */
    public int queuesOff;
    public int queuesLen;

    public boolean hasHeaders() {
        return hdrSize >= 0;
    }

    public boolean hasReply() {
        return replyLen > 0;
    }

    /** Moves the positions by {@code delta} after the line was copied to {@code newBuf}. */
    void rebase(byte[] newBuf, int delta) {
        buf = newBuf;
        subjectOff += delta;
        replyOff += delta;
        sizeOff += delta;
        hdrSizeOff += delta;
        accountOff += delta;
        queuesOff += delta;
    }
}
