package io.clustersync.core.internal.model;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pool every component reaches the configuration database through, replaced while it is in use: the swap
 * waits for the connections lent, new ones wait for the swap, and one held too long fails it with nothing swapped.
 */
class SwitchableDataSourceTest {

    private static final AtomicInteger DATABASES = new AtomicInteger();

    /** Pools over in-memory databases, each new pool over the next database: what a swap puts in place shows. */
    private static SwitchableDataSource source(List<String> made) {
        return new SwitchableDataSource(() -> {
            String name = "switch-" + DATABASES.incrementAndGet();
            made.add(name);
            JdbcDataSource h2 = new JdbcDataSource();
            h2.setURL("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
            HikariConfig config = new HikariConfig();
            config.setDataSource(h2);
            config.setMaximumPoolSize(4);
            config.setMinimumIdle(0);
            return new HikariDataSource(config);
        });
    }

    private static String database(SwitchableDataSource source) throws SQLException {
        try (Connection c = source.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT DATABASE()")) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void aSwapWaitsForTheConnectionsLentAndNewOnesWaitForTheSwap() throws Exception {
        List<String> made = new CopyOnWriteArrayList<>();
        SwitchableDataSource source = source(made);
        try {
            assertEquals(made.get(0).toUpperCase(), database(source));
            Connection held = source.getConnection();
            List<String> order = new CopyOnWriteArrayList<>();
            CompletableFuture<Void> swap = CompletableFuture.runAsync(() -> {
                try {
                    source.replace(10_000, () -> order.add("swapped"));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(200);
            assertFalse(swap.isDone(), "the swap waits while a connection is lent");
            CompletableFuture<String> waiting = CompletableFuture.supplyAsync(() -> {
                try {
                    String name = database(source);
                    order.add("new connection");
                    return name;
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(200);
            assertFalse(waiting.isDone(), "a new connection waits for the swap");
            order.add("returned");
            held.close();
            held.close(); // a second close counts nothing
            swap.get(5, TimeUnit.SECONDS);
            assertEquals(made.get(1).toUpperCase(), waiting.get(5, TimeUnit.SECONDS), "the new connection is the new pool's");
            assertEquals(List.of("returned", "swapped", "new connection"), order);
        } finally {
            source.close();
        }
    }

    @Test
    void aConnectionHeldTooLongFailsTheSwapWithNothingSwapped() throws Exception {
        List<String> made = new CopyOnWriteArrayList<>();
        SwitchableDataSource source = source(made);
        try (Connection held = source.getConnection()) {
            List<String> swapped = new CopyOnWriteArrayList<>();
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> source.replace(300, () -> swapped.add("swapped")));
            assertTrue(e.getMessage().contains("1 connection(s) to the configuration database stayed open for 300 ms"), e.getMessage());
            assertEquals(List.of(), swapped);
            assertEquals(made.get(0).toUpperCase(), database(source), "the pool in use stays");
            assertEquals(1, made.size());
        } finally {
            source.close();
        }
    }

    @Test
    void aSwapThatFailsStillOpensAPoolAndSaysWhy() throws Exception {
        List<String> made = new CopyOnWriteArrayList<>();
        SwitchableDataSource source = source(made);
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> source.replace(1000, () -> {
                throw new IllegalStateException("the copy could not be renamed");
            }));
            assertEquals("the copy could not be renamed", e.getMessage());
            assertEquals(made.get(1).toUpperCase(), database(source), "connections are lent again, from a pool opened anew");
        } finally {
            source.close();
        }
    }
}
