package io.jnatsd.monitor;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One subscription in detail, as nats-server's {@code SubDetail}. The account is shown in
 * {@code /subsz} and for closed connections, not for open ones (as nats-server does).
 *
 * @param account {@code $G} (jnatsd has only the global account) or null to omit
 * @param queue   queue group, omitted when null
 * @param msgs    messages delivered to it
 * @param max     auto-unsubscribe limit, omitted when 0
 */
public record SubDetail(
        @JsonProperty("account") @JsonInclude(Include.NON_DEFAULT) String account,
        @JsonProperty("subject") String subject,
        @JsonProperty("qgroup") @JsonInclude(Include.NON_DEFAULT) String queue,
        @JsonProperty("sid") String sid,
        @JsonProperty("msgs") long msgs,
        @JsonProperty("max") @JsonInclude(Include.NON_DEFAULT) long max,
        @JsonProperty("cid") long cid) {

    /** The account every jnatsd connection belongs to (nats-server's global account). */
    public static final String GLOBAL_ACCOUNT = "$G";

    SubDetail withAccount(String a) {
        return new SubDetail(a, subject, queue, sid, msgs, max, cid);
    }
}
