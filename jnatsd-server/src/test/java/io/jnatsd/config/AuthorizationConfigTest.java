package io.jnatsd.config;

import io.jnatsd.auth.Permissions;
import io.jnatsd.auth.SubjectPermission;
import io.jnatsd.auth.User;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.List;

import static io.jnatsd.config.Configs.errors;
import static io.jnatsd.config.Configs.options;
import static io.jnatsd.config.Configs.warnings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The authorization block: single user, token, users with permissions, defaults, and its errors. */
class AuthorizationConfigTest {

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "authorization { user: derek, password: foobar }",
            "authorization { username: derek, pass: foobar }",
            "authorization: { user = derek; password = foobar }",
            "authorization {\\n  user: derek\\n  password: \"foobar\"\\n}",
    })
    void singleUserAndPassword(String text) throws ConfigException {
        ServerOptions o = options(text.replace("\\n", "\n"));
        assertEquals("derek", o.username());
        assertEquals("foobar", o.password());
        assertTrue(o.authRequired());
        assertEquals(ServerOptions.DEFAULT_AUTH_TIMEOUT, o.authTimeout());
    }

    @Test
    void token() throws ConfigException {
        ServerOptions o = options("authorization { token: \"s3cr3t\" }");
        assertEquals("s3cr3t", o.authToken());
        assertNull(o.username());
    }

    @ParameterizedTest(name = "[{index}] timeout: {0}")
    @CsvSource(delimiter = '|', value = {"0.5 | PT0.5S", "3 | PT3S", "\"2s\" | PT2S", "1.25 | PT1.25S",
            "0 | PT2S"})
    void timeoutInSecondsFloatsAllowed(String value, String expected) throws ConfigException {
        assertEquals(Duration.parse(expected),
                options("authorization { user: a, password: b, timeout: " + value + " }").authTimeout());
    }

    @Test
    void bcryptPasswordsMayBeQuotedOrBare() throws ConfigException {
        String hash = "$2a$04$Q.CgCP2Sl9pkcTXEZHazaeMwPaAkSHk7AI51HkyMt5iJQQyUA4qxq";
        assertEquals(hash, options("authorization { user: derek, password: \"" + hash + "\" }").password());
        assertEquals(hash, options("authorization { user: derek, password: " + hash + " }").password());
    }

    @Test
    void usersWithPermissionsInEveryForm() throws ConfigException {
        ServerOptions o = options("""
                authorization {
                  users = [
                    {user: alice, password: apw, permissions: { publish: "foo.>", subscribe: ["a", "b.*"] }}
                    {user: bob, password: bpw, permissions: {
                        publish: { allow: ["x"], deny: "x.secret" }
                        subscribe: { deny: ["private.>", "q group"] }
                    }}
                    {username: carol, pass: cpw, permission: { pub: p, sub: s }}
                    {user: dave, password: dpw, authorization: { import: i, export: e }}
                    {user: erin}
                  ]
                }
                """);
        List<User> users = o.users();
        assertEquals(List.of("alice", "bob", "carol", "dave", "erin"), users.stream().map(User::username).toList());
        assertEquals(new Permissions(new SubjectPermission(List.of("foo.>"), null),
                new SubjectPermission(List.of("a", "b.*"), null)), users.get(0).permissions());
        assertEquals(new Permissions(new SubjectPermission(List.of("x"), List.of("x.secret")),
                new SubjectPermission(null, List.of("private.>", "q group"))), users.get(1).permissions());
        assertEquals(new Permissions(new SubjectPermission(List.of("p"), null),
                new SubjectPermission(List.of("s"), null)), users.get(2).permissions());
        assertEquals(new Permissions(new SubjectPermission(List.of("i"), null),
                new SubjectPermission(List.of("e"), null)), users.get(3).permissions());
        assertEquals("bpw", users.get(1).password());
        assertNull(users.get(4).password());
        assertTrue(users.get(4).permissions().isEmpty());
        assertTrue(o.authRequired());
    }

    @Test
    void defaultPermissionsApplyToUsersWithoutTheirOwn() throws ConfigException {
        ServerOptions o = options("""
                authorization {
                  users = [
                    {user: a, password: x}
                    {user: b, password: x, permissions: { publish: "own" }}
                  ]
                  default_permissions = { publish: "default.>" }
                }
                """);
        assertEquals(List.of("default.>"), o.users().get(0).permissions().publish().allow());
        assertEquals(List.of("own"), o.users().get(1).permissions().publish().allow());
    }

    @Test
    void permissionsSharedThroughAVariable() throws ConfigException {
        ServerOptions o = options("""
                RO = { publish: { deny: ">" }, subscribe: ">" }
                authorization { users = [ {user: r, password: p, permissions: $RO} ] }
                """);
        assertEquals(List.of(">"), o.users().get(0).permissions().publish().deny());
    }

    @Test
    void emptyUsersArrayIsStillAUsersArray() throws ConfigException {
        assertTrue(options("authorization { users: [] }").users().isEmpty());
    }

    @Test
    void combinationErrorsAsNatsServer() {
        // Texts and positions as nats-server 2.9.10 prints them for these files (checked with -t).
        assertEquals(List.of("test.conf:2:1: Cannot have a user/pass and token"),
                errors("\nauthorization {\n  user: a\n  token: b\n}\n"));
        assertEquals(List.of("test.conf:2:1: Can not have a token and a users array"),
                errors("\nauthorization { token: b, users: [] }"));
        assertEquals(List.of("test.conf:2:1: Can not have a single user/pass and a users array"),
                errors("\nauthorization { user: a, users: [] }"));
    }

    @Test
    void duplicateUsersAreAllReported() {
        assertEquals(List.of("test.conf:2:1: Duplicate user \"a\" detected",
                "test.conf:2:1: Duplicate user \"b\" detected"),
                errors("\nauthorization { users = [ {user: a}, {user: a}, {user: b}, {user: b} ] }"));
    }

    @Test
    void userEntryErrorsAsNatsServer() {
        // Identical to nats-server 2.9.10's output for this file (it prints them in map order).
        assertEquals(List.of(
                "test.conf:4:42: Unknown field \"foo\" parsing permissions",
                "test.conf:5:6: User entry requires a user"),
                errors("""

                        authorization {
                          users = [
                            {user: a, password: b, permissions: {foo: 1}}
                            {password: c}
                          ]
                        }
                        """));
    }

    @Test
    void permissionErrorsAreAllCollected() {
        List<String> errors = errors("""
                authorization {
                  users = [
                    {user: a, permissions: { publish: { allow: "ok", maybe: "x" } }}
                    {user: b, permissions: { publish: [1, "a..b"] }}
                    {user: c, permissions: { subscribe: 5 }}
                    {user: d, permissions: "all"}
                    "not a user"
                  ]
                  users_typo: 1
                }
                """);
        assertEquals(List.of(
                "test.conf:3:54: Unknown field name \"maybe\" parsing subject permissions, only 'allow' or 'deny' "
                        + "are permitted",
                "test.conf:4:40: Subject in permissions array cannot be cast to string",
                "test.conf:4:44: subject \"a..b\" is not a valid subject",
                "test.conf:5:30: Expected subject permissions to be a subject, or array of subjects, got an integer",
                "test.conf:6:15: Expected permissions to be a map/struct, got a string",
                "test.conf:7:6: Expected user entry to be a map/struct, got a string",
                "test.conf:9:3: unknown field \"users_typo\""), errors);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "foo.bar | true", "foo.* | true", "foo.> | true", "> | true", "* | true", "foo.*.baz | true",
            "q group | true", "foo.> q | true",
            "'' | false", "foo. | false", ".foo | false", "foo..bar | false", "foo.>.bar | false",
            "a b c | false", "a..b q | false",
    })
    void permissionSubjectsAreValidatedAsNatsServer(String subject, boolean valid) {
        assertEquals(valid, PermissionsMapper.isValidPermissionSubject(subject));
    }

    @Test
    void unsupportedUserFeaturesWarnAndAreSkipped() throws ConfigException {
        LoadedConfig c = Configs.load("""
                authorization {
                  users = [
                    {nkey: UDXU4RCSJNZOIQHZNWXHXORDPRTGNJAHAHFRGZNEEJCPQTT2M7NLCNF4}
                    {user: a, password: b, allowed_connection_types: ["STANDARD"],
                     permissions: { publish: x, allow_responses: true }}
                  ]
                }
                """);
        assertEquals(List.of("a"), c.options().users().stream().map(User::username).toList());
        assertEquals(1, c.options().nkeys().size(), "nkey users are supported");
        assertEquals(List.of(
                "test.conf:4:28: jnatsd does not support \"allowed_connection_types\" yet; ignored",
                "test.conf:5:33: jnatsd does not support \"allow_responses\" yet; ignored"), c.warnings());
    }

    @Test
    void authorizationMustBeAMap() {
        assertEquals(List.of("test.conf:1:1: expected \"authorization\" to be a map, got a string"),
                errors("authorization: none"));
    }

    @Test
    void noAuthUserMustBeAConfiguredUser() {
        assertEquals(List.of("test.conf:1:1: no_auth_user: \"x\" present, but users are not defined"),
                errors("no_auth_user: x"));
        assertEquals(List.of("test.conf:2:1: no_auth_user: \"x\" not present as user in authorization block or "
                + "account configuration"), errors("authorization { users: [{user: a}] }\nno_auth_user: x"));
    }

    @Test
    void noWarningsForAPlainAuthorizationBlock() throws ConfigException {
        assertTrue(warnings("authorization { user: a, password: b, timeout: 1 }").isEmpty());
    }
}
