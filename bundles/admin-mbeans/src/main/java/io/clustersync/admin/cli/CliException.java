package io.clustersync.admin.cli;

/** Ends the CLI with a message and an exit code: 1 refused by the node, 2 bad usage, 3 cannot reach the node. */
final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
