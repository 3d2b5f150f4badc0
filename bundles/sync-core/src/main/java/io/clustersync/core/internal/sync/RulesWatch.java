package io.clustersync.core.internal.sync;

import io.clustersync.core.internal.modelsync.SyncedModel;
import io.clustersync.core.internal.files.FileSelection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Keeps the sync rules in force: reads them at start and again whenever one of the three files changes,
 * puts the capture triggers on the dynamic tables, and while a file is malformed holds everything back and
 * says why (captured row changes wait, nothing is lost).
 */
final class RulesWatch {

    private static final Logger LOG = LoggerFactory.getLogger(RulesWatch.class);

    private final Path home;
    private final SyncedModel replica;
    private final SyncErrors errors;
    private volatile SyncRules rules = SyncRules.none();
    private volatile String error = "";
    private volatile FileSelection files = FileSelection.NONE;
    private String fingerprint = "";

    RulesWatch(Path home, SyncedModel replica, SyncErrors errors) {
        this.home = home;
        this.replica = replica;
        this.errors = errors;
    }

    /** Re-reads the rules if a file changed since the last look; true when they came (back) into force. */
    boolean refresh() {
        String now = fingerprint();
        if (now.equals(fingerprint)) {
            return false;
        }
        fingerprint = now;
        try {
            SyncRules read = SyncRulesReader.read(home);
            replica.captureTables(read.dynamicTables().stream().map(SyncRules.Table::name).collect(Collectors.toSet()),
                    read.tables().stream().filter(SyncRules.Table::full).map(SyncRules.Table::name).collect(Collectors.toSet()),
                    SyncRulesReader.SYNC_TABLES);
            rules = read;
            files = read.fileSelection();
            boolean recovered = !error.isEmpty();
            if (recovered) {
                LOG.info("sync rules fixed: files and tables synchronize again");
            }
            error = "";
            LOG.info("sync rules: {} file pattern(s), {} exclusion(s), tables {}", read.filePatterns().size(),
                    read.exclusions().size(), read.tables().stream().map(t -> t.name() + (t.full() ? " (full)" : "")).toList());
            return true;
        } catch (SyncRulesReader.SyncRulesException | IllegalStateException e) {
            error = e.getMessage();
            files = FileSelection.NONE;
            LOG.error("nothing of files and tables is synchronized until this is fixed: {}", error);
            errors.add("sync rules: " + error);
            return false;
        }
    }

    /** The files the rules in force synchronize: none while a rules file is malformed. */
    FileSelection files() {
        return files;
    }

    boolean inForce() {
        return error.isEmpty();
    }

    String error() {
        return error;
    }

    SyncRules rules() {
        return rules;
    }

    private String fingerprint() {
        StringBuilder out = new StringBuilder();
        for (String file : List.of(SyncRulesReader.SYNC_CONF, SyncRulesReader.SYNC_EXCL, SyncRulesReader.SYNC_TABLES)) {
            Path path = home.resolve(file);
            try {
                out.append(Files.exists(path) ? Files.getLastModifiedTime(path).toMillis() + ":" + Files.size(path) : "-").append(';');
            } catch (IOException e) {
                out.append("?;");
            }
        }
        return Objects.toString(out);
    }
}
