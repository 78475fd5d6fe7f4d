package vn.stocktracker.api.ws;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.common.WebSocketSession;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/** One client's socket, as far as sending to it goes. */
interface WsTransport {

    /**
     * Hands one text frame (UTF-8 JSON; the array may be shared between clients and is only read) to
     * the socket without waiting; exactly one of the callbacks runs once it is written or has failed.
     */
    void send(byte[] utf8, Runnable done, Consumer<Throwable> failed);

    /** Closes the connection with a WebSocket close code. */
    void close(int code, String reason);

    /**
     * The transport of a Jetty session: frames straight to Jetty's core session when it is one (no copy
     * to a String), compressed once for all clients ({@link SharedDeflate}) when this one negotiated
     * permessage-deflate.
     */
    static WsTransport of(Session session) {
        CoreSession core = session instanceof WebSocketSession w ? w.getCoreSession() : null;
        boolean deflate = core != null && core.getNegotiatedExtensions().stream()
                .anyMatch(e -> DeflateAsGiven.NAME.equals(e.getName()));
        return new WsTransport() {
            @Override
            public void send(byte[] utf8, Runnable done, Consumer<Throwable> failed) {
                if (core != null) {
                    byte[] z = deflate ? SharedDeflate.compressed(utf8) : null;
                    Frame frame = new Frame(OpCode.TEXT, ByteBuffer.wrap(z != null ? z : utf8));
                    if (z != null) {
                        frame.setRsv1(true);
                    }
                    core.sendFrame(frame, org.eclipse.jetty.util.Callback.from(done, failed), false);
                } else {
                    session.sendText(new String(utf8, StandardCharsets.UTF_8), Callback.from(done, failed));
                }
            }

            @Override
            public void close(int code, String reason) {
                try {
                    session.close(code, reason, Callback.NOOP);
                } catch (RuntimeException e) {
                    // already gone
                }
            }
        };
    }
}
