package io.jnatsd.auth;

/** Per-user publish and subscribe permissions, as in nats-server's {@code permissions} block. */
public record Permissions(SubjectPermission publish, SubjectPermission subscribe) {
    public static final Permissions NONE = new Permissions(null, null);

    public Permissions {
        publish = publish == null ? new SubjectPermission(null, null) : publish;
        subscribe = subscribe == null ? new SubjectPermission(null, null) : subscribe;
    }

    public boolean isEmpty() {
        return publish.isEmpty() && subscribe.isEmpty();
    }
}
