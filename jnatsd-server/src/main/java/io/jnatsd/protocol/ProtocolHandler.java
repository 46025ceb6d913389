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

    /**
     * Route mode only, RS+: interest of the peer in a subject for an account; a queue
     * subscription (queue length above 0) carries the group's weight, its member count there.
     */
    default boolean onRouteSub(byte[] buf, int accountOff, int accountLen, int subjectOff, int subjectLen,
                               int queueOff, int queueLen, int weight) {
        return false;
    }

    /** Route mode only, RS-: the peer lost interest (in a whole queue group when a queue is given). */
    default boolean onRouteUnsub(byte[] buf, int accountOff, int accountLen, int subjectOff, int subjectLen,
                                 int queueOff, int queueLen) {
        return false;
    }
}
