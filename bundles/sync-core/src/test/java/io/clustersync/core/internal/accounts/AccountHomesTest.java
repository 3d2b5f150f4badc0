package io.clustersync.core.internal.accounts;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class AccountHomesTest {

    @TempDir
    Path root;

    private static Object owner(Path dir, String which) throws Exception {
        return Files.getAttribute(dir, "unix:" + which, LinkOption.NOFOLLOW_LINKS);
    }

    @Test
    void aMissingHomeAndItsParentsAreMadeAndGivenToTheAccount() throws Exception {
        assumeTrue(AccountHomes.runsAsRoot(), "only root can give a folder to another owner");
        AccountHomes homes = new AccountHomes(root, true);
        assertNull(homes.ensure(new AccountHomes.Account("alice", "teams/blue/alice", 12345, 23456)));
        Path home = root.resolve("teams/blue/alice");
        assertTrue(Files.isDirectory(home));
        assertEquals(12345, owner(home, "uid"));
        assertEquals(23456, owner(home, "gid"));
    }

    @Test
    void aNodeThatCannotSetTheOwnerMakesTheHomeAndSaysSoForTheAccount() {
        AccountHomes homes = new AccountHomes(root, false);
        String note = homes.ensure(new AccountHomes.Account("bob", "bob", 4001, 4001));
        assertTrue(Files.isDirectory(root.resolve("bob")));
        assertEquals("account 'bob': home " + root.resolve("bob") + " created, but its owner was not set to 4001:4001:"
                + " this node does not run as root", note);
    }

    @Test
    void anExistingHomeIsNeitherDeletedNorReownedAndAnotherOwnerIsReported() throws Exception {
        Path home = Files.createDirectories(root.resolve("carol"));
        Files.writeString(home.resolve("notes.txt"), "kept");
        Object uid = owner(home, "uid");
        Object gid = owner(home, "gid");
        AccountHomes homes = new AccountHomes(root, true);
        String note = homes.ensure(new AccountHomes.Account("carol", "carol", 54321, 54321));
        assertEquals("account 'carol': home " + home + " exists, owned by " + uid + ":" + gid + ", not 54321:54321: not re-owned", note);
        assertEquals(uid, owner(home, "uid"));
        assertEquals("kept", Files.readString(home.resolve("notes.txt")));
        assertNull(homes.ensure(new AccountHomes.Account("carol", "carol", (Integer) uid, (Integer) gid)));
    }

    @Test
    void aHomeOutsideTheRootIsRefusedAndAnAccountWithoutHomeIsLeftAlone() {
        AccountHomes homes = new AccountHomes(root.resolve("accounts"), true);
        List<String> notes = homes.ensure(List.of(new AccountHomes.Account("eve", "../../etc/evil", 0, 0),
                new AccountHomes.Account("mallory", "/etc/evil", 0, 0), new AccountHomes.Account("dave", null, 1, 1)));
        assertEquals(2, notes.size(), notes::toString);
        assertTrue(notes.get(0).startsWith("account 'eve': home '../../etc/evil' is not a folder under the accounts root"), notes.get(0));
        assertTrue(notes.get(1).startsWith("account 'mallory': home '/etc/evil' is not a folder under the accounts root"), notes.get(1));
        assertFalse(Files.exists(root.resolve("etc")));
    }
}
