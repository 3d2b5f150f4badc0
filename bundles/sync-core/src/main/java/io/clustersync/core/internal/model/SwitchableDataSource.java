package io.clustersync.core.internal.model;

import com.zaxxer.hikari.HikariDataSource;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The configuration database as every component reaches it: a pool that can be replaced while the node runs,
 * when a snapshot's switch-over puts another database file in place. It counts the connections it lent; a
 * {@link #replace} waits until all are back (new ones wait meanwhile), then runs the swap with none open.
 */
final class SwitchableDataSource implements DataSource {

    /** What makes the next pool. */
    private final Supplier<HikariDataSource> pools;
    private HikariDataSource pool;
    private int open;
    private boolean switching;

    SwitchableDataSource(Supplier<HikariDataSource> pools) {
        this.pools = pools;
        this.pool = pools.get();
    }

    @Override
    public Connection getConnection() throws SQLException {
        HikariDataSource current;
        synchronized (this) {
            while (switching) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SQLException("interrupted while the configuration database was being replaced");
                }
            }
            current = pool;
            open++;
        }
        try {
            return lent(current.getConnection());
        } catch (SQLException | RuntimeException e) {
            returned();
            throw e;
        }
    }

    private synchronized void returned() {
        open--;
        notifyAll();
    }

    /** The connection, which counts itself back at its first close. */
    private Connection lent(Connection connection) {
        AtomicBoolean closed = new AtomicBoolean();
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("close") && method.getParameterCount() == 0) {
                        try {
                            connection.close();
                        } finally {
                            if (closed.compareAndSet(false, true)) {
                                returned();
                            }
                        }
                        return null;
                    }
                    try {
                        return method.invoke(connection, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** What a swap does once no connection is open: puts the new database file in place. */
    interface Swap {
        void run() throws Exception;
    }

    /**
     * Waits up to {@code drainMs} for every lent connection to come back (new ones wait), closes the pool, runs
     * {@code swap} and opens a new pool. Connections still open at the deadline fail the replacement, and nothing
     * is swapped.
     */
    void replace(long drainMs, Swap swap) throws Exception {
        synchronized (this) {
            switching = true;
            long deadline = System.currentTimeMillis() + drainMs;
            while (open > 0) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    switching = false;
                    notifyAll();
                    throw new IllegalStateException(open + " connection(s) to the configuration database stayed open for "
                            + drainMs + " ms: the database was not replaced");
                }
                wait(left);
            }
        }
        try {
            pool.close();
            swap.run();
        } finally {
            synchronized (this) {
                try {
                    pool = pools.get();
                } finally {
                    switching = false;
                    notifyAll();
                }
            }
        }
    }

    void close() {
        pool.close();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("the configuration database is reached with the node's own credentials");
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return pool.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        pool.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        pool.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return pool.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return pool.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        return pool.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || pool.isWrapperFor(iface);
    }
}
