package io.jnatsd.route;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jnatsd.auth.ClientPermissions;
import io.jnatsd.auth.Permissions;
import io.jnatsd.auth.SubjectPermission;

/**
 * The cluster's {@code permissions} (nats-server's RoutePermissions). {@code import} decides
 * which local interest this server announces to its routes, and so which messages it receives
 * from them; {@code export} decides which interest it accepts from its routes, and so which
 * messages it sends them. Both only filter interest, never messages. As in nats-server, import
 * is checked as a publish permission and export as a subscribe permission. Immutable; checks
 * run on interest changes, off the message path. Any thread.
 */
final class RoutePermissions {

    private final Permissions configured;
    private final ClientPermissions checks;

    private RoutePermissions(Permissions configured) {
        this.configured = configured;
        this.checks = ClientPermissions.of(configured);
    }

    /** Null when nothing is restricted. */
    static RoutePermissions of(Permissions p) {
        return p == null || p.isEmpty() ? null : new RoutePermissions(p);
    }

    static boolean canImport(RoutePermissions p, String subject) {
        return p == null || p.checks.canPublish(subject);
    }

    static boolean canExport(RoutePermissions p, String subject) {
        return p == null || p.checks.canSubscribe(subject, null);
    }

    /** Adds INFO's "import" and "export" objects, as nats-server announces them to its routes. */
    void addTo(ObjectNode info) {
        put(info, "import", configured.publish());
        put(info, "export", configured.subscribe());
    }

    private static void put(ObjectNode info, String field, SubjectPermission p) {
        if (p.isEmpty()) {
            return;
        }
        ObjectNode o = info.putObject(field);
        if (!p.allow().isEmpty()) {
            ArrayNode a = o.putArray("allow");
            p.allow().forEach(a::add);
        }
        if (!p.deny().isEmpty()) {
            ArrayNode d = o.putArray("deny");
            p.deny().forEach(d::add);
        }
    }
}
