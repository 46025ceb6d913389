package io.jnatsd.auth;

import java.util.Objects;

/**
 * A configured nkey user ({@code users = [ {nkey: U..., permissions: ...} ]}): clients prove
 * they hold the key by signing their INFO nonce, and get these permissions.
 */
public record NKeyUser(NKey publicKey, Permissions permissions) {
    public NKeyUser {
        Objects.requireNonNull(publicKey, "publicKey");
        permissions = permissions == null ? Permissions.NONE : permissions;
    }
}
