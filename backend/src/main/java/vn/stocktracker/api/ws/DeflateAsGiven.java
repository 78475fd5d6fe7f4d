package vn.stocktracker.api.ws;

import org.eclipse.jetty.websocket.core.OutgoingEntry;
import org.eclipse.jetty.websocket.core.WebSocketComponents;
import org.eclipse.jetty.websocket.core.internal.PerMessageDeflateExtension;

/**
 * What the server negotiates as {@code permessage-deflate}: Jetty's own extension for what clients
 * send (their compressed messages are inflated as before), but frames going out pass as they are
 * given: {@link WsTransport} sends a compressed payload from {@link SharedDeflate} with RSV1 set, or a
 * small message uncompressed with RSV1 clear (RFC 7692 lets an endpoint send any message
 * uncompressed). Jetty's extension would instead deflate every frame once per client: with browsers,
 * which all offer the extension, the compression work would grow with the number of clients (that
 * cost was not measured; the benchmark's clients did not offer the extension before). Registered in
 * place of Jetty's by {@link #install}; public with a no-argument constructor because Jetty makes one
 * per connection by reflection.
 */
public final class DeflateAsGiven extends PerMessageDeflateExtension {
    static final String NAME = "permessage-deflate";

    /** Makes the server's WebSocket components negotiate this extension for permessage-deflate. */
    public static void install(WebSocketComponents components) {
        components.getExtensionRegistry().register(NAME, DeflateAsGiven.class);
    }

    @Override
    public void sendFrame(OutgoingEntry entry) {
        nextOutgoingFrame(entry);
    }
}
