package io.jnatsd.config;

import io.jnatsd.auth.NKey;
import io.jnatsd.auth.NKeyUser;
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
     * array, or one of nkey users only, is still "a users array" to nats-server); {@code nkeys}
     * holds the entries with an {@code nkey}; {@code timeout} null when not set or 0.
     */
    record Block(String user, String password, String token, Duration timeout, List<User> users,
                 List<NKeyUser> nkeys, Permissions defaultPermissions) {
    }

    /** The entries of a {@code users} array, split as nats-server's parseUsers does. */
    private record Users(List<User> users, List<NKeyUser> nkeys) {
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
        Users users = null;
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
        if (users == null) {
            return new Block(user, password, token, timeout, null, List.of(), defaults);
        }
        if (defaults == null) {
            return new Block(user, password, token, timeout, users.users(), users.nkeys(), defaults);
        }
        return new Block(user, password, token, timeout, withDefaultPermissions(users.users(), defaults),
                withDefaultNKeyPermissions(users.nkeys(), defaults), defaults);
    }

    private Users users(ConfigEntry e) {
        if (!(e.value() instanceof Array array)) {
            read.error(e, "Expected users field to be an array, got " + e.value().kind());
            return null;
        }
        Users users = new Users(new ArrayList<>(), new ArrayList<>());
        for (ConfigValue item : array.items()) {
            if (!(item instanceof ConfigTable table)) {
                read.error(item.position(), "Expected user entry to be a map/struct, got " + item.kind());
                continue;
            }
            entry(table, users);
        }
        return users;
    }

    /**
     * One entry: a user with a name (and password), or an nkey user, which takes neither.
     * Errors point at the entry's last key: nats-server names the last key it read, in Go map
     * order, which for the few keys of an entry is the last one in the file most of the time.
     */
    private void entry(ConfigTable table, Users into) {
        String name = null;
        String password = null;
        String nkey = null;
        Permissions perms = null;
        for (ConfigEntry u : table.entries()) {
            switch (u.key().toLowerCase(Locale.ROOT)) {
                case "user", "username" -> name = read.string(u).orElse(name);
                case "pass", "password" -> password = read.string(u).orElse(password);
                case "nkey" -> nkey = read.string(u).orElse(nkey);
                case "permission", "permissions", "authorization" -> perms = permissions.map(u);
                case "allowed_connection_types", "connection_types", "clients" -> read.unsupported(u);
                default -> read.unknownField(u);
            }
        }
        Position at = lastKey(table);
        boolean hasNkey = nkey != null && !nkey.isEmpty();
        if (!hasNkey && (name == null || name.isEmpty())) {
            read.error(at, "User entry requires a user");
            return;
        }
        if (!hasNkey) {
            into.users().add(new User(name, password, perms));
            return;
        }
        NKey key;
        try {
            key = NKey.parseUser(nkey);
        } catch (IllegalArgumentException e) {
            read.error(at, "Not a valid public nkey for a user");
            return;
        }
        if ((name != null && !name.isEmpty()) || (password != null && !password.isEmpty())) {
            read.error(at, "Nkey users do not take usernames or passwords");
            return;
        }
        into.nkeys().add(new NKeyUser(key, perms));
    }

    private static Position lastKey(ConfigTable table) {
        Position at = table.position();
        for (ConfigEntry e : table.entries()) {
            at = e.keyPosition();
        }
        return at;
    }

    /** Users without permissions of their own get the block's default permissions. */
    private static List<User> withDefaultPermissions(List<User> users, Permissions defaults) {
        List<User> out = new ArrayList<>(users.size());
        for (User u : users) {
            out.add(u.permissions().isEmpty() ? new User(u.username(), u.password(), defaults) : u);
        }
        return out;
    }

    private static List<NKeyUser> withDefaultNKeyPermissions(List<NKeyUser> nkeys, Permissions defaults) {
        List<NKeyUser> out = new ArrayList<>(nkeys.size());
        for (NKeyUser u : nkeys) {
            out.add(u.permissions().isEmpty() ? new NKeyUser(u.publicKey(), defaults) : u);
        }
        return out;
    }
}
