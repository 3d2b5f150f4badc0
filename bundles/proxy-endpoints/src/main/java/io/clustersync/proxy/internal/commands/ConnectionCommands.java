package io.clustersync.proxy.internal.commands;

import io.clustersync.core.api.ClusterModel;
import io.clustersync.core.api.DataPlane;
import io.clustersync.core.api.Reply;
import io.clustersync.proxy.internal.pubsub.PubSubCommands;
import io.clustersync.proxy.internal.pubsub.PubSubHub;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/** The commands a proxy answers itself: PING, ECHO, AUTH, HELLO, SELECT, QUIT, CLIENT, COMMAND, CONFIG, INFO. */
public final class ConnectionCommands {

    static final String VERSION = "7.0.0";
    private static final Reply NOAUTH = Reply.error("NOAUTH Authentication required.");
    private static final Reply WRONGPASS = Reply.error("WRONGPASS invalid username-password pair or user is disabled.");

    private final DataPlane dataPlane;
    private final TransactionCommands transactions;
    private final ServerConfig serverConfig;
    private final PubSubHub hub;
    private final PubSubCommands pubsub;
    private final Executor slowWork;
    private final Executor streamOpener;

    /**
     * @param model        the cluster model, where CONFIG SET notify-keyspace-events goes
     * @param slowWork     runs INFO, CSYNC SHARDS and CONFIG, which ask other nodes
     * @param streamOpener opens replication streams, whose full resync copies a whole shard
     */
    public ConnectionCommands(DataPlane dataPlane, ClusterModel model, Executor slowWork, Executor streamOpener, PubSubHub hub) {
        this.dataPlane = dataPlane;
        this.serverConfig = new ServerConfig(model);
        this.hub = hub;
        this.pubsub = new PubSubCommands(dataPlane, hub);
        this.transactions = new TransactionCommands(dataPlane);
        this.slowWork = slowWork;
        this.streamOpener = streamOpener;
    }

    public Executor streamOpener() {
        return streamOpener;
    }

    /** Refuses a command before AUTH as Redis does, or returns null when it may run. */
    public static Reply authGate(ClientSession session, CommandSpec spec) {
        if (session.authenticated() || spec.flags().contains("no_auth")) {
            return null;
        }
        return NOAUTH;
    }

    public PubSubHub pubsubHub() {
        return hub;
    }

    public TransactionCommands transactions() {
        return transactions;
    }

    public DataPlane dataPlane() {
        return dataPlane;
    }

    public CompletableFuture<Reply> run(ClientSession session, EndpointView endpoint, CommandSpec spec, byte[][] args) {
        if (spec.group().equals("transactions")) {
            return transactions.run(session, endpoint, spec, args, this);
        }
        if (spec.group().equals("pubsub")) {
            return pubsub.run(spec.name(), endpoint.router().database().id(), session.subscriber(), session.protocol() >= 3, args);
        }
        return switch (spec.name()) {
            case "INFO" -> slowly(() -> InfoReport.build(dataPlane, endpoint, args));
            case "CSYNC" -> slowly(() -> ReplicationCommands.shards(dataPlane, endpoint, args));
            case "CONFIG" -> slowly(() -> serverConfig.run(endpoint, args));
            default -> CompletableFuture.completedFuture(answer(session, endpoint, spec, args));
        };
    }

    /** Runs a command that asks other nodes off the network thread; while the proxies restart, an error says so. */
    private CompletableFuture<Reply> slowly(Supplier<Reply> command) {
        try {
            return CompletableFuture.supplyAsync(command, slowWork);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(Reply.error("TRYAGAIN the proxy endpoints of this node are restarting"));
        }
    }

    private Reply answer(ClientSession session, EndpointView endpoint, CommandSpec spec, byte[][] args) {
        switch (spec.name()) {
            case "PING":
                if (args.length > 2) {
                    return wrongArity("ping");
                }
                if (session.inSubscribedMode()) {
                    return Reply.array(List.of(Reply.bulk("pong"), args.length == 2 ? new Reply.Bulk(args[1]) : Reply.bulk("")));
                }
                return args.length == 2 ? new Reply.Bulk(args[1]) : Reply.PONG;
            case "ECHO":
                return new Reply.Bulk(args[1]);
            case "AUTH":
                return auth(session, endpoint, args);
            case "HELLO":
                return hello(session, endpoint, args);
            case "SELECT":
                return select(args[1]);
            case "QUIT":
                session.closeAfterReply();
                return Reply.OK;
            case "RESET":
                if (session.subscriber() != null) {
                    hub.leave(endpoint.router().database().id(), session.subscriber());
                }
                session.transaction().end();
                transactions.unwatch(endpoint, session.transaction());
                session.reset(!endpoint.router().database().passwordProtected());
                return new Reply.Simple("RESET");
            case "TIME": {
                Instant clock = Instant.now();
                long micros = clock.getEpochSecond() * 1_000_000L + clock.getNano() / 1000;
                return Reply.array(List.of(Reply.bulk(Long.toString(micros / 1_000_000)), Reply.bulk(Long.toString(micros % 1_000_000))));
            }
            case "CLIENT":
                return client(session, args);
            case "COMMAND":
                return CommandInfo.command(args);
            case "CONFIG":
                return serverConfig.run(endpoint, args);
            default:
                return Reply.error("ERR unknown command '" + spec.name().toLowerCase(Locale.ROOT) + "'");
        }
    }

    static Reply wrongArity(String name) {
        return Reply.error("ERR wrong number of arguments for '" + name + "' command");
    }

    /**
     * AUTH [user] password, as Redis 7 answers it: the one user is {@code default}; without a database password it
     * takes any password (Redis's {@code nopass}), but AUTH with a password alone is refused as a likely mistake.
     */
    private Reply auth(ClientSession session, EndpointView endpoint, byte[][] args) {
        if (args.length > 3) {
            return Reply.SYNTAX;
        }
        if (args.length == 2 && !endpoint.router().database().passwordProtected()) {
            return Reply.error("ERR AUTH <password> called without any password configured for the default user. "
                    + "Are you sure your configuration is correct?");
        }
        return checkPassword(session, endpoint, args.length == 3 ? args[1] : null, args[args.length - 1]) ? Reply.OK : WRONGPASS;
    }

    private boolean checkPassword(ClientSession session, EndpointView endpoint, byte[] user, byte[] password) {
        boolean userOk = user == null || "default".equals(new String(user, StandardCharsets.UTF_8));
        boolean protectedDb = endpoint.router().database().passwordProtected();
        boolean ok = userOk && (!protectedDb || dataPlane.authenticate(endpoint.router().database(), password));
        if (ok) {
            session.authenticated(true);
        } else {
            endpoint.passwordRefused(session.address());
        }
        return ok;
    }

    private Reply hello(ClientSession session, EndpointView endpoint, byte[][] args) {
        int protocol = session.protocol();
        if (args.length >= 2) {
            String version = new String(args[1], StandardCharsets.US_ASCII);
            try {
                protocol = Integer.parseInt(version);
            } catch (NumberFormatException e) {
                return Reply.error("ERR Protocol version is not an integer or out of range");
            }
            if (protocol != 2 && protocol != 3) {
                return Reply.error("NOPROTO unsupported protocol version");
            }
        }
        String name = null;
        for (int i = 2; i < args.length; i++) {
            String option = new String(args[i], StandardCharsets.US_ASCII).toUpperCase(Locale.ROOT);
            if (option.equals("AUTH") && i + 2 < args.length) {
                if (!checkPassword(session, endpoint, args[i + 1], args[i + 2])) {
                    return WRONGPASS;
                }
                i += 2;
            } else if (option.equals("SETNAME") && i + 1 < args.length) {
                name = new String(args[++i], StandardCharsets.UTF_8);
                if (!validName(name)) {
                    return badName();
                }
            } else {
                return Reply.error("ERR Syntax error in HELLO option '" + new String(args[i], StandardCharsets.UTF_8) + "'");
            }
        }
        if (!session.authenticated()) {
            return Reply.error("NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO "
                    + "<proto> AUTH <user> <pass> option can be used to authenticate the client and select the RESP "
                    + "protocol version at the same time");
        }
        session.protocol(protocol);
        if (name != null) {
            session.name(name);
        }
        return Reply.map(List.of(
                Reply.bulk("server"), Reply.bulk("redis"),
                Reply.bulk("version"), Reply.bulk(VERSION),
                Reply.bulk("proto"), Reply.integer(protocol),
                Reply.bulk("id"), Reply.integer(session.id()),
                Reply.bulk("mode"), Reply.bulk("standalone"),
                Reply.bulk("role"), Reply.bulk("master"),
                Reply.bulk("modules"), Reply.array(List.of())));
    }

    private static Reply select(byte[] index) {
        long db;
        try {
            db = Long.parseLong(new String(index, StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            return Reply.NOT_INTEGER;
        }
        return db == 0 ? Reply.OK : Reply.error("ERR DB index is out of range");
    }

    private static boolean validName(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < '!' || c > '~') {
                return false;
            }
        }
        return true;
    }

    private static Reply badName() {
        return Reply.error("ERR Client names cannot contain spaces, newlines or special characters.");
    }

    private Reply client(ClientSession session, byte[][] args) {
        String sub = new String(args[1], StandardCharsets.UTF_8).toUpperCase(Locale.ROOT);
        switch (sub) {
            case "SETNAME":
                if (args.length != 3) {
                    return wrongArity("client|setname");
                }
                String name = new String(args[2], StandardCharsets.UTF_8);
                if (!validName(name)) {
                    return badName();
                }
                session.name(name.isEmpty() ? null : name);
                return Reply.OK;
            case "GETNAME":
                return session.name() == null ? Reply.NIL : Reply.bulk(session.name());
            case "ID":
                return Reply.integer(session.id());
            case "SETINFO":
                return args.length == 4 ? Reply.OK : wrongArity("client|setinfo");
            case "INFO":
                return new Reply.Verbatim(describe(session) + "\n");
            case "HELP":
                List<Reply> lines = new ArrayList<>();
                for (String line : new String[] {"CLIENT <subcommand> [<arg> ...]. Subcommands are:", "GETNAME", "ID",
                        "INFO", "SETNAME <name>", "SETINFO <attr> <value>", "HELP"}) {
                    lines.add(new Reply.Simple(line));
                }
                return Reply.array(lines);
            default:
                return Reply.error("ERR unknown subcommand '" + new String(args[1], StandardCharsets.UTF_8)
                        + "'. Try CLIENT HELP.");
        }
    }

    private static String describe(ClientSession session) {
        return "id=" + session.id() + " addr=" + session.address() + " name=" + (session.name() == null ? "" : session.name())
                + " age=" + (System.currentTimeMillis() - session.connectedAtMs()) / 1000 + " db=0 resp=" + session.protocol();
    }

}
