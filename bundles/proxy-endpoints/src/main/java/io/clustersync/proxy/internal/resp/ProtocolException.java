package io.clustersync.proxy.internal.resp;

/** Malformed client input; the message follows {@code Protocol error: } in the reply. */
public final class ProtocolException extends RuntimeException {

    public ProtocolException(String message) {
        super(message, null, false, false);
    }
}
