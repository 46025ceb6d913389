package io.jnatsd.monitor;

/**
 * What {@link Monitor#connz} lists, as nats-server's {@code ConnzOptions} and its query
 * parameters ({@code sort, auth, subs, offset, limit, cid, state, user, acc, mqtt_client}).
 * Validated on construction with nats-server's error texts.
 *
 * @param sort                order of the list
 * @param auth                include {@code authorized_user} ({@code auth=1})
 * @param subscriptions       include {@code subscriptions_list} ({@code subs=1})
 * @param subscriptionsDetail include {@code subscriptions_list_detail} ({@code subs=detail})
 * @param offset              first entry of the page (negative means 0)
 * @param limit               page size; 0 or less means {@link #DEFAULT_LIMIT}
 * @param cid                 only this connection when positive (the limit becomes 1)
 * @param state               open, closed or all connections
 * @param user                only connections of this user, null or empty for all
 * @param account             only this account's connections; jnatsd has only {@code $G}
 * @param mqttClient          only this MQTT client id; jnatsd has no MQTT, so nothing matches
 */
public record ConnzOptions(ConnzSort sort, boolean auth, boolean subscriptions, boolean subscriptionsDetail,
                           int offset, int limit, long cid, ConnState state, String user, String account,
                           String mqttClient) {

    /** nats-server's DefaultConnListSize. */
    public static final int DEFAULT_LIMIT = 1024;
    public static final ConnzOptions DEFAULT = builder().build();

    /**
     * @throws IllegalArgumentException with nats-server's text when sort is stop or reason on
     *                                  anything but closed connections
     */
    public ConnzOptions {
        sort = sort == null ? ConnzSort.CID : sort;
        state = state == null ? ConnState.OPEN : state;
        offset = Math.max(0, offset);
        limit = limit <= 0 ? DEFAULT_LIMIT : limit;
        if (cid > 0) {
            limit = 1;
        }
        if (sort.closedOnly() && state != ConnState.CLOSED) {
            throw new IllegalArgumentException("sort by " + sort.key() + " only valid on closed connections");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Mutable builder with nats-server's defaults; every setter returns this. */
    public static final class Builder {
        private ConnzSort sort = ConnzSort.CID;
        private boolean auth;
        private boolean subscriptions;
        private boolean subscriptionsDetail;
        private int offset;
        private int limit = DEFAULT_LIMIT;
        private long cid;
        private ConnState state = ConnState.OPEN;
        private String user;
        private String account;
        private String mqttClient;

        private Builder() {
        }

        public Builder sort(ConnzSort v) { sort = v; return this; }
        public Builder auth(boolean v) { auth = v; return this; }
        public Builder subscriptions(boolean v) { subscriptions = v; return this; }
        public Builder subscriptionsDetail(boolean v) { subscriptionsDetail = v; return this; }
        public Builder offset(int v) { offset = v; return this; }
        public Builder limit(int v) { limit = v; return this; }
        public Builder cid(long v) { cid = v; return this; }
        public Builder state(ConnState v) { state = v; return this; }
        public Builder user(String v) { user = v; return this; }
        public Builder account(String v) { account = v; return this; }
        public Builder mqttClient(String v) { mqttClient = v; return this; }

        public ConnzOptions build() {
            return new ConnzOptions(sort, auth, subscriptions, subscriptionsDetail, offset, limit, cid, state,
                    user, account, mqttClient);
        }
    }
}
