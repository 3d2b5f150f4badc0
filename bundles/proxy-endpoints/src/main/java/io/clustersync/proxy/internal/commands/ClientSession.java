package io.clustersync.proxy.internal.commands;

import io.clustersync.proxy.internal.pubsub.Subscriber;

import java.util.concurrent.atomic.AtomicLong;

/** One client connection's state: its id, name, protocol version and whether it has authenticated. */
public final class ClientSession {

    private static final AtomicLong IDS = new AtomicLong();

    private final long id = IDS.incrementAndGet();
    private final String address;
    private final long connectedAtMs = System.currentTimeMillis();
    private volatile String name;
    private volatile int protocol = 2;
    private volatile boolean authenticated;
    private volatile boolean closing;
    private final Transaction transaction = new Transaction();
    private volatile Subscriber subscriber;

    public ClientSession(String address, boolean authenticated) {
        this.address = address;
        this.authenticated = authenticated;
    }

    public long id() {
        return id;
    }

    public String address() {
        return address;
    }

    public long connectedAtMs() {
        return connectedAtMs;
    }

    public String name() {
        return name;
    }

    public void name(String name) {
        this.name = name;
    }

    public int protocol() {
        return protocol;
    }

    public void protocol(int protocol) {
        this.protocol = protocol;
    }

    public boolean authenticated() {
        return authenticated;
    }

    public void authenticated(boolean authenticated) {
        this.authenticated = authenticated;
    }

    /** The connection as pub/sub sees it. */
    public Subscriber subscriber() {
        return subscriber;
    }

    public void subscriber(Subscriber subscriber) {
        this.subscriber = subscriber;
    }

    /** True when a RESP2 client subscribes to something: only the subscription commands, PING, QUIT, RESET run. */
    public boolean inSubscribedMode() {
        return protocol < 3 && subscriber != null && subscriber.subscriptions() > 0;
    }

    /** MULTI/EXEC/WATCH state (used on the connection's thread only). */
    public Transaction transaction() {
        return transaction;
    }

    /** RESET: back to RESP2, no name, authenticated only when the database has no password. */
    public void reset(boolean authenticated) {
        this.protocol = 2;
        this.name = null;
        this.authenticated = authenticated;
    }

    /** Set by QUIT: the connection closes once the reply is written. */
    public boolean closing() {
        return closing;
    }

    public void closeAfterReply() {
        this.closing = true;
    }
}
