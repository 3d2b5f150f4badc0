package io.clustersync.jmxagent;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.rmi.server.RMIServerSocketFactory;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Server sockets for the JMX connector and its registry on the node's address: with TLS, each accepted connection
 * shakes hands on a thread of its own (10 s at most) before RMI sees it, so that a refusal (plain text on the TLS
 * port, a client that does not trust the certificate) is logged with the peer and counted, and a slow client holds
 * up no one else. Without TLS, plain server sockets on the address.
 */
final class TlsServerSocketFactory implements RMIServerSocketFactory {

    private static final Socket CLOSED = new Socket();

    private final String address;
    private final SSLContext tls;
    private final Refusals refusals;

    /** {@code tls} null: plain sockets. */
    TlsServerSocketFactory(String address, SSLContext tls, Refusals refusals) {
        this.address = address;
        this.tls = tls;
        this.refusals = refusals;
    }

    @Override
    public ServerSocket createServerSocket(int port) throws IOException {
        ServerSocket plain = new ServerSocket();
        plain.setReuseAddress(true);
        plain.bind(new InetSocketAddress(InetAddress.getByName(address), port), 50);
        return tls == null ? plain : new Handshaking(plain);
    }

    /** One factory per address and TLS: RMI shares a port between the registry and the connector when they are equal. */
    @Override
    public boolean equals(Object other) {
        return other instanceof TlsServerSocketFactory f && f.address.equals(address) && f.tls == tls;
    }

    @Override
    public int hashCode() {
        return address.hashCode();
    }

    private final class Handshaking extends ServerSocket {

        private final ServerSocket plain;
        private final BlockingQueue<Socket> ready = new LinkedBlockingQueue<>();
        private final ExecutorService handshakes = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "clustersync-jmx-handshake");
            t.setDaemon(true);
            return t;
        });
        private volatile boolean closed;

        Handshaking(ServerSocket plain) throws IOException {
            this.plain = plain;
            Thread acceptor = new Thread(this::acceptLoop, "clustersync-jmx-accept-" + plain.getLocalPort());
            acceptor.setDaemon(true);
            acceptor.start();
        }

        private void acceptLoop() {
            while (!closed) {
                Socket socket;
                try {
                    socket = plain.accept();
                } catch (IOException e) {
                    break;
                }
                handshakes.execute(() -> handshake(socket));
            }
            ready.add(CLOSED);
        }

        private void handshake(Socket socket) {
            String peer = String.valueOf(socket.getRemoteSocketAddress());
            try {
                SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(socket, null, socket.getPort(), true);
                ssl.setUseClientMode(false);
                ssl.setSoTimeout(10_000);
                ssl.startHandshake();
                ssl.setSoTimeout(0);
                ready.add(ssl);
            } catch (IOException e) {
                refusals.handshake(peer, reason(e));
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // already gone
                }
            }
        }

        private String reason(IOException e) {
            String message = String.valueOf(e.getMessage());
            if (message.contains("plaintext") || message.contains("Unsupported or unrecognized SSL message")) {
                return "not a TLS record (a plain-text client on the TLS port?)";
            }
            return e.getClass().getSimpleName() + ": " + message;
        }

        @Override
        public Socket accept() throws IOException {
            try {
                Socket next = ready.take();
                if (next == CLOSED) {
                    ready.add(CLOSED);
                    throw new SocketException("the JMX server socket on " + address + ":" + plain.getLocalPort() + " is closed");
                }
                return next;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SocketException("interrupted while waiting for a JMX connection");
            }
        }

        @Override
        public void close() throws IOException {
            closed = true;
            plain.close();
            handshakes.shutdownNow();
        }

        @Override
        public boolean isClosed() {
            return closed;
        }

        @Override
        public boolean isBound() {
            return plain.isBound();
        }

        @Override
        public int getLocalPort() {
            return plain.getLocalPort();
        }

        @Override
        public InetAddress getInetAddress() {
            return plain.getInetAddress();
        }

        @Override
        public SocketAddress getLocalSocketAddress() {
            return plain.getLocalSocketAddress();
        }

        @Override
        public String toString() {
            return "TLS " + plain;
        }
    }
}
