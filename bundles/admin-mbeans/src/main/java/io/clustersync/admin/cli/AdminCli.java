package io.clustersync.admin.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.UndeclaredThrowableException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code clustersync-admin}: the operator's command line over JMX remote. Exit codes: 0 done, 1 refused by
 * the node (its message is printed as it is), 2 bad usage, 3 cannot reach or log in to the node.
 */
public final class AdminCli {

    private AdminCli() {
    }

    public static void main(String[] argv) {
        System.exit(run(argv, System.out, System.err));
    }

    /**
     * Runs one command line, printing to {@code out} and {@code err}; returns the exit code. Tests and benchmarks
     * call it in their own JVM, where it talks to the nodes over JMX as the script's JVM does.
     */
    public static int run(String[] argv, PrintStream out, PrintStream err) {
        try {
            List<String> words = new ArrayList<>(List.of(argv));
            String home = option(words, "--home");
            String url = option(words, "--url");
            String user = option(words, "--user");
            String password = option(words, "--password");
            boolean plain = flag(words, "--jmx-plain");
            for (String store = option(words, "--truststore"); store != null; store = option(words, "--truststore")) {
                JmxTls.trust(Path.of(store));
            }
            if (words.isEmpty() || words.get(0).equals("--help") || words.get(0).equals("help")) {
                out.println(AdminCommands.USAGE);
                return words.isEmpty() ? 2 : 0;
            }
            NodeTarget target;
            if (url != null) {
                target = NodeTarget.fromUrl(url, user, password, !plain);
            } else if (home != null) {
                target = NodeTarget.fromHome(Path.of(home), user);
            } else {
                throw new CliException(2, "say which node: --home DIR, or --url HOST:PORT with --user and --password");
            }
            try (NodeSession session = NodeSession.open(target)) {
                try {
                    new AdminCommands(session, out).run(words);
                } catch (SecurityException e) {
                    throw new CliException(1, "access denied for user '" + session.user() + "': " + e.getMessage()
                            + " (this command changes state and needs the admin role)");
                } catch (IllegalArgumentException | IllegalStateException e) {
                    throw new CliException(1, e.getMessage());
                } catch (UndeclaredThrowableException e) {
                    if (e.getCause() instanceof IOException) {
                        throw new CliException(3, "lost the node: " + NodeSession.rootMessage(e));
                    }
                    throw new CliException(1, "the node does not offer this (" + NodeSession.rootMessage(e)
                            + "); is it running an older clustersync? restart it after an upgrade");
                } catch (CliException e) {
                    throw e;
                } catch (RuntimeException e) {
                    throw new CliException(1, "the node failed: " + e);
                }
            }
            return 0;
        } catch (CliException e) {
            err.println("error: " + e.getMessage());
            return e.exitCode();
        }
    }

    /** Removes {@code --name} from the words and says whether it was there. */
    private static boolean flag(List<String> words, String name) {
        return words.remove(name);
    }

    /** Removes {@code --name value} from the words and returns the value, or null. */
    private static String option(List<String> words, String name) {
        int at = words.indexOf(name);
        if (at < 0) {
            return null;
        }
        if (at == words.size() - 1) {
            throw new CliException(2, name + " needs a value");
        }
        String value = words.get(at + 1);
        words.remove(at + 1);
        words.remove(at);
        return value;
    }
}
