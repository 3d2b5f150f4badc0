package io.clustersync.core.internal.accounts;

import io.clustersync.core.internal.tables.RowChange;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** The accounts of the configuration database as {@link AccountHomes} needs them: from the table, or from a row change. */
public final class AccountRows {

    private AccountRows() {
    }

    /** Every account with a home; none when the table has no HOME_DIR column (a schema without account homes). */
    public static List<AccountHomes.Account> read(Connection c) throws SQLException {
        if (!hasHomes(c)) {
            return List.of();
        }
        List<AccountHomes.Account> out = new ArrayList<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT NAME, HOME_DIR, UID, GID FROM PUBLIC.ACCOUNTS WHERE HOME_DIR IS NOT NULL ORDER BY NAME")) {
            while (rs.next()) {
                out.add(new AccountHomes.Account(rs.getString(1), rs.getString(2), (Integer) rs.getObject(3, Integer.class),
                        (Integer) rs.getObject(4, Integer.class)));
            }
        }
        return out;
    }

    /** The account a row change writes, or null when it writes no account with a home. */
    public static AccountHomes.Account of(RowChange change) {
        if (!AccountHomes.TABLE.equals(change.table()) || change.delete() || change.value("HOME_DIR") == null) {
            return null;
        }
        return new AccountHomes.Account(String.valueOf(change.value("NAME")), String.valueOf(change.value("HOME_DIR")),
                number(change.value("UID")), number(change.value("GID")));
    }

    private static Integer number(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Number n) {
            return n.intValue();
        }
        try {
            return Integer.valueOf(value.toString().trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static boolean hasHomes(Connection c) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        try (ResultSet rs = meta.getColumns(null, "PUBLIC", AccountHomes.TABLE, "HOME_DIR")) {
            return rs.next();
        }
    }
}
