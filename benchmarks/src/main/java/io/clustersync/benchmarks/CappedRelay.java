package io.clustersync.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP relay standing for one source node's network interface: it listens on its own loopback address and
 * forwards every connection to the node's proxy; what flows back (the replication streams) shares one link
 * capped at {@code bytesPerSecond}, whatever the number of connections. The other way is not capped.
 */
final class CappedRelay implements AutoCloseable {

    private static final int CHUNK = 4096;

    private final ServerSocket server;
    private final InetSocketAddress target;
    private final long bytesPerSecond;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicLong carried = new AtomicLong();
    private final Thread acceptor;
    /** When the link is next free to send, in System.nanoTime(). */
    private long linkFreeAt;

    CappedRelay(String listenHost, int port, String targetHost, long bytesPerSecond) throws IOException {
        this.server = new ServerSocket();
        this.server.bind(new InetSocketAddress(InetAddress.getByName(listenHost), port));
        this.target = new InetSocketAddress(InetAddress.getByName(targetHost), port);
        this.bytesPerSecond = bytesPerSecond;
        this.acceptor = new Thread(this::accept, "relay-" + listenHost);
        this.acceptor.setDaemon(true);
        this.acceptor.start();
    }

    /** Bytes carried back to the clients so far. */
    long carried() {
        return carried.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket proxy = new Socket();
                proxy.connect(target, 5000);
                client.setTcpNoDelay(true);
                proxy.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(proxy);
                pump(client, proxy, false);
                pump(proxy, client, true);
            } catch (IOException e) {
                if (!server.isClosed()) {
                    System.err.println("relay " + server.getLocalSocketAddress() + ": " + e.getMessage());
                }
            }
        }
    }

    private void pump(Socket from, Socket to, boolean capped) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[CHUNK];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    if (capped) {
                        waitForLink(n);
                        carried.addAndGet(n);
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException closed) {
                // one side went away: close both
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "relay-pump");
        thread.setDaemon(true);
        thread.start();
    }

    /** Reserves the link for n bytes and waits until they have "left" at the capped rate. */
    private void waitForLink(int n) {
        long done;
        synchronized (this) {
            long now = System.nanoTime();
            long start = Math.max(now, linkFreeAt);
            linkFreeAt = start + TimeUnit.SECONDS.toNanos(n) / bytesPerSecond;
            done = linkFreeAt;
        }
        for (long wait = done - System.nanoTime(); wait > 0; wait = done - System.nanoTime()) {
            LockSupport.parkNanos(wait);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        sockets.forEach(CappedRelay::closeQuietly);
    }
}
