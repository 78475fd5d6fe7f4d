package vn.stocktracker.source.ssi;

/**
 * SSI rejected the consumer ID/secret (or the token). Not transient: retrying at the normal reconnect
 * pace would only hammer the server, so the source reports {@code auth failed} and retries slowly.
 */
public final class SsiAuthException extends Exception {

    public SsiAuthException(String message) {
        super(message);
    }
}
