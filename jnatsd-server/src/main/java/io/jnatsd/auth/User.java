package io.jnatsd.auth;

/**
 * A configured user. The password may be clear text or a bcrypt hash ("$2a$..."),
 * as nats-server accepts both.
 */
public record User(String username, String password, Permissions permissions) {
    public User {
        permissions = permissions == null ? Permissions.NONE : permissions;
    }
}
