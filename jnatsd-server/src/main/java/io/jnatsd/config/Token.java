package io.jnatsd.config;

/**
 * One lexical item of a configuration source. {@code text} is the key, the string with its
 * escapes applied, the literal as written for numbers, booleans and dates, the variable name
 * without {@code $}, the include path, or the error message.
 */
record Token(Type type, String text, Position position) {

    enum Type {
        KEY, STRING, INTEGER, FLOAT, BOOL, DATETIME, VARIABLE, INCLUDE,
        ARRAY_START, ARRAY_END, MAP_START, MAP_END, EOF, ERROR
    }
}
