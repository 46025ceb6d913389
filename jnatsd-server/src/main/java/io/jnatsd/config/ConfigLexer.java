package io.jnatsd.config;

import io.jnatsd.config.Token.Type;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/**
 * Splits configuration text into {@link Token}s, one {@link #next()} at a time.
 *
 * <p>The accepted syntax is nats-server's (conf/lex.go). Whether a character starts a key, a
 * value or ends one depends on where the lexer is (top level, map, array), so this is an explicit
 * state machine. The state to return to after a value is kept on a stack of its own, not on the
 * Java stack, so deep nesting cannot overflow it (the parser bounds the depth).
 *
 * <p>The lexer never throws: a syntax error is an {@code ERROR} token, and every later call
 * returns the same token. Error texts are nats-server's where it has one.
 */
final class ConfigLexer {

    private enum State {
        TOP, TOP_KEY_END, TOP_VALUE_END,
        MAP_KEY_START, MAP_KEY_END, MAP_VALUE, MAP_VALUE_END,
        ARRAY_VALUE, ARRAY_VALUE_END,
        VALUE, INCLUDE, DONE
    }

    private static final int EOF = -1;

    private final String in;
    private final String file;
    private int pos;
    private int line = 1;
    private int lineStart;
    private State state = State.TOP;
    private final ArrayDeque<State> returnTo = new ArrayDeque<>();
    private Position includeKeyword;
    private Token stuck;

    ConfigLexer(String input, String file) {
        this.in = input;
        this.file = file;
    }

    /** The next token; after {@code EOF} or {@code ERROR}, the same token again. */
    Token next() {
        if (stuck != null) {
            return stuck;
        }
        Token t;
        do {
            t = step();
        } while (t == null);
        if (t.type() == Type.ERROR || t.type() == Type.EOF) {
            stuck = t;
        }
        return t;
    }

    /** One transition; null when it consumed input (or changed state) without producing a token. */
    private Token step() {
        return switch (state) {
            case TOP -> top();
            case TOP_KEY_END -> topKeyEnd();
            case TOP_VALUE_END -> topValueEnd();
            case MAP_KEY_START -> mapKeyStart();
            case MAP_KEY_END -> mapKeyEnd();
            case MAP_VALUE -> mapValue();
            case MAP_VALUE_END -> mapValueEnd();
            case ARRAY_VALUE -> arrayValue();
            case ARRAY_VALUE_END -> arrayValueEnd();
            case VALUE -> value();
            case INCLUDE -> include();
            case DONE -> new Token(Type.EOF, "", here());
        };
    }

    // ---------------------------------------------------------------- top level

    private Token top() {
        int c = peek();
        if (c == EOF) {
            state = State.DONE;
            return new Token(Type.EOF, "", here());
        }
        // nats-server lets a whole file be wrapped in braces, JSON style.
        if (isSpace(c) || c == '{' || c == '}') {
            advance();
            return null;
        }
        if (atComment()) {
            skipComment();
            return null;
        }
        if (c == '/') {
            return error("Unexpected '/'; comments start with '#' or '//'.");
        }
        returnTo.push(State.TOP_VALUE_END);
        return key(false);
    }

    private Token topKeyEnd() {
        int c = peek();
        if (c != EOF && isSpace(c)) {
            advance();
            return null;
        }
        if (c == '=' || c == ':') {
            advance();
        }
        // At EOF the parser sees a key without a value and reports it.
        state = c == EOF ? State.DONE : State.VALUE;
        return null;
    }

    private Token topValueEnd() {
        int c = peek();
        // A '/' that does not start a comment is skipped like a blank, as nats-server does.
        if (isBlank(c) || isLoneSlash()) {
            advance();
            return null;
        }
        if (atComment()) {
            skipComment();
            state = State.TOP;
            return null;
        }
        if (isNewline(c) || c == ';' || c == ',' || c == '}') {
            advance();
            state = State.TOP;
            return null;
        }
        if (c == EOF) {
            state = State.TOP;
            return null;
        }
        return error("Expected a top-level value to end with a new line, comment or EOF, but got '"
                + describe(c) + "' instead.");
    }

    // ---------------------------------------------------------------- keys

    /** A key at the current position, at the top level or in a map; or an include. */
    private Token key(boolean inMap) {
        int c = peek();
        Position at = here();
        if (c == '=' || c == ':') {
            return error("Unexpected key separator '" + describe(c) + "'" + (inMap ? "." : ""));
        }
        if (c == '"' || c == '\'') {
            Quoted key = rawQuoted();
            if (key == null) {
                return error(at, !inMap ? "Unexpected EOF."
                        : c == '"' ? "Unexpected EOF processing double quoted map key."
                        : "Unexpected EOF processing quoted map key.");
            }
            state = inMap ? State.MAP_KEY_END : State.TOP_KEY_END;
            return new Token(Type.KEY, key.text(), key.start());
        }
        int from = pos;
        while (c != EOF && !isSpace(c) && c != '=' && c != ':') {
            advance();
            c = peek();
        }
        String key = in.substring(from, pos);
        if (c == EOF && inMap) {
            return error("Unexpected EOF processing map key.");
        }
        // "include" is a keyword only when followed by white space, as in nats-server.
        if (c != EOF && isSpace(c) && key.equalsIgnoreCase("include")) {
            if (inMap) {
                returnTo.push(State.MAP_VALUE_END);
            }
            includeKeyword = at;
            state = State.INCLUDE;
            return null;
        }
        state = inMap ? State.MAP_KEY_END : State.TOP_KEY_END;
        return new Token(Type.KEY, key, at);
    }

    // ---------------------------------------------------------------- maps

    private Token mapKeyStart() {
        int c = peek();
        if (c != EOF && isSpace(c)) {
            advance();
            return null;
        }
        if (atComment()) {
            skipComment();
            return null;
        }
        if (c == '}') {
            return closeContainer(Type.MAP_END);
        }
        if (c == EOF) {
            return error("Unexpected EOF processing map.");
        }
        if (c == ']') {
            return error("Unexpected array end ']' processing map.");
        }
        return key(true);
    }

    private Token mapKeyEnd() {
        int c = peek();
        if (c != EOF && isSpace(c)) {
            advance();
            return null;
        }
        if (c == '=' || c == ':') {
            advance();
        }
        state = State.MAP_VALUE;
        return null;
    }

    /** In a map, unlike at the top level, the value may start on the next line. */
    private Token mapValue() {
        int c = peek();
        if (c != EOF && isSpace(c)) {
            advance();
            return null;
        }
        if (c == EOF) {
            return error("Unexpected EOF processing map.");
        }
        if (c == ',') {
            return error("Unexpected map value terminator \",\".");
        }
        if (c == '}') {
            // A key without a value: the parser reports it.
            return closeContainer(Type.MAP_END);
        }
        returnTo.push(State.MAP_VALUE_END);
        state = State.VALUE;
        return null;
    }

    private Token mapValueEnd() {
        int c = peek();
        if (isBlank(c)) {
            advance();
            return null;
        }
        if (atComment()) {
            skipComment();
            return null;
        }
        // A '/' that does not start a comment separates like ',', as nats-server does.
        if (isNewline(c) || c == ',' || c == ';' || isLoneSlash()) {
            advance();
            state = State.MAP_KEY_START;
            return null;
        }
        if (c == '}') {
            return closeContainer(Type.MAP_END);
        }
        if (c == EOF) {
            return error("Unexpected EOF processing map.");
        }
        return error("Expected a map value terminator \",\" or a map terminator \"}\", but got '"
                + describe(c) + "' instead.");
    }

    // ---------------------------------------------------------------- arrays

    private Token arrayValue() {
        int c = peek();
        if (c != EOF && isSpace(c)) {
            advance();
            return null;
        }
        if (atComment()) {
            skipComment();
            return null;
        }
        if (c == ']') {
            return closeContainer(Type.ARRAY_END);
        }
        if (c == EOF) {
            return error("Unexpected EOF processing array.");
        }
        if (c == ',') {
            return error("Unexpected array value terminator ','.");
        }
        returnTo.push(State.ARRAY_VALUE_END);
        state = State.VALUE;
        return null;
    }

    private Token arrayValueEnd() {
        int c = peek();
        if (isBlank(c)) {
            advance();
            return null;
        }
        if (atComment()) {
            skipComment();
            return null;
        }
        // A '/' that does not start a comment separates like ',', as nats-server does.
        if (isNewline(c) || c == ',' || isLoneSlash()) {
            advance();
            state = State.ARRAY_VALUE;
            return null;
        }
        if (c == ']') {
            return closeContainer(Type.ARRAY_END);
        }
        if (c == EOF) {
            return error("Unexpected EOF processing array.");
        }
        return error("Expected an array value terminator \",\" or an array terminator \"]\", but got '"
                + describe(c) + "' instead.");
    }

    private Token closeContainer(Type type) {
        Position at = here();
        advance();
        state = returnTo.pop();
        return new Token(type, "", at);
    }

    // ---------------------------------------------------------------- values

    private Token value() {
        int c = peek();
        if (isBlank(c)) {
            advance();
            return null;
        }
        Position at = here();
        if (c == EOF) {
            // nats-server reads "key:" at the very end of a file as an empty string.
            return valueDone(new Token(Type.STRING, "", at));
        }
        if (isNewline(c)) {
            return error("Expected value but found new line");
        }
        switch (c) {
            case '[':
                advance();
                state = State.ARRAY_VALUE;
                return new Token(Type.ARRAY_START, "", at);
            case '{':
                advance();
                state = State.MAP_KEY_START;
                return new Token(Type.MAP_START, "", at);
            case '\'':
                return valueDone(singleQuoted());
            case '"':
                return valueDone(doubleQuoted());
            case '-':
                return valueDone(negativeNumber(at));
            case '(':
                return valueDone(block(at));
            case '.':
                return error("Floats must start with a digit");
            default:
                break;
        }
        if (isDigit(c)) {
            return valueDone(number(at));
        }
        return valueDone(bareString(at, pos, pos));
    }

    /** After a scalar: back to whatever asked for the value (a key's line end, an array, a map). */
    private Token valueDone(Token t) {
        if (t.type() != Type.ERROR) {
            state = returnTo.pop();
        }
        return t;
    }

    private Token singleQuoted() {
        Position quote = here();
        Quoted s = rawQuoted();
        if (s == null) {
            return error(quote, "Unexpected EOF in quoted string.");
        }
        return new Token(Type.STRING, s.text(), s.start());
    }

    /** Text between quotes, taken as it is, and where it starts (after the opening quote). */
    private record Quoted(String text, Position start) {
    }

    /**
     * A run between quotes with no escapes (keys, single-quoted strings, include paths), from
     * the opening quote at the current position through the closing one of the same kind. Null
     * at EOF: the caller says what was left open, in nats-server's words for that place.
     */
    private Quoted rawQuoted() {
        int quote = peek();
        advance();
        Position start = here();
        int from = pos;
        while (peek() != quote) {
            if (peek() == EOF) {
                return null;
            }
            advance();
        }
        String text = in.substring(from, pos);
        advance();
        return new Quoted(text, start);
    }

    private Token doubleQuoted() {
        Position quote = here();
        advance();
        Position start = here();
        Chars out = new Chars();
        while (true) {
            int c = peek();
            if (c == EOF) {
                return error(quote, "Unexpected EOF in quoted string.");
            }
            if (c == '"') {
                advance();
                return new Token(Type.STRING, out.toString(), start);
            }
            if (c == '\\') {
                Token bad = escape(out);
                if (bad != null) {
                    return bad;
                }
            } else {
                out.append((char) c);
                advance();
            }
        }
    }

    /**
     * An unquoted string from {@code from}; it may turn out to be a boolean or a $variable.
     * Characters before {@code rawUntil} are already known to be part of it, taken as they are.
     */
    private Token bareString(Position at, int from, int rawUntil) {
        Chars escaped = null;
        boolean quoteEnded = false;
        int end;
        while (true) {
            int c = peek();
            if (pos < rawUntil) {
                advance();
                continue;
            }
            if (c == EOF || isNewline(c) || isBlank(c) || c == ';' || c == ',' || c == ']' || c == '}') {
                end = pos;
                break;
            }
            if (c == '\'') {
                // nats-server ends a bare string at a single quote and drops the quote.
                end = pos;
                advance();
                quoteEnded = true;
                break;
            }
            if (c == '\\') {
                if (escaped == null) {
                    escaped = new Chars();
                    escaped.append(in, from, pos);
                }
                Token bad = escape(escaped);
                if (bad != null) {
                    return bad;
                }
            } else {
                if (escaped != null) {
                    escaped.append((char) c);
                }
                advance();
            }
        }
        if (escaped != null) {
            return new Token(Type.STRING, escaped.toString(), at);
        }
        String text = in.substring(from, end);
        if (!quoteEnded && isBoolWord(text)) {
            return new Token(Type.BOOL, text, at);
        }
        if (!quoteEnded && text.startsWith("$")) {
            return new Token(Type.VARIABLE, text.substring(1), at);
        }
        return new Token(Type.STRING, text, at);
    }

    /** Consumes one escape sequence (at the backslash) into {@code out}; an error token or null. */
    private Token escape(Chars out) {
        Position at = here();
        advance();
        int c = peek();
        switch (c) {
            case 't' -> out.append('\t');
            case 'n' -> out.append('\n');
            case 'r' -> out.append('\r');
            case '"' -> out.append('"');
            case '\\' -> out.append('\\');
            case 'x' -> {
                advance();
                return hexByte(out);
            }
            default -> {
                return error(at, "Invalid escape character '" + describe(c) + "'. Only the following "
                        + "escape characters are allowed: \\xXX, \\t, \\n, \\r, \\\", \\\\.");
            }
        }
        advance();
        return null;
    }

    private Token hexByte(Chars out) {
        int from = pos;
        for (int i = 0; i < 2; i++) {
            int c = peek();
            if (c == EOF || isNewline(c)) {
                return error("Expected two hexadecimal digits after '\\x', but hit end of line");
            }
            advance();
        }
        String hex = in.substring(from, pos);
        int hi = hexDigit(hex.charAt(0));
        int lo = hexDigit(hex.charAt(1));
        if (hi < 0 || lo < 0) {
            return error("Expected two hexadecimal digits after '\\x', but got '" + hex + "'");
        }
        out.appendByte(hi << 4 | lo);
        return null;
    }

    /**
     * A value starting with a digit: integer (maybe with a size suffix), float, date, IP address,
     * or a string that merely starts with a digit ({@code 2s}, {@code 10ms}).
     */
    private Token number(Position at) {
        int from = pos;
        while (isDigit(peek())) {
            advance();
        }
        int c = peek();
        if (c == '-') {
            if (pos - from != 4) {
                return error("All ISO8601 dates must be in full Zulu form.");
            }
            return dateAfterYear(at, from);
        }
        if (c == '.') {
            advance();
            return fraction(at, from);
        }
        if (isSizeSuffix(c)) {
            advance();
            while (isSizeSuffixTail(peek())) {
                advance();
            }
            return endsNumber(peek()) ? new Token(Type.INTEGER, in.substring(from, pos), at)
                    : bareString(at, from, pos);
        }
        if (endsNumber(c)) {
            return new Token(Type.INTEGER, in.substring(from, pos), at);
        }
        // Like nats-server, the character that ended the digits belongs to the string as it is:
        // "4\22" is the text 4\22, not an escape.
        return bareString(at, from, pos + 1);
    }

    private Token negativeNumber(Position at) {
        int from = pos;
        advance();
        int c = peek();
        if (!isDigit(c)) {
            return error(c == '.' ? "Floats must start with a digit, not '.'."
                    : "Expected a digit but got '" + describe(c) + "'.");
        }
        while (isDigit(peek())) {
            advance();
        }
        c = peek();
        if (c == '.') {
            advance();
            return fraction(at, from);
        }
        if (isSizeSuffix(c)) {
            advance();
            while (isSizeSuffixTail(peek())) {
                advance();
            }
            return endsNumber(peek()) ? new Token(Type.INTEGER, in.substring(from, pos), at)
                    : bareString(at, from, pos);
        }
        // Anything glued to the number is left for the value-end state to reject.
        return new Token(Type.INTEGER, in.substring(from, pos), at);
    }

    /** After {@code digits.}: a float, or an IP address / host:port when a second dot follows. */
    private Token fraction(Position at, int from) {
        int c = peek();
        if (!isDigit(c)) {
            return error("Floats must have a digit after the '.', but got '" + describe(c) + "' instead.");
        }
        while (isDigit(peek())) {
            advance();
        }
        if (peek() == '.') {
            advance();
            while (isDigit(peek()) || peek() == '.' || peek() == ':' || peek() == '-') {
                advance();
            }
            return new Token(Type.STRING, in.substring(from, pos), at);
        }
        return new Token(Type.FLOAT, in.substring(from, pos), at);
    }

    /** {@code YYYY} is consumed and a '-' follows: the rest must be {@code -MM-DDTHH:MM:SSZ}. */
    private Token dateAfterYear(Position at, int from) {
        advance();
        String shape = "00-00T00:00:00Z";
        for (int i = 0; i < shape.length(); i++) {
            char want = shape.charAt(i);
            int c = peek();
            if (want == '0' && !isDigit(c)) {
                return error("Expected digit in ISO8601 datetime, but found '" + describe(c) + "' instead.");
            }
            if (want != '0' && c != want) {
                return error("Expected '" + want + "' in ISO8601 datetime, but found '" + describe(c)
                        + "' instead.");
            }
            advance();
        }
        return new Token(Type.DATETIME, in.substring(from, pos), at);
    }

    /** {@code ( ... )}: raw text up to a line holding only ')'. */
    private Token block(Position at) {
        advance();
        Position start = here();
        int from = pos;
        while (true) {
            int c = peek();
            if (c == EOF) {
                return error(at, "Unexpected EOF processing block.");
            }
            if (c == ')' && pos > from && in.charAt(pos - 1) == '\n'
                    && (peekAt(pos + 1) == '\n' || peekAt(pos + 1) == EOF)) {
                String text = in.substring(from, pos);
                advance();
                return new Token(Type.STRING, text, start);
            }
            advance();
        }
    }

    // ---------------------------------------------------------------- include

    private Token include() {
        int c = peek();
        if (isBlank(c)) {
            advance();
            return null;
        }
        Position at = includeKeyword;
        String path;
        if (c == '\'' || c == '"') {
            Quoted quoted = rawQuoted();
            if (quoted == null) {
                return error(c == '"' ? "Unexpected EOF in double quoted include"
                        : "Unexpected EOF in quoted include");
            }
            path = quoted.text();
        } else {
            String problem = switch (c) {
                case '[' -> "start of an array";
                case '{' -> "start of a map";
                case '(' -> "start of a block";
                case '\\' -> "escape sequence";
                case '\n', '\r' -> "new line";
                case EOF -> "EOF";
                default -> isDigit(c) || c == '-' ? "start of a number" : null;
            };
            if (problem != null) {
                return error("Expected include value but found " + problem);
            }
            int from = pos;
            while (peek() != EOF && !isNewline(peek()) && !isBlank(peek()) && peek() != ';'
                    && peek() != '}' && peek() != '\'') {
                advance();
            }
            path = in.substring(from, pos);
            if (peek() == '\'') {
                advance();
            }
        }
        state = returnTo.pop();
        return new Token(Type.INCLUDE, path, at);
    }

    // ---------------------------------------------------------------- characters

    private int peek() {
        return peekAt(pos);
    }

    private int peekAt(int i) {
        return i < in.length() ? in.charAt(i) : EOF;
    }

    private void advance() {
        if (pos < in.length()) {
            if (in.charAt(pos) == '\n') {
                line++;
                lineStart = pos + 1;
            }
            pos++;
        }
    }

    private Position here() {
        return new Position(file, line, pos - lineStart + 1);
    }

    private boolean atComment() {
        int c = peek();
        return c == '#' || (c == '/' && peekAt(pos + 1) == '/');
    }

    private boolean isLoneSlash() {
        return peek() == '/' && peekAt(pos + 1) != '/';
    }

    /** Up to, not including, the end of the line: the state after a comment wants to see it. */
    private void skipComment() {
        while (peek() != EOF && !isNewline(peek())) {
            advance();
        }
    }

    private Token error(String message) {
        return error(here(), message);
    }

    private Token error(Position at, String message) {
        return new Token(Type.ERROR, message, at);
    }

    private static boolean endsNumber(int c) {
        return c == EOF || isNewline(c) || isBlank(c) || c == '}' || c == ']' || c == ';' || c == ',';
    }

    private static boolean isSizeSuffix(int c) {
        return c != EOF && "kKmMgGtTpPeE".indexOf(c) >= 0;
    }

    /** The "b", "i", "ib" after k/m/g... ({@code 1KB}, {@code 1Ki}, {@code 1kib}). */
    private static boolean isSizeSuffixTail(int c) {
        return c == 'b' || c == 'B' || c == 'i' || c == 'I';
    }

    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private static boolean isBoolWord(String s) {
        return switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "true", "false", "yes", "no", "on", "off" -> true;
            default -> false;
        };
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isBlank(int c) {
        return c == ' ' || c == '\t';
    }

    private static boolean isNewline(int c) {
        return c == '\n' || c == '\r';
    }

    /** White space as Go's unicode.IsSpace sees it, which is what separates keys from values. */
    static boolean isSpace(int c) {
        if (c == EOF) {
            return false;
        }
        if (c <= 0xFF) {
            return c == ' ' || (c >= '\t' && c <= '\r') || c == 0x85 || c == 0xA0;
        }
        int type = Character.getType(c);
        return type == Character.SPACE_SEPARATOR || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR;
    }

    private static String describe(int c) {
        return switch (c) {
            case EOF -> "EOF";
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case '\t' -> "\\t";
            default -> Character.isISOControl(c) ? String.format("\\x%02x", c) : String.valueOf((char) c);
        };
    }

    /**
     * Text being unescaped. {@code \xHH} escapes add raw bytes, which nats-server treats as
     * UTF-8 together: {@code "\xc3\xa9"} is "é". Bytes are decoded when text follows or at the end.
     */
    private static final class Chars {
        private final StringBuilder text = new StringBuilder();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        void append(char c) {
            flushBytes();
            text.append(c);
        }

        void append(String s, int from, int to) {
            flushBytes();
            text.append(s, from, to);
        }

        void appendByte(int b) {
            bytes.write(b);
        }

        private void flushBytes() {
            if (bytes.size() > 0) {
                text.append(new String(bytes.toByteArray(), StandardCharsets.UTF_8));
                bytes.reset();
            }
        }

        @Override
        public String toString() {
            flushBytes();
            return text.toString();
        }
    }
}
