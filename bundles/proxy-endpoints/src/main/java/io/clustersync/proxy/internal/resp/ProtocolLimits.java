package io.clustersync.proxy.internal.resp;

/**
 * The bounds a client's requests must stay within. Going past one is a protocol error: the client gets
 * {@code -ERR Protocol error: ...} and its connection is closed; nothing else is affected.
 *
 * @param maxBulkBytes          the largest bulk string (Redis's {@code proto-max-bulk-len})
 * @param maxArgs               the most arguments of one command (Redis allows 1024*1024)
 * @param maxInlineBytes        the longest inline command line, and the longest length line
 * @param maxRequestBytes       the most bytes one command may take in all
 * @param incompleteTimeoutMs   how long a request may stay half-sent before the connection is closed
 */
public record ProtocolLimits(int maxBulkBytes, int maxArgs, int maxInlineBytes, long maxRequestBytes,
                             long incompleteTimeoutMs) {

    public static final ProtocolLimits DEFAULTS = new ProtocolLimits(16 << 20, 1024 * 1024, 64 * 1024, 32L << 20, 10_000);
}
