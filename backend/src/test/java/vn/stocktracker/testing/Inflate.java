package vn.stocktracker.testing;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/** The receiving side of permessage-deflate (RFC 7692), as a WebSocket client does it, for tests and benchmarks. */
public final class Inflate {
    private Inflate() {
    }

    /**
     * One compressed message's text bytes: the 4-byte tail the sender removed is put back (7.2.2) and
     * the payload inflated with {@code inflater}, whose window carries over from the messages before
     * (a browser's default), so give each connection its own raw ({@code nowrap}) inflater.
     */
    public static byte[] message(Inflater inflater, byte[] payload) throws DataFormatException {
        byte[] z = Arrays.copyOf(payload, payload.length + 4);
        z[z.length - 2] = (byte) 0xff;
        z[z.length - 1] = (byte) 0xff;
        inflater.setInput(z);
        ByteArrayOutputStream out = new ByteArrayOutputStream(z.length * 4);
        byte[] buf = new byte[16_384];
        while (!inflater.needsInput()) {
            int n = inflater.inflate(buf);
            out.write(buf, 0, n);
            if (n == 0 && (inflater.finished() || inflater.needsDictionary())) {
                break;
            }
        }
        return out.toByteArray();
    }
}
