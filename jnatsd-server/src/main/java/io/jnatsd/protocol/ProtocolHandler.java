package io.jnatsd.protocol;

/**
 * What a connection does with parsed operations. Called on the connection's event loop.
 * Byte ranges are only valid during the call. Each method returns false when the
 * connection is closing and parsing must stop.
 */
public interface ProtocolHandler {

    boolean onConnect(byte[] buf, int off, int len);

    boolean onPing();

    boolean onPong();

    /** A complete PUB or HPUB; the message (headers first) is {@code msg[off, off + pa.size)}. */
    boolean onMessage(PubArgs pa, byte[] msg, int off);

    /** SUB: subject, optional queue (length 0 when absent) and sid, all ranges of {@code buf}. */
    boolean onSub(byte[] buf, int subjectOff, int subjectLen, int queueOff, int queueLen, int sidOff, int sidLen);

    /** UNSUB: sid and max messages (-1 when absent or not a number). */
    boolean onUnsub(byte[] buf, int sidOff, int sidLen, long max);

    /** INFO sent by the peer (clients may; routes do). */
    boolean onInfo(byte[] buf, int off, int len);

    /** -ERR sent by the peer. */
    boolean onErr(byte[] buf, int off, int len);
}
