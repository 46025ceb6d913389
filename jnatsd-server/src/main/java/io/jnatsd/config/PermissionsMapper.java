package io.jnatsd.config;

import io.jnatsd.auth.Permissions;
import io.jnatsd.auth.SubjectPermission;
import io.jnatsd.config.ConfigValue.Array;
import io.jnatsd.config.ConfigValue.Text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A {@code permissions} block: {@code publish} and {@code subscribe}, each a subject, an array of
 * subjects (both meaning an allow list) or {@code { allow: ..., deny: ... }}. Aliases and messages
 * are nats-server's (parseUserPermissions, parseVariablePermissions, parseSubjectPermission).
 */
final class PermissionsMapper {

    private final EntryReader read;

    PermissionsMapper(EntryReader read) {
        this.read = read;
    }

    /** The permissions, or null when the value is not a map (reported). */
    Permissions map(ConfigEntry e) {
        if (!(e.value() instanceof ConfigTable table)) {
            read.error(e, "Expected permissions to be a map/struct, got " + e.value().kind());
            return null;
        }
        SubjectPermission publish = null;
        SubjectPermission subscribe = null;
        for (ConfigEntry p : table.entries()) {
            switch (p.key().toLowerCase(Locale.ROOT)) {
                case "pub", "publish", "import" -> publish = direction(p);
                case "sub", "subscribe", "export" -> subscribe = direction(p);
                case "publish_allow_responses", "allow_responses" -> read.unsupported(p);
                default -> {
                    if (!p.usedAsVariable()) {
                        read.error(p, "Unknown field " + GoSyntax.quote(p.key()) + " parsing permissions");
                    }
                }
            }
        }
        return new Permissions(publish, subscribe);
    }

    /** One direction: the short forms are an allow list. */
    private SubjectPermission direction(ConfigEntry e) {
        if (!(e.value() instanceof ConfigTable table)) {
            return new SubjectPermission(subjects(e, e.value()), null);
        }
        List<String> allow = null;
        List<String> deny = null;
        for (ConfigEntry p : table.entries()) {
            switch (p.key().toLowerCase(Locale.ROOT)) {
                case "allow" -> allow = subjects(p, p.value());
                case "deny" -> deny = subjects(p, p.value());
                default -> {
                    if (!p.usedAsVariable()) {
                        read.error(p, "Unknown field name " + GoSyntax.quote(p.key())
                                + " parsing subject permissions, only 'allow' or 'deny' are permitted");
                    }
                }
            }
        }
        return new SubjectPermission(allow, deny);
    }

    private List<String> subjects(ConfigEntry owner, ConfigValue v) {
        List<String> out = new ArrayList<>();
        if (v instanceof Text t) {
            addSubject(out, t);
        } else if (v instanceof Array a) {
            for (ConfigValue item : a.items()) {
                if (item instanceof Text t) {
                    addSubject(out, t);
                } else {
                    read.error(item.position(), "Subject in permissions array cannot be cast to string");
                }
            }
        } else {
            read.error(owner, "Expected subject permissions to be a subject, or array of subjects, got "
                    + v.kind());
        }
        return out;
    }

    private void addSubject(List<String> out, Text t) {
        if (isValidPermissionSubject(t.value())) {
            out.add(t.value());
        } else {
            read.error(t.position(), "subject " + GoSyntax.quote(t.value()) + " is not a valid subject");
        }
    }

    /** A subject, possibly with wildcards, or "subject queue" (a queue permission), as nats-server. */
    static boolean isValidPermissionSubject(String s) {
        if (isValidSubject(s)) {
            return true;
        }
        String[] fields = s.trim().split("[ \\t\\n\\r\\f]+");
        return fields.length == 2 && isValidSubject(fields[0]);
    }

    /** Non-empty tokens without white space; '>' only as the last token. */
    static boolean isValidSubject(String s) {
        if (s.isEmpty()) {
            return false;
        }
        String[] tokens = s.split("\\.", -1);
        for (int i = 0; i < tokens.length; i++) {
            String t = tokens[i];
            if (t.isEmpty()) {
                return false;
            }
            for (int j = 0; j < t.length(); j++) {
                char c = t.charAt(j);
                if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
                    return false;
                }
            }
            if (t.equals(">") && i != tokens.length - 1) {
                return false;
            }
        }
        return true;
    }
}
