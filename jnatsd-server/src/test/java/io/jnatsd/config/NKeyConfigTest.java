package io.jnatsd.config;

import io.jnatsd.auth.NKeyUser;
import io.jnatsd.auth.Permissions;
import io.jnatsd.auth.SubjectPermission;
import io.jnatsd.auth.User;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.jnatsd.config.Configs.errors;
import static io.jnatsd.config.Configs.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * nkey users in the authorization block. Every error text and position was checked with
 * {@code nats-server -t} 2.9.10 on the same file. In an entry of several keys nats-server points
 * at the last key it read in Go map order, which varies from run to run; jnatsd points at the
 * entry's last key, nats-server's answer most of the time.
 */
class NKeyConfigTest {
    static final String ALICE = "UDRVPVRUUUOEXSWUO2H4D5CWNVRAMGDBQ2E4G7OLAFYHX6CBBSOEACEO";
    static final String BOB = "UBTDN3KADORZRYFLDQNQUMXUX2PLYP72W3D755KDPX6M7O4Q3REK4JDI";
    static final String ACCOUNT = "AA44E7SLVZGFRBHMYDURXFQIITGD46UG4ZPC5ZKYSFRMJ6C6NPFEWO4X";

    private static List<String> keys(ServerOptions o) {
        return o.nkeys().stream().map(u -> u.publicKey().encoded()).toList();
    }

    @Test
    void nkeyUsersWithTheirPermissionsBesidePasswordUsers() throws ConfigException {
        ServerOptions o = options("""
                authorization {
                  users = [
                    {nkey: %s, permissions: {publish: "alice.>", subscribe: {deny: "secret"}}}
                    {nkey: "%s"}
                    {user: carol, password: c}
                  ]
                }
                """.formatted(ALICE, BOB));
        assertEquals(List.of(ALICE, BOB), keys(o));
        assertEquals(List.of("carol"), o.users().stream().map(User::username).toList());
        NKeyUser alice = o.nkeys().get(0);
        assertEquals(List.of("alice.>"), alice.permissions().publish().allow());
        assertEquals(List.of("secret"), alice.permissions().subscribe().deny());
        assertEquals(Permissions.NONE, o.nkeys().get(1).permissions());
        assertTrue(o.authRequired());
    }

    @Test
    void onlyNkeyUsersStillRequireAuthentication() throws ConfigException {
        ServerOptions o = options("authorization { users = [ {nkey: " + ALICE + "} ] }");
        assertEquals(List.of(ALICE), keys(o));
        assertTrue(o.users().isEmpty());
        assertTrue(o.authRequired());
    }

    @Test
    void defaultPermissionsApplyToNkeyUsersWithoutTheirOwn() throws ConfigException {
        ServerOptions o = options("""
                authorization {
                  default_permissions: { publish: "public.>" }
                  users = [
                    {nkey: %s}
                    {nkey: %s, permissions: {publish: "bob.>"}}
                  ]
                }
                """.formatted(ALICE, BOB));
        assertEquals(new Permissions(new SubjectPermission(List.of("public.>"), null), null),
                o.nkeys().get(0).permissions());
        assertEquals(List.of("bob.>"), o.nkeys().get(1).permissions().publish().allow());
    }

    @Test
    void aKeyThatIsNotAUserPublicKeyIsRefused() {
        for (String bad : List.of(
                ACCOUNT,                                   // an account key: wrong prefix
                ALICE.substring(0, 55) + "P",              // checksum
                "u" + ALICE.substring(1),                  // lower case is not base32
                ALICE.substring(0, 54),                    // too short
                "abc")) {
            assertEquals(List.of("test.conf:3:6: Not a valid public nkey for a user"), errors("""
                    authorization {
                      users = [
                        {nkey: "%s"}
                      ]
                    }
                    """.formatted(bad)), bad);
        }
    }

    @Test
    void theInvalidKeyIsPointedAtInAnEntryWithPermissions() {
        // nats-server: 3:70 in 9 runs of 10, 3:6 in the other
        assertEquals(List.of("test.conf:3:70: Not a valid public nkey for a user"), errors("""
                authorization {
                  users = [
                    {nkey: %s, permissions: {publish: a}}
                  ]
                }
                """.formatted(ACCOUNT)));
    }

    @Test
    void nkeyUsersTakeNoUsernameOrPassword() {
        // nats-server: 3:81 in 7 runs of 10, else 3:6 or 3:17
        assertEquals(List.of("test.conf:3:81: Nkey users do not take usernames or passwords"), errors("""
                authorization {
                  users = [
                    {user: bob, nkey: %s, pass: x}
                  ]
                }
                """.formatted(ALICE)));
        assertEquals(List.of("test.conf:3:70: Nkey users do not take usernames or passwords"), errors("""
                authorization {
                  users = [
                    {nkey: %s, password: x}
                  ]
                }
                """.formatted(ALICE)));
    }

    @Test
    void anInvalidKeyIsReportedBeforeTheUsername() {
        assertEquals(List.of("test.conf:3:17: Not a valid public nkey for a user"), errors("""
                authorization {
                  users = [
                    {nkey: abc, user: bob}
                  ]
                }
                """));
    }

    @Test
    void anEmptyNkeyIsNoNkey() throws ConfigException {
        assertEquals(List.of("test.conf:3:6: User entry requires a user"), errors("""
                authorization {
                  users = [
                    {nkey: ""}
                  ]
                }
                """));
        ServerOptions o = options("authorization { users = [ {nkey: \"\", user: a, password: b} ] }");
        assertEquals(List.of("a"), o.users().stream().map(User::username).toList());
        assertTrue(o.nkeys().isEmpty());
    }

    @Test
    void duplicateNkeysAndNkeysEqualToAUserNameAreRefused() {
        assertEquals(List.of("test.conf:1:1: Duplicate nkey \"" + ALICE + "\" detected"), errors("""
                authorization {
                  users = [
                    {nkey: %s, permissions: {publish: a}}
                    {nkey: %s}
                  ]
                }
                """.formatted(ALICE, ALICE)));
        assertEquals(List.of("test.conf:1:1: Duplicate nkey \"" + ALICE + "\" detected"), errors("""
                authorization {
                  users = [
                    {user: %s, password: x}
                    {nkey: %s}
                  ]
                }
                """.formatted(ALICE, ALICE)));
    }

    @Test
    void nkeyUsersAreAUsersArrayForTheSingleUserAndTokenRules() {
        assertEquals(List.of("test.conf:1:1: Can not have a single user/pass and a users array"),
                errors("authorization { user: a, password: b, users = [ {nkey: " + ALICE + "} ] }"));
        assertEquals(List.of("test.conf:1:1: Can not have a token and a users array"),
                errors("authorization { token: a, users = [ {nkey: " + ALICE + "} ] }"));
    }

    @Test
    void noAuthUserCannotNameAnNkey() {
        // nats-server checks no_auth_user against the users with a name only
        assertEquals(List.of("test.conf:2:1: no_auth_user: \"" + ALICE + "\" present, but users are not defined"),
                errors("authorization { users = [ {nkey: " + ALICE + "} ] }\nno_auth_user: " + ALICE));
        assertEquals(List.of("test.conf:2:1: no_auth_user: \"" + ALICE + "\" not present as user in authorization "
                        + "block or account configuration"),
                errors("authorization { users = [ {nkey: " + ALICE + "}, {user: a, password: b} ] }\n"
                        + "no_auth_user: " + ALICE));
    }

    @Test
    void noAuthUserNamingAPasswordUserBesideNkeys() throws ConfigException {
        ServerOptions o = options("authorization { users = [ {nkey: " + ALICE + "}, {user: a, password: b} ] }\n"
                + "no_auth_user: a");
        assertEquals("a", o.noAuthUser());
    }

    @Test
    void clusterAuthorizationRefusesNkeyUsersAsMultipleUsers() {
        assertEquals(List.of("test.conf:3:3: Cluster authorization does not allow multiple users"), errors("""
                cluster {
                  listen: 127.0.0.1:-1
                  authorization { users = [ {nkey: %s} ] }
                }
                """.formatted(ALICE)));
    }
}
