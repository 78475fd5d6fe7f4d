package vn.stocktracker.api.ws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/**
 * A socket for unit tests that writes only when told to: frames handed to it stay "in flight" until
 * {@link #writeOne()} or {@link #writeAll()}, as on a client that reads slowly. Single-threaded use.
 */
final class FakeTransport implements WsTransport {
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Pending(byte[] frame, Runnable done) {
    }

    private final Deque<Pending> inFlight = new ArrayDeque<>();
    final List<JsonNode> received = new ArrayList<>();
    int closeCode = -1;
    /** Runs once, inside the next send (what another thread does at that moment), then is cleared. */
    Runnable duringNextSend;

    @Override
    public void send(byte[] utf8, Runnable done, Consumer<Throwable> failed) {
        inFlight.add(new Pending(utf8, done));
        Runnable r = duringNextSend;
        duringNextSend = null;
        if (r != null) {
            r.run();
        }
    }

    @Override
    public void close(int code, String reason) {
        closeCode = code;
    }

    int inFlight() {
        return inFlight.size();
    }

    /** The oldest frame reaches the client. */
    boolean writeOne() {
        Pending p = inFlight.poll();
        if (p == null) {
            return false;
        }
        try {
            received.add(JSON.readTree(p.frame()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        p.done().run();
        return true;
    }

    void writeAll() {
        while (writeOne()) {
            // until none is left
        }
    }
}
