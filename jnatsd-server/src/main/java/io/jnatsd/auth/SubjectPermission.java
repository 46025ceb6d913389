package io.jnatsd.auth;

import java.util.List;

/**
 * Allow and deny lists of subjects (wildcards permitted) for one direction, publish or subscribe.
 * An empty allow list means "everything not denied"; a null list is the same as empty.
 */
public record SubjectPermission(List<String> allow, List<String> deny) {
    public SubjectPermission {
        allow = allow == null ? List.of() : List.copyOf(allow);
        deny = deny == null ? List.of() : List.copyOf(deny);
    }

    public boolean isEmpty() {
        return allow.isEmpty() && deny.isEmpty();
    }
}
