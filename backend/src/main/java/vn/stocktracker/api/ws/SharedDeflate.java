package vn.stocktracker.api.ws;

import java.io.ByteArrayOutputStream;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.zip.Deflater;

/**
 * permessage-deflate (RFC 7692) payloads made once per message, not once per client. The fan-out
 * hands the same byte array to every client of a channel and filter; a client that negotiated
 * permessage-deflate gets that array compressed, and this compresses each array once (arrays are
 * compared by identity; an entry goes when its array is no longer referenced). Each payload is
 * compressed from an empty window (the deflater is reset per message), so it never refers to an
 * earlier message: it decodes the same whether or not the client keeps its inflater's window from
 * one message to the next (the default, "context takeover"), and the same bytes are right for every
 * client whatever it received before. The cost is some ratio (about 3x on a board update instead of
 * a little more with a shared window), the gain that the compression is paid once for all clients
 * instead of once per client, which is what lets thousands of browsers receive it.
 */
final class SharedDeflate {
    /** Smaller messages (heartbeats, short replies) go uncompressed, which the extension allows. */
    static final int MIN_BYTES = 256;
    private static final byte[] SYNC_FLUSH_TAIL = {0x00, 0x00, (byte) 0xff, (byte) 0xff};
    private static final Map<byte[], byte[]> CACHE = Collections.synchronizedMap(new WeakHashMap<>());
    private static final ThreadLocal<Deflater> DEFLATER = ThreadLocal.withInitial(
            () -> new Deflater(Deflater.DEFAULT_COMPRESSION, true));
    /** Marks "not worth compressing" in the cache. */
    private static final byte[] AS_IS = new byte[0];

    private SharedDeflate() {
    }

    /**
     * The payload of a compressed (RSV1) frame carrying {@code utf8}, or null when it is sent as it
     * is (too small, or compression would not make it smaller). The same array gets the same answer.
     */
    static byte[] compressed(byte[] utf8) {
        if (utf8.length < MIN_BYTES) {
            return null;
        }
        byte[] z = CACHE.computeIfAbsent(utf8, SharedDeflate::deflate);
        return z == AS_IS ? null : z;
    }

    /** One message from an empty window, flushed to a byte boundary, without the 4-byte tail (RFC 7692 7.2.1). */
    static byte[] deflate(byte[] utf8) {
        Deflater d = DEFLATER.get();
        d.reset();
        d.setInput(utf8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(utf8.length / 2 + 64);
        byte[] buf = new byte[Math.max(1024, utf8.length / 2)];
        while (true) {
            int n = d.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
            out.write(buf, 0, n);
            if (n < buf.length) {
                break; // SYNC_FLUSH wrote everything it had
            }
        }
        byte[] z = out.toByteArray();
        if (z.length < SYNC_FLUSH_TAIL.length || !endsWithTail(z)) {
            throw new IllegalStateException("deflate did not end with a sync flush");
        }
        int len = z.length - SYNC_FLUSH_TAIL.length;
        if (len >= utf8.length) {
            return AS_IS;
        }
        return java.util.Arrays.copyOf(z, len);
    }

    private static boolean endsWithTail(byte[] z) {
        for (int i = 0; i < SYNC_FLUSH_TAIL.length; i++) {
            if (z[z.length - SYNC_FLUSH_TAIL.length + i] != SYNC_FLUSH_TAIL[i]) {
                return false;
            }
        }
        return true;
    }
}
