package io.clustersync.core.internal.sync;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SyncRulesReaderTest {

    @TempDir
    Path home;

    private void write(String file, String text) throws Exception {
        Files.createDirectories(home.resolve(file).getParent());
        Files.writeString(home.resolve(file), text);
    }

    @Test
    void readsPatternsExclusionsAndTables() throws Exception {
        write("conf/sync.conf", "# files\nconf/apps/**\nconf/*.xml  # top-level xml\n\n");
        write("conf/sync.excl", "conf/apps/**/*.tmp\n");
        write("conf/sync_tables.conf", "application_types full\nAPPLICATIONS\nACCOUNTS\n");
        SyncRules rules = SyncRulesReader.read(home);
        assertEquals(List.of("conf/apps/**", "conf/*.xml"), rules.filePatterns());
        assertEquals(List.of(new SyncRules.Table("APPLICATION_TYPES", true), new SyncRules.Table("APPLICATIONS", false),
                new SyncRules.Table("ACCOUNTS", false)), rules.tables());
        assertEquals(2, rules.dynamicTables().size());
        assertTrue(rules.isSynchronizedFile("conf/apps/billing/app.properties"));
        assertFalse(rules.isSynchronizedFile("conf/apps/billing/x.tmp"));
        assertTrue(rules.isSynchronizedFile("conf/server.xml"));
        assertFalse(rules.isSynchronizedFile("conf/sub/server.xml"));
        assertFalse(rules.isSynchronizedFile("etc/jmx.password"));
    }

    @Test
    void missingFilesSynchronizeNothing() {
        SyncRules rules = SyncRulesReader.read(home);
        assertTrue(rules.filePatterns().isEmpty() && rules.tables().isEmpty());
    }

    @Test
    void aMalformedLineNamesFileAndLine() throws Exception {
        write("conf/sync_tables.conf", "APPLICATIONS\nACCOUNTS partial\n");
        assertMessage("conf/sync_tables.conf line 2: 'ACCOUNTS partial' is not of the form TABLE [full]");
        write("conf/sync_tables.conf", "# comment\nAUDIT_LOG\n");
        assertMessage("conf/sync_tables.conf line 2: AUDIT_LOG is never synchronized");
        write("conf/sync_tables.conf", "DATABASES\n");
        assertMessage("DATABASES belongs to clustersync itself");
        write("conf/sync_tables.conf", "");
        write("conf/sync.conf", "conf/**\netc/*.cfg\n");
        assertMessage("conf/sync.conf line 2: 'etc/*.cfg': etc/ holds node-local settings and is never synchronized");
        write("conf/sync.conf", "conf/[abc\n");
        assertMessage("conf/sync.conf line 1: 'conf/[abc' is not a valid glob pattern");
        write("conf/sync.conf", "../outside/*\n");
        assertMessage("conf/sync.conf line 1: '../outside/*' must be a pattern relative to the node's home");
    }

    private void assertMessage(String expected) {
        SyncRulesReader.SyncRulesException e = assertThrows(SyncRulesReader.SyncRulesException.class, () -> SyncRulesReader.read(home));
        assertTrue(e.getMessage().contains(expected), () -> "expected '" + expected + "' in: " + e.getMessage());
    }
}
