package vn.stocktracker.source.ssi;

import java.io.IOException;

/** An SSI endpoint answered with an error status (HTTP or the envelope's {@code status}). Transient by default. */
public final class SsiApiException extends IOException {

    private final int status;

    public SsiApiException(String message, int status) {
        super(message);
        this.status = status;
    }

    /** HTTP status or the envelope's status code. */
    public int status() {
        return status;
    }
}
