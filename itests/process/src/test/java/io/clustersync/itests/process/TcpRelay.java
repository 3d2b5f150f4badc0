package io.clustersync.itests.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP relay on its own loopback address to a node's proxy: another network path to the same proxy. Closing it
 * cuts every connection through it, as a failed interface would.
 */
final class TcpRelay implements AutoCloseable {

    private final ServerSocket server;
    private final InetSocketAddress target;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicLong toClients = new AtomicLong();

    TcpRelay(String listenHost, int port, String targetHost) throws IOException {
        server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getByName(listenHost), port));
        target = new InetSocketAddress(InetAddress.getByName(targetHost), port);
        Thread acceptor = new Thread(this::accept, "relay-" + listenHost);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Bytes the proxy sent back through this relay. */
    long toClients() {
        return toClients.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket proxy = new Socket();
                sockets.add(client);
                sockets.add(proxy);
                proxy.connect(target, 5000);
                copy(client, proxy, new AtomicLong());
                copy(proxy, client, toClients);
            } catch (IOException e) {
                // closed, or the proxy is not there: the client sees its connection end
            }
        }
    }

    private void copy(Socket from, Socket to, AtomicLong counted) {
        Thread pump = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    out.write(buffer, 0, n);
                    counted.addAndGet(n);
                }
            } catch (IOException e) {
                // one side closed
            } finally {
                close(from);
                close(to);
            }
        }, "relay-pump");
        pump.setDaemon(true);
        pump.start();
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        sockets.forEach(TcpRelay::close);
    }
}
