package io.jnatsd.junit;

/** How long a server declared on a test class lives. */
public enum Scope {
    /** One server for all tests of the class (and its {@code @Nested} classes); closed after the last. */
    PER_CLASS,
    /** A fresh server for every test method; closed right after it. */
    PER_METHOD
}
