package io.jnatsd.config;

import io.jnatsd.auth.Permissions;
import io.jnatsd.auth.User;
import io.jnatsd.config.ConfigValue.Array;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An {@code authorization} block, at the top level or in {@code cluster} (nats-server's
 * parseAuthorization and parseUsers). Only reads the block; which combinations are allowed is the
 * caller's business, since the top level and the cluster differ.
 */
final class AuthorizationMapper {

    /**
     * What the block says. {@code users} is null when there is no {@code users} key (an empty
     * array is still "a users array" to nats-server); {@code timeout} null when not set or 0.
     */
    record Block(String user, String password, String token, Duration timeout, List<User> users,
                 Permissions defaultPermissions) {
    }

    private final EntryReader read;
    private final PermissionsMapper permissions;

    AuthorizationMapper(EntryReader read) {
        this.read = read;
        this.permissions = new PermissionsMapper(read);
    }

    /** The block, or null when the value is not a map (reported). */
    Block map(ConfigEntry e) {
        if (!(e.value() instanceof ConfigTable table)) {
            read.wrongType(e, "a map");
            return null;
        }
        String user = null;
        String password = null;
        String token = null;
        Duration timeout = null;
        List<User> users = null;
        Permissions defaults = null;
        for (ConfigEntry a : table.entries()) {
            switch (a.key().toLowerCase(Locale.ROOT)) {
                case "user", "username" -> user = read.string(a).orElse(user);
                case "pass", "password" -> password = read.string(a).orElse(password);
                case "token" -> token = read.string(a).orElse(token);
                // 0 keeps the default, as in nats-server.
                case "timeout" -> timeout = read.seconds(a).filter(d -> !d.isZero()).orElse(timeout);
                case "users" -> users = users(a);
                case "default_permission", "default_permissions", "permissions" ->
                        defaults = permissions.map(a);
                default -> read.unknownField(a);
            }
        }
        if (users != null && defaults != null) {
            users = withDefaultPermissions(users, defaults);
        }
        return new Block(user, password, token, timeout, users, defaults);
    }

    private List<User> users(ConfigEntry e) {
        if (!(e.value() instanceof Array array)) {
            read.error(e, "Expected users field to be an array, got " + e.value().kind());
            return null;
        }
        List<User> users = new ArrayList<>();
        for (ConfigValue item : array.items()) {
            if (!(item instanceof ConfigTable table)) {
                read.error(item.position(), "Expected user entry to be a map/struct, got " + item.kind());
                continue;
            }
            User u = user(table);
            if (u != null) {
                users.add(u);
            }
        }
        return users;
    }

    private User user(ConfigTable table) {
        String name = null;
        String password = null;
        Permissions perms = null;
        boolean nkey = false;
        for (ConfigEntry u : table.entries()) {
            switch (u.key().toLowerCase(Locale.ROOT)) {
                case "user", "username" -> name = read.string(u).orElse(name);
                case "pass", "password" -> password = read.string(u).orElse(password);
                case "permission", "permissions", "authorization" -> perms = permissions.map(u);
                case "nkey" -> {
                    nkey = true;
                    read.unsupported(u);
                }
                case "allowed_connection_types", "connection_types", "clients" -> read.unsupported(u);
                default -> read.unknownField(u);
            }
        }
        if (name == null) {
            // An nkey user is valid to nats-server; jnatsd has already warned that it skips it.
            if (!nkey) {
                // At the entry's first key when it has one, which is where nats-server points.
                Position at = table.isEmpty() ? table.position() : table.entries().iterator().next().keyPosition();
                read.error(at, "User entry requires a user");
            }
            return null;
        }
        return new User(name, password, perms);
    }

    /** Users without permissions of their own get the block's default permissions. */
    private static List<User> withDefaultPermissions(List<User> users, Permissions defaults) {
        List<User> out = new ArrayList<>(users.size());
        for (User u : users) {
            out.add(u.permissions().isEmpty() ? new User(u.username(), u.password(), defaults) : u);
        }
        return out;
    }
}
