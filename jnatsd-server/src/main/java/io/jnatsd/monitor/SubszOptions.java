package io.jnatsd.monitor;

import io.jnatsd.sublist.Subjects;

/**
 * What {@link Monitor#subsz} returns, as nats-server's {@code SubszOptions} and its query
 * parameters ({@code subs, offset, limit, test, acc}).
 *
 * @param subscriptions list subscriptions, not only the counters
 * @param offset        first entry of the page (negative means 0)
 * @param limit         page size; 0 or less means {@link #DEFAULT_LIMIT}
 * @param test          only subscriptions a message on this literal subject would reach; null for all
 * @param account       only this account; jnatsd has only {@code $G}, null for all
 */
public record SubszOptions(boolean subscriptions, int offset, int limit, String test, String account) {

    /** nats-server's DefaultSubListSize. */
    public static final int DEFAULT_LIMIT = 1024;
    public static final SubszOptions DEFAULT = new SubszOptions(false, 0, DEFAULT_LIMIT, null, null);

    /** @throws IllegalArgumentException with nats-server's text when {@code test} is not a publish subject */
    public SubszOptions {
        offset = Math.max(0, offset);
        limit = limit <= 0 ? DEFAULT_LIMIT : limit;
        test = test == null || test.isEmpty() ? null : test;
        account = account == null || account.isEmpty() ? null : account;
        if (test != null && !Subjects.isValidLiteral(test)) {
            throw new IllegalArgumentException("invalid test subject, must be valid publish subject: " + test);
        }
    }
}
