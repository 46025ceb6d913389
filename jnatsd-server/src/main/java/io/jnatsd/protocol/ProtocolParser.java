package io.jnatsd.protocol;

/**
 * The client protocol as a byte state machine. It accepts any split of any operation across
 * reads: a control line split across reads is copied into a small buffer bounded by
 * max_control_line, a message split across reads into a buffer of exactly its size
 * (bounded by max_payload). Everything else is handed to the {@link ProtocolHandler} as
 * ranges of the caller's buffer, without copying or allocating.
 *
 * <p>Verbs are case-insensitive; arguments are separated by runs of spaces or tabs; control
 * lines end in LF with an optional CR; a message must end in CRLF. Errors are returned, not
 * thrown, with the text nats-server sends.
 *
 * <p>Not thread-safe: owned by one connection, used on its event loop.
 */
public final class ProtocolParser {

    // states
    private static final int START = 0;
    private static final int AFTER_P = 1;
    private static final int VERB = 2;
    private static final int NEED_SPACE = 3;
    private static final int SKIP_SPACES = 4;
    private static final int ARG = 5;
    private static final int SKIP_LINE = 6;
    private static final int PAYLOAD = 7;
    /** Route mode: after 'R' (RS+, RS-, RMSG). */
    private static final int AFTER_R = 8;
    /** Route mode: after "RS", expecting '+' or '-'. */
    private static final int AFTER_RS = 9;

    // operations
    private static final int OP_PUB = 1;
    private static final int OP_HPUB = 2;
    private static final int OP_SUB = 3;
    private static final int OP_UNSUB = 4;
    private static final int OP_CONNECT = 5;
    private static final int OP_INFO = 6;
    private static final int OP_PING = 7;
    private static final int OP_PONG = 8;
    private static final int OP_OK = 9;
    private static final int OP_ERR = 10;
    private static final int OP_RSUB = 11;
    private static final int OP_RUNSUB = 12;
    private static final int OP_RMSG = 13;
    private static final int OP_RHMSG = 14;

    private static final byte[] PUB = {'P', 'U', 'B'};
    private static final byte[] HPUB = {'H', 'P', 'U', 'B'};
    private static final byte[] SUB = {'S', 'U', 'B'};
    private static final byte[] UNSUB = {'U', 'N', 'S', 'U', 'B'};
    private static final byte[] CONNECT = {'C', 'O', 'N', 'N', 'E', 'C', 'T'};
    private static final byte[] INFO = {'I', 'N', 'F', 'O'};
    private static final byte[] PING = {'P', 'I', 'N', 'G'};
    private static final byte[] PONG = {'P', 'O', 'N', 'G'};
    private static final byte[] OK = {'+', 'O', 'K'};
    private static final byte[] ERR = {'-', 'E', 'R', 'R'};
    private static final byte[] RMSG = {'R', 'M', 'S', 'G'};
    private static final byte[] HMSG = {'H', 'M', 'S', 'G'};

    /** nats-server refuses sizes of more than 9 digits (999 MB). */
    private static final int MAX_SIZE_DIGITS = 9;
    /** The largest message buffer kept for reuse between split messages. */
    private static final int KEEP_MSG_BUF = 64 * 1024;
    private static final int MAX_TOKENS = 5;
    /** Route messages list the queue groups to deliver to: account, subject, '+', reply, sizes and the names. */
    private static final int MAX_ROUTE_TOKENS = 1024;

    private final ProtocolHandler handler;
    private final PubArgs pa = new PubArgs();
    private int[] tokStart = new int[MAX_TOKENS];
    private int[] tokEnd = new int[MAX_TOKENS];
    /** Route protocol instead of the client protocol (RS+, RS-, RMSG, HMSG; no PUB/SUB). */
    private boolean routeMode;

    private int maxControlLine;
    private int maxPayload;
    private boolean headers;
    private boolean awaitingConnect;

    private int state = START;
    private int op;
    private byte[] verb;
    private int verbPos;

    /** Start of the current argument in the caller's buffer (valid during one parse call). */
    private int argStart;
    /** The part of a control line received in earlier reads. */
    private byte[] argBuf;
    private int argLen;

    /** A message that spans reads: its bytes so far, including the trailing CRLF. */
    private byte[] msgBuf;
    private int msgLen;

    public ProtocolParser(ProtocolHandler handler, int maxControlLine, int maxPayload) {
        this.handler = handler;
        this.maxControlLine = maxControlLine;
        this.maxPayload = maxPayload;
    }

    /** Whether HPUB is accepted (the client announced headers in CONNECT). */
    public void setHeaders(boolean headers) {
        this.headers = headers;
    }

    /**
     * Switches to the route protocol: RS+, RS-, RMSG and HMSG with an account (and the queue
     * names a message is meant for), plus INFO, CONNECT, PING, PONG, +OK and -ERR. Client
     * operations (PUB, HPUB, SUB, UNSUB) and leaf node ones (LS+, LS-) are unknown operations.
     * Call before the first parse.
     */
    public void setRouteMode() {
        routeMode = true;
        headers = true;
        tokStart = new int[MAX_ROUTE_TOKENS];
        tokEnd = new int[MAX_ROUTE_TOKENS];
    }

    /** While set, anything but CONNECT is an authorization violation. */
    public void setAwaitingConnect(boolean awaitingConnect) {
        this.awaitingConnect = awaitingConnect;
    }

    public void setLimits(int maxControlLine, int maxPayload) {
        this.maxControlLine = maxControlLine;
        this.maxPayload = maxPayload;
    }

    /** Bytes held between reads (partial control line or message), for memory accounting. */
    public int bufferedBytes() {
        return argLen + msgLen;
    }

    /**
     * Parses {@code buf[off, off + len)}.
     *
     * @return null when all bytes were consumed (or the handler asked to stop), else the error
     *         that must end the connection
     */
    public ParseError parse(byte[] buf, int off, int len) {
        final int end = off + len;
        int i = off;
        if (state == ARG) {
            argStart = off;
        }
        while (i < end) {
            byte b = buf[i];
            switch (state) {
                case START -> {
                    if (awaitingConnect && b != 'C' && b != 'c') {
                        return ParseError.AUTHORIZATION;
                    }
                    if (routeMode) {
                        switch (b) {
                            case 'P', 'p' -> state = AFTER_P;
                            case 'R', 'r' -> state = AFTER_R;
                            case 'H', 'h' -> startVerb(HMSG, OP_RHMSG);
                            case 'C', 'c' -> startVerb(CONNECT, OP_CONNECT);
                            case 'I', 'i' -> startVerb(INFO, OP_INFO);
                            case '+' -> startVerb(OK, OP_OK);
                            case '-' -> startVerb(ERR, OP_ERR);
                            default -> {
                                return ParseError.UNKNOWN_OPERATION;
                            }
                        }
                        i++;
                        break;
                    }
                    switch (b) {
                        case 'P', 'p' -> state = AFTER_P;
                        case 'S', 's' -> startVerb(SUB, OP_SUB);
                        case 'U', 'u' -> startVerb(UNSUB, OP_UNSUB);
                        case 'H', 'h' -> startVerb(HPUB, OP_HPUB);
                        case 'C', 'c' -> startVerb(CONNECT, OP_CONNECT);
                        case 'I', 'i' -> startVerb(INFO, OP_INFO);
                        case '+' -> startVerb(OK, OP_OK);
                        case '-' -> startVerb(ERR, OP_ERR);
                        default -> {
                            return ParseError.UNKNOWN_OPERATION;
                        }
                    }
                    i++;
                }
                case AFTER_R -> {
                    switch (b) {
                        case 'S', 's' -> state = AFTER_RS;
                        case 'M', 'm' -> {
                            startVerb(RMSG, OP_RMSG);
                            verbPos = 2;
                        }
                        default -> {
                            return ParseError.UNKNOWN_OPERATION;
                        }
                    }
                    i++;
                }
                case AFTER_RS -> {
                    switch (b) {
                        case '+' -> op = OP_RSUB;
                        case '-' -> op = OP_RUNSUB;
                        default -> {
                            return ParseError.UNKNOWN_OPERATION;
                        }
                    }
                    state = NEED_SPACE;
                    i++;
                }
                case AFTER_P -> {
                    if (routeMode && (b == 'U' || b == 'u')) {
                        return ParseError.UNKNOWN_OPERATION;
                    }
                    switch (b) {
                        case 'U', 'u' -> startVerb(PUB, OP_PUB);
                        case 'I', 'i' -> startVerb(PING, OP_PING);
                        case 'O', 'o' -> startVerb(PONG, OP_PONG);
                        default -> {
                            return ParseError.UNKNOWN_OPERATION;
                        }
                    }
                    verbPos = 2;
                    i++;
                }
                case VERB -> {
                    int upper = b >= 'a' && b <= 'z' ? b - 32 : b;
                    if (upper != verb[verbPos]) {
                        return ParseError.UNKNOWN_OPERATION;
                    }
                    if (++verbPos == verb.length) {
                        state = switch (op) {
                            case OP_CONNECT, OP_INFO -> SKIP_SPACES;
                            case OP_PING, OP_PONG, OP_OK -> SKIP_LINE;
                            default -> NEED_SPACE;
                        };
                    }
                    i++;
                }
                case NEED_SPACE -> {
                    if (b != ' ' && b != '\t') {
                        return ParseError.UNKNOWN_OPERATION;
                    }
                    state = SKIP_SPACES;
                    i++;
                }
                case SKIP_SPACES -> {
                    if (b == ' ' || b == '\t') {
                        i++;
                    } else {
                        state = ARG;
                        argStart = i;
                    }
                }
                case ARG -> {
                    int nl = indexOfNewline(buf, i, end);
                    if (nl < 0) {
                        i = end;
                        break;
                    }
                    ParseError err = endOfArg(buf, nl);
                    if (err != null) {
                        return err;
                    }
                    i = nl + 1;
                    if (state == PAYLOAD) {
                        int need = pa.size + 2;
                        if (end - i >= need) {
                            // the whole message is in this read: hand it over in place
                            if (buf[i + pa.size] != '\r' || buf[i + pa.size + 1] != '\n') {
                                return ParseError.UNKNOWN_OPERATION;
                            }
                            state = START;
                            argLen = 0;
                            if (!handler.onMessage(pa, buf, i)) {
                                return null;
                            }
                            i += need;
                        } else {
                            startSplitMessage(need);
                        }
                    } else if (state == -1) {
                        state = START;
                        return null;
                    }
                }
                case SKIP_LINE -> {
                    int nl = indexOfNewline(buf, i, end);
                    if (nl < 0) {
                        i = end;
                        break;
                    }
                    i = nl + 1;
                    state = START;
                    boolean go = switch (op) {
                        case OP_PING -> handler.onPing();
                        case OP_PONG -> handler.onPong();
                        default -> true;
                    };
                    if (!go) {
                        return null;
                    }
                }
                case PAYLOAD -> {
                    int need = pa.size + 2;
                    int n = Math.min(need - msgLen, end - i);
                    System.arraycopy(buf, i, msgBuf, msgLen, n);
                    msgLen += n;
                    i += n;
                    if (msgLen == need) {
                        if (msgBuf[pa.size] != '\r' || msgBuf[pa.size + 1] != '\n') {
                            return ParseError.UNKNOWN_OPERATION;
                        }
                        state = START;
                        argLen = 0;
                        msgLen = 0;
                        byte[] msg = msgBuf;
                        if (msg.length > KEEP_MSG_BUF) {
                            msgBuf = null;
                        }
                        if (!handler.onMessage(pa, msg, 0)) {
                            return null;
                        }
                    }
                }
                default -> throw new IllegalStateException("parser state " + state);
            }
        }
        if (state == ARG) {
            return keepPartialArg(buf, argStart, end);
        }
        if (state == PAYLOAD && pa.buf == buf) {
            // message continues in the next read: the arguments must outlive this buffer
            keepPubArgs();
        }
        return null;
    }

    private void startVerb(byte[] keyword, int operation) {
        verb = keyword;
        verbPos = 1;
        op = operation;
        state = VERB;
    }

    private static int indexOfNewline(byte[] buf, int from, int end) {
        for (int i = from; i < end; i++) {
            if (buf[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Stores the start of a control line that continues in the next read. */
    private ParseError keepPartialArg(byte[] buf, int from, int end) {
        int n = end - from;
        if (argLen + n > maxControlLine + 1) {
            // +1: a trailing CR is not part of the argument
            return ParseError.MAX_CONTROL_LINE;
        }
        ensureArgCapacity(argLen + n);
        System.arraycopy(buf, from, argBuf, argLen, n);
        argLen += n;
        return null;
    }

    private void ensureArgCapacity(int n) {
        if (argBuf == null || argBuf.length < n) {
            int cap = Math.max(64, Integer.highestOneBit(Math.max(n, 1) - 1) << 1);
            byte[] nb = new byte[Math.max(cap, n)];
            if (argBuf != null) {
                System.arraycopy(argBuf, 0, nb, 0, argLen);
            }
            argBuf = nb;
        }
    }

    /** Completes a control line that ends at {@code nl} (the LF) and dispatches it. */
    private ParseError endOfArg(byte[] buf, int nl) {
        byte[] line;
        int from;
        int to;
        if (argLen > 0) {
            ParseError err = keepPartialArg(buf, argStart, nl);
            if (err != null) {
                return err;
            }
            line = argBuf;
            from = 0;
            to = argLen;
        } else {
            line = buf;
            from = argStart;
            to = nl;
        }
        if (to > from && line[to - 1] == '\r') {
            to--;
        }
        if (to - from > maxControlLine) {
            return ParseError.MAX_CONTROL_LINE;
        }
        ParseError err = dispatch(line, from, to);
        if (state != PAYLOAD) {
            argLen = 0;
        }
        return err;
    }

    private ParseError dispatch(byte[] line, int from, int to) {
        switch (op) {
            case OP_PUB -> {
                return clientMessageArgs(line, from, to, false);
            }
            case OP_HPUB -> {
                if (!headers) {
                    return ParseError.HEADERS_NOT_SUPPORTED;
                }
                return clientMessageArgs(line, from, to, true);
            }
            case OP_SUB -> {
                int n = tokenize(line, from, to);
                boolean go;
                if (n == 2) {
                    go = handler.onSub(line, tokStart[0], tokLen(0), 0, 0, tokStart[1], tokLen(1));
                } else if (n == 3) {
                    go = handler.onSub(line, tokStart[0], tokLen(0), tokStart[1], tokLen(1), tokStart[2], tokLen(2));
                } else {
                    return ParseError.BAD_ARGUMENTS;
                }
                return stopUnless(go);
            }
            case OP_UNSUB -> {
                int n = tokenize(line, from, to);
                boolean go;
                if (n == 1) {
                    go = handler.onUnsub(line, tokStart[0], tokLen(0), -1);
                } else if (n == 2) {
                    go = handler.onUnsub(line, tokStart[0], tokLen(0), parseSize(line, tokStart[1], tokLen(1)));
                } else {
                    return ParseError.BAD_ARGUMENTS;
                }
                return stopUnless(go);
            }
            case OP_CONNECT -> {
                return stopUnless(handler.onConnect(line, from, to - from));
            }
            case OP_INFO -> {
                return stopUnless(handler.onInfo(line, from, to - from));
            }
            case OP_ERR -> {
                return stopUnless(handler.onErr(line, from, to - from));
            }
            case OP_RSUB -> {
                int n = tokenize(line, from, to);
                boolean go;
                if (n == 2) {
                    go = handler.onRouteSub(line, tokStart[0], tokLen(0), tokStart[1], tokLen(1), 0, 0, 1);
                } else if (n == 4) {
                    long w = parseSize(line, tokStart[3], tokLen(3));
                    if (w < 0) {
                        return ParseError.BAD_ARGUMENTS;
                    }
                    go = handler.onRouteSub(line, tokStart[0], tokLen(0), tokStart[1], tokLen(1),
                            tokStart[2], tokLen(2), (int) w);
                } else {
                    return ParseError.BAD_ARGUMENTS;
                }
                return stopUnless(go);
            }
            case OP_RUNSUB -> {
                int n = tokenize(line, from, to);
                boolean go;
                if (n == 2) {
                    go = handler.onRouteUnsub(line, tokStart[0], tokLen(0), tokStart[1], tokLen(1), 0, 0);
                } else if (n == 3) {
                    go = handler.onRouteUnsub(line, tokStart[0], tokLen(0), tokStart[1], tokLen(1),
                            tokStart[2], tokLen(2));
                } else {
                    return ParseError.BAD_ARGUMENTS;
                }
                return stopUnless(go);
            }
            case OP_RMSG -> {
                return routedArgs(line, from, to, false);
            }
            case OP_RHMSG -> {
                return routedArgs(line, from, to, true);
            }
            default -> throw new IllegalStateException("operation " + op);
        }
    }

    /** Marks "stop parsing, no error" when the handler declined to go on. */
    private ParseError stopUnless(boolean go) {
        state = go ? START : -1;
        return null;
    }

    /** PUB ({@code subject [reply] size}) and HPUB ({@code subject [reply] hdr size}). */
    private ParseError clientMessageArgs(byte[] line, int from, int to, boolean hdr) {
        int n = tokenize(line, from, to);
        int sizes = hdr ? 2 : 1;
        if (n != 1 + sizes && n != 2 + sizes) {
            return ParseError.BAD_ARGUMENTS;
        }
        pa.buf = line;
        pa.accountOff = 0;
        pa.accountLen = 0;
        pa.queuesOff = 0;
        pa.queuesLen = 0;
        pa.subjectOff = tokStart[0];
        pa.subjectLen = tokLen(0);
        if (n == 2 + sizes) {
            pa.replyOff = tokStart[1];
            pa.replyLen = tokLen(1);
        } else {
            pa.replyOff = 0;
            pa.replyLen = 0;
        }
        return messageSizes(line, n, hdr);
    }

    /**
     * The last tokens of every message line, {@code [hdr] size}: records them, refuses bad
     * numbers (silent close) and sizes over max_payload, and moves on to the payload.
     */
    private ParseError messageSizes(byte[] line, int n, boolean hdr) {
        if (hdr) {
            pa.hdrSizeOff = tokStart[n - 2];
            pa.hdrSizeLen = tokLen(n - 2);
            pa.hdrSize = (int) parseSize(line, pa.hdrSizeOff, pa.hdrSizeLen);
        } else {
            pa.hdrSizeOff = 0;
            pa.hdrSizeLen = 0;
            pa.hdrSize = -1;
        }
        pa.sizeOff = tokStart[n - 1];
        pa.sizeLen = tokLen(n - 1);
        pa.size = (int) parseSize(line, pa.sizeOff, pa.sizeLen);
        if (pa.size < 0 || (hdr && (pa.hdrSize < 0 || pa.hdrSize > pa.size))) {
            return ParseError.BAD_ARGUMENTS;
        }
        if (pa.size > maxPayload) {
            return ParseError.MAX_PAYLOAD;
        }
        state = PAYLOAD;
        return null;
    }

    /**
     * RMSG and route HMSG: {@code account subject [reply] [hdr] size}, or with the queue groups
     * the message is meant for, {@code account subject + reply queue... [hdr] size} and
     * {@code account subject | queue... [hdr] size}.
     */
    private ParseError routedArgs(byte[] line, int from, int to, boolean hdr) {
        int n = tokenize(line, from, to);
        int sizes = hdr ? 2 : 1;
        if (n > tokStart.length || n < 2 + sizes) {
            return ParseError.BAD_ARGUMENTS;
        }
        pa.buf = line;
        pa.accountOff = tokStart[0];
        pa.accountLen = tokLen(0);
        pa.subjectOff = tokStart[1];
        pa.subjectLen = tokLen(1);
        pa.replyOff = 0;
        pa.replyLen = 0;
        pa.queuesOff = 0;
        pa.queuesLen = 0;
        int middle = n - 2 - sizes; // tokens between the subject and the sizes
        int firstQueue = -1;
        if (middle == 1 && !isMarker(line, 2)) {
            pa.replyOff = tokStart[2];
            pa.replyLen = tokLen(2);
        } else if (middle >= 2 && tokLen(2) == 1 && line[tokStart[2]] == '+') {
            pa.replyOff = tokStart[3];
            pa.replyLen = tokLen(3);
            firstQueue = 4;
        } else if (middle >= 1 && tokLen(2) == 1 && line[tokStart[2]] == '|') {
            firstQueue = 3;
        } else if (middle != 0) {
            return ParseError.BAD_ARGUMENTS;
        }
        int lastQueue = n - sizes - 1;
        if (firstQueue >= 0 && firstQueue <= lastQueue) {
            pa.queuesOff = tokStart[firstQueue];
            pa.queuesLen = tokEnd[lastQueue] - pa.queuesOff;
        }
        return messageSizes(line, n, hdr);
    }

    private boolean isMarker(byte[] line, int tok) {
        return tokLen(tok) == 1 && (line[tokStart[tok]] == '+' || line[tokStart[tok]] == '|');
    }

    /** Prepares to collect a message that continues in later reads. */
    private void startSplitMessage(int need) {
        if (msgBuf == null || msgBuf.length < need) {
            msgBuf = new byte[need];
        }
        msgLen = 0;
    }

    /** Copies the PUB line into our own buffer so its ranges survive the caller's buffer. */
    private void keepPubArgs() {
        int from = Math.min(pa.subjectOff, pa.sizeOff);
        if (pa.hdrSizeLen > 0) {
            from = Math.min(from, pa.hdrSizeOff);
        }
        if (pa.accountLen > 0) {
            from = Math.min(from, pa.accountOff);
        }
        int to = pa.sizeOff + pa.sizeLen;
        int n = to - from;
        argLen = 0;
        ensureArgCapacity(n);
        System.arraycopy(pa.buf, from, argBuf, 0, n);
        argLen = n;
        pa.rebase(argBuf, -from);
    }

    /** Splits on runs of spaces and tabs; returns the token count (capacity + 1 when more). */
    private int tokenize(byte[] line, int from, int to) {
        final int max = tokStart.length;
        int n = 0;
        int start = -1;
        for (int i = from; i < to; i++) {
            byte b = line[i];
            if (b == ' ' || b == '\t') {
                if (start >= 0) {
                    if (n == max) {
                        return max + 1;
                    }
                    tokStart[n] = start;
                    tokEnd[n++] = i;
                    start = -1;
                }
            } else if (start < 0) {
                start = i;
            }
        }
        if (start >= 0) {
            if (n == max) {
                return max + 1;
            }
            tokStart[n] = start;
            tokEnd[n++] = to;
        }
        return n;
    }

    private int tokLen(int t) {
        return tokEnd[t] - tokStart[t];
    }

    /** A decimal of at most 9 digits, or -1 (as nats-server: longer numbers are invalid). */
    public static long parseSize(byte[] buf, int off, int len) {
        if (len == 0 || len > MAX_SIZE_DIGITS) {
            return -1;
        }
        long n = 0;
        for (int i = off; i < off + len; i++) {
            int d = buf[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            n = n * 10 + d;
        }
        return n;
    }
}
