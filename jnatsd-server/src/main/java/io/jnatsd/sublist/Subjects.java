package io.jnatsd.sublist;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Subject syntax: validation, wildcard detection, pattern matching and the one place that turns
 * wire bytes into subject Strings. Stateless, thread-safe, allocation-free except where noted.
 *
 * <p>Rules (nats-server 2.9 sublist.go): tokens are separated by '.', no token may be empty;
 * a token that is exactly "*" matches one token, a token that is exactly "&gt;" matches one or more
 * trailing tokens and must be the last; "foo*" or "f&gt;" are plain literal tokens.
 *
 * <p>Charset: subjects are UTF-8 on the wire and UTF-8-decoded Strings everywhere in the server
 * (config, monitoring and the index all see the same text). UTF-8 never puts '.', '*' or '&gt;'
 * inside a multi-byte sequence, so tokens are the same whether split as bytes or as chars.
 * Bytes that are not valid UTF-8 decode one by one to the lone surrogates U+DC80..U+DCFF
 * (the "surrogateescape" idea), so decoding is one-to-one: two different byte sequences are
 * never the same subject, as nats-server (which compares bytes) sees them, and
 * {@link #encode} gives the original bytes back.
 */
public final class Subjects {
    /** The charset of every subject String built from wire bytes. */
    public static final Charset CHARSET = StandardCharsets.UTF_8;

    private Subjects() {
    }

    private static final char ESCAPE_BASE = 0xDC00;

    /** Decodes wire bytes into a subject String; the only sanctioned bytes-to-subject conversion. */
    public static String decode(byte[] buf, int off, int len) {
        int end = off + len;
        for (int i = off; i < end; i++) {
            if (buf[i] < 0) {
                return decodeNonAscii(buf, off, len);
            }
        }
        return new String(buf, off, len, StandardCharsets.ISO_8859_1); // ASCII: same as UTF-8, faster
    }

    private static String decodeNonAscii(byte[] buf, int off, int len) {
        java.nio.charset.CharsetDecoder dec = CHARSET.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(buf, off, len);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(len);
        while (true) {
            java.nio.charset.CoderResult r = dec.decode(in, out, true);
            if (r.isUnderflow()) {
                break;
            }
            if (r.isOverflow()) {
                throw new IllegalStateException("a subject never decodes to more chars than bytes");
            }
            if (r.isError()) {
                for (int k = 0; k < r.length(); k++) {
                    out.put((char) (ESCAPE_BASE | (in.get() & 0xFF)));
                }
            }
        }
        dec.flush(out);
        out.flip();
        return out.toString();
    }

    /** The wire bytes of a subject (or any protocol text holding subjects); inverse of {@link #decode}. */
    public static byte[] encode(String s) {
        boolean plain = true;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                plain = false;
                break;
            }
        }
        if (plain) {
            return s.getBytes(StandardCharsets.ISO_8859_1);
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(s.length() + 8);
        int start = 0;
        for (int i = 0; i <= s.length(); i++) {
            boolean escaped = i < s.length() && s.charAt(i) >= 0xDC80 && s.charAt(i) <= 0xDCFF;
            if (i == s.length() || escaped) {
                out.writeBytes(s.substring(start, i).getBytes(CHARSET));
                if (escaped) {
                    out.write(s.charAt(i) & 0xFF);
                }
                start = i + 1;
            }
        }
        return out.toByteArray();
    }

    /**
     * A publish subject: non-empty, no empty token, no "*" or "&gt;" token (nats-server's
     * IsValidLiteralSubject, used for the pedantic PUB check). Whitespace is not checked: the
     * parser has already split on it.
     */
    public static boolean isValidLiteral(byte[] buf, int off, int len) {
        if (len <= 0) {
            return false;
        }
        int start = off;
        int end = off + len;
        for (int i = off; i <= end; i++) {
            if (i == end || buf[i] == '.') {
                int tlen = i - start;
                if (tlen == 0 || (tlen == 1 && isWildcardChar(buf[start]))) {
                    return false;
                }
                start = i + 1;
            }
        }
        return true;
    }

    /** String form of {@link #isValidLiteral(byte[], int, int)}. */
    public static boolean isValidLiteral(String subject) {
        if (subject == null || subject.isEmpty()) {
            return false;
        }
        int start = 0;
        int end = subject.length();
        for (int i = 0; i <= end; i++) {
            if (i == end || subject.charAt(i) == '.') {
                int tlen = i - start;
                if (tlen == 0 || (tlen == 1 && isWildcardChar(subject.charAt(start)))) {
                    return false;
                }
                start = i + 1;
            }
        }
        return true;
    }

    /**
     * A subscribe subject: non-empty, no empty token, "&gt;" only as the last token. Exactly what
     * {@link Sublist#insert} accepts (nats-server rejects SUB with "Invalid Subject" on the same rule).
     */
    public static boolean isValidSubscribe(String subject) {
        if (subject == null || subject.isEmpty()) {
            return false;
        }
        int start = 0;
        int end = subject.length();
        for (int i = 0; i <= end; i++) {
            if (i == end || subject.charAt(i) == '.') {
                int tlen = i - start;
                if (tlen == 0 || (tlen == 1 && subject.charAt(start) == '>' && i != end)) {
                    return false;
                }
                start = i + 1;
            }
        }
        return true;
    }

    /** Bytes form of {@link #isValidSubscribe(String)}. */
    public static boolean isValidSubscribe(byte[] buf, int off, int len) {
        if (len <= 0) {
            return false;
        }
        int start = off;
        int end = off + len;
        for (int i = off; i <= end; i++) {
            if (i == end || buf[i] == '.') {
                int tlen = i - start;
                if (tlen == 0 || (tlen == 1 && buf[start] == '>' && i != end)) {
                    return false;
                }
                start = i + 1;
            }
        }
        return true;
    }

    /** True if no token is exactly "*" or "&gt;". Does not validate (nats-server's subjectIsLiteral). */
    public static boolean isLiteral(String subject) {
        int n = subject.length();
        for (int i = 0; i < n; i++) {
            char c = subject.charAt(i);
            if ((c == '*' || c == '>')
                    && (i == 0 || subject.charAt(i - 1) == '.')
                    && (i + 1 == n || subject.charAt(i + 1) == '.')) {
                return false;
            }
        }
        return true;
    }

    /** True if the subject has a "*" or "&gt;" token. */
    public static boolean hasWildcard(String subject) {
        return !isLiteral(subject);
    }

    /**
     * True if {@code pattern} (a subscription subject, wildcards allowed) matches {@code literal}
     * (a publish subject; its "*" / "&gt;" characters are plain text). "&gt;" is a wildcard only as the
     * last token, as in the trie. Allocation-free.
     */
    public static boolean matches(String pattern, String literal) {
        int pn = pattern.length();
        int ln = literal.length();
        int pi = 0;
        int li = 0;
        for (;;) {
            int pe = pattern.indexOf('.', pi);
            if (pe < 0) {
                pe = pn;
            }
            int le = literal.indexOf('.', li);
            if (le < 0) {
                le = ln;
            }
            int plen = pe - pi;
            if (plen == 1 && pe == pn && pattern.charAt(pi) == '>') {
                return true; // the literal has a current token, which '>' needs: one or more
            }
            boolean pwc = plen == 1 && pattern.charAt(pi) == '*';
            if (!pwc && (plen != le - li || !pattern.regionMatches(pi, literal, li, plen))) {
                return false;
            }
            boolean pMore = pe < pn;
            boolean lMore = le < ln;
            if (pMore != lMore) {
                return false;
            }
            if (!pMore) {
                return true;
            }
            pi = pe + 1;
            li = le + 1;
        }
    }

    /**
     * Splits a subject into tokens, or returns null if it is empty or has an empty token.
     * Allocates; used on the index's slow paths only.
     */
    static String[] tokenize(String subject) {
        int n = subject.length();
        if (n == 0) {
            return null;
        }
        int count = 1;
        for (int i = 0; i < n; i++) {
            if (subject.charAt(i) == '.') {
                count++;
            }
        }
        String[] tokens = new String[count];
        int start = 0;
        int t = 0;
        for (int i = 0; i <= n; i++) {
            if (i == n || subject.charAt(i) == '.') {
                if (i == start) {
                    return null;
                }
                tokens[t++] = count == 1 ? subject : subject.substring(start, i);
                start = i + 1;
            }
        }
        return tokens;
    }

    private static boolean isWildcardChar(int c) {
        return c == '*' || c == '>';
    }
}
