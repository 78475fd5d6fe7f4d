package vn.stocktracker.source.ssi;

/**
 * A frame (or one payload inside it) that is not the JSON shape SSI sends. Thrown by the parsers and
 * caught by {@link SsiFrameDecoder}, which counts and skips the frame. Carries no stack trace: malformed
 * input is an expected event on a live feed, not a programming error.
 */
public final class MalformedFrameException extends RuntimeException {

    public MalformedFrameException(String message) {
        super(message, null, false, false);
    }
}
