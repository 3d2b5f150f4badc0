package io.clustersync.core.internal.fullsync;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Orders tables parents before children, by their foreign keys, so that rows can be written in that order. */
final class TableOrder {

    private TableOrder() {
    }

    static List<SyncedTable> parentsFirst(Connection c, List<SyncedTable> tables) throws SQLException {
        Map<String, SyncedTable> byName = new LinkedHashMap<>();
        tables.forEach(t -> byName.put(t.name(), t));
        Map<String, Set<String>> parents = new LinkedHashMap<>();
        for (SyncedTable t : tables) {
            Set<String> mine = new HashSet<>();
            try (ResultSet rs = c.getMetaData().getImportedKeys(null, "PUBLIC", t.name())) {
                while (rs.next()) {
                    String parent = rs.getString("PKTABLE_NAME");
                    if (byName.containsKey(parent) && !parent.equals(t.name())) {
                        mine.add(parent);
                    }
                }
            }
            parents.put(t.name(), mine);
        }
        List<SyncedTable> ordered = new ArrayList<>();
        Set<String> placed = new HashSet<>();
        while (ordered.size() < tables.size()) {
            boolean progress = false;
            for (SyncedTable t : tables) {
                if (!placed.contains(t.name()) && placed.containsAll(parents.get(t.name()))) {
                    ordered.add(t);
                    placed.add(t.name());
                    progress = true;
                }
            }
            if (!progress) {
                throw new SQLException("the synchronized tables refer to each other in a cycle: "
                        + tables.stream().map(SyncedTable::name).filter(n -> !placed.contains(n)).toList());
            }
        }
        return ordered;
    }
}
