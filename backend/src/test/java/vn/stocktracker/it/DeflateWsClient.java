package vn.stocktracker.it;

import vn.stocktracker.testing.Inflate;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * A WebSocket client that offers permessage-deflate (RFC 7692) the way Chromium does and shows the
 * frames as they come (RSV1 and the payload on the wire), so a test can see what is compressed. It
 * keeps its inflater's window from message to message, as a browser does when the server does not
 * ask otherwise. Blocking, one frame at a time; for tests only.
 */
final class DeflateWsClient implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final Inflater inflater = new Inflater(true);
    final String responseHead;

    /** One message: whether it came compressed, its bytes on the wire, and its text. */
    record Message(boolean compressed, byte[] wire, String text) {
    }

    DeflateWsClient(int port, String path) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed during the handshake: " + head);
            }
            head.append((char) b);
        }
        responseHead = head.toString();
    }

    /** The next text message (control frames are skipped). */
    Message next() throws IOException, DataFormatException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        boolean compressed = false;
        boolean first = true;
        while (true) {
            int b0 = read();
            int b1 = read();
            long len = b1 & 0x7f;
            if (len == 126) {
                len = (read() << 8) | read();
            } else if (len == 127) {
                len = 0;
                for (int i = 0; i < 8; i++) {
                    len = (len << 8) | read();
                }
            }
            byte[] payload = in.readNBytes((int) len);
            int opcode = b0 & 0x0f;
            if (opcode >= 8) {
                if (opcode == 8) {
                    throw new IOException("the server closed the connection");
                }
                continue; // ping/pong
            }
            if (first) {
                compressed = (b0 & 0x40) != 0;
                first = false;
            }
            wire.write(payload);
            if ((b0 & 0x80) != 0) {
                byte[] w = wire.toByteArray();
                return new Message(compressed, w, new String(compressed ? inflate(w) : w, StandardCharsets.UTF_8));
            }
        }
    }

    /** Sends a text message compressed, masked, as a browser sends it. */
    void sendCompressed(String text) throws IOException {
        Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        d.setInput(text.getBytes(StandardCharsets.UTF_8));
        byte[] buf = new byte[4096];
        int n = d.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
        d.end();
        byte[] payload = Arrays.copyOf(buf, n - 4); // without the sync-flush tail
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.write(0x80 | 0x40 | 0x1); // FIN, RSV1, text
        f.write(0x80 | payload.length); // masked, short length (the test's messages are small)
        f.write(mask);
        for (int i = 0; i < payload.length; i++) {
            f.write(payload[i] ^ mask[i % 4]);
        }
        out.write(f.toByteArray());
        out.flush();
    }

    private byte[] inflate(byte[] payload) throws DataFormatException {
        return Inflate.message(inflater, payload);
    }

    private int read() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new IOException("connection closed");
        }
        return b;
    }

    @Override
    public void close() throws IOException {
        inflater.end();
        socket.close();
    }
}
