package io.jnatsd.config;

/**
 * The outcome of reading one literal (an integer with a suffix, a duration, a host:port): a value,
 * or the reason it is not one. Bad input is an expected outcome here, so it is not an exception.
 */
record Parsed<T>(T value, String error) {

    static <T> Parsed<T> ok(T value) {
        return new Parsed<>(value, null);
    }

    static <T> Parsed<T> fail(String error) {
        return new Parsed<>(null, error);
    }

    boolean isOk() {
        return error == null;
    }
}
