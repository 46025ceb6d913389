/**
 * Server options and the nats-server configuration file reader.
 *
 * <p>Pipeline, as in nats-server: {@link io.jnatsd.config.ConfigLexer} (text to tokens, an
 * explicit state machine) → {@link io.jnatsd.config.ConfigParser} (tokens to a
 * {@link io.jnatsd.config.ConfigTable} tree whose values carry file:line:column; variables and
 * includes resolved here) → {@link io.jnatsd.config.ServerOptionsMapper} and the block mappers
 * (tree to {@link io.jnatsd.config.ServerOptions.Builder}, every error and warning collected).
 * {@link io.jnatsd.config.ConfigFile} is the entry point.
 *
 * <p>Where jnatsd deliberately differs from nats-server 2.9.10 (all checked against the binary):
 * columns are 1-based on every line (nats-server counts from 0 on line 1 only); problems come in
 * file order (nats-server: Go map order); a number directly followed by other characters is a
 * string ({@code 1m30s}, {@code 10s}) where nats-server stops with a syntax error, and {@code ]}
 * ends a number so {@code [1]} is an array; integer overflow in a size suffix is an error
 * (nats-server wraps); an unterminated quote at end of file and a map key without a value are
 * errors (nats-server sometimes accepts them by accident); include and environment-variable
 * cycles are errors (nats-server overflows its stack); a top-level key without a value at the end
 * of the file is dropped with a warning (nats-server drops it silently).
 */
package io.jnatsd.config;
