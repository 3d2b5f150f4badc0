package io.clustersync.core.internal.tables;

import org.h2.api.Trigger;

import java.sql.Connection;

/**
 * H2 trigger on a table synchronized only by Synchronize All: captures nothing, but moves the table's
 * {@link TableVersions version} on every write, so that its digests are taken again only after it changed.
 */
public final class RowVersionTrigger implements Trigger {

    private String table;

    @Override
    public void init(Connection conn, String schema, String trigger, String tableName, boolean before, int type) {
        this.table = tableName;
    }

    @Override
    public void fire(Connection conn, Object[] oldRow, Object[] newRow) {
        TableVersions.changed(table);
    }
}
