package vn.stocktracker.api.ws;

import org.junit.jupiter.api.Test;
import vn.stocktracker.testing.Inflate;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import static org.assertj.core.api.Assertions.assertThat;

class SharedDeflateTest {

    /** A board update as the fan-out writes it, different per seq. */
    private static byte[] update(int seq) {
        StringBuilder b = new StringBuilder("{\"type\":\"update\",\"channel\":\"market\",\"ts\":1796658658094,\"seq\":" + seq
                + ",\"data\":{\"stocks\":[");
        for (int i = 0; i < 12; i++) {
            b.append(i == 0 ? "" : ",").append("{\"symbol\":\"S").append((seq * 7 + i) % 30).append("\",\"ts\":").append(1796658658000L + seq)
                    .append(",\"last\":").append(14500 + seq * 50 + i).append(",\"bids\":[{\"price\":14450,\"volume\":").append(200 + i)
                    .append("}],\"asks\":[{\"price\":14500,\"volume\":").append(4900 - i).append("}]}");
        }
        return b.append("],\"futures\":null}}").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] inflate(Inflater inf, byte[] payload) throws DataFormatException {
        return Inflate.message(inf, payload);
    }

    @Test
    void everyMessageDecodesWhateverTheClientReceivedBefore() throws Exception {
        List<byte[]> messages = new ArrayList<>();
        for (int seq = 1; seq <= 40; seq++) {
            messages.add(update(seq));
        }
        // a client that keeps its window from message to message (what browsers do by default) ...
        Inflater keepsWindow = new Inflater(true);
        for (byte[] m : messages) {
            byte[] z = SharedDeflate.compressed(m);
            assertThat(z).as("a board update is worth compressing").isNotNull();
            assertThat(z.length).isLessThan(m.length / 2);
            assertThat(inflate(keepsWindow, z)).isEqualTo(m);
        }
        // ... and one that joined late and got every other message: the same bytes decode for it too
        Inflater late = new Inflater(true);
        for (int i = 1; i < messages.size(); i += 2) {
            assertThat(inflate(late, SharedDeflate.compressed(messages.get(i)))).isEqualTo(messages.get(i));
        }
    }

    @Test
    void oneArrayIsCompressedOnceForAllClients() {
        byte[] m = update(7);
        byte[] first = SharedDeflate.compressed(m);
        assertThat(SharedDeflate.compressed(m)).isSameAs(first);
        // equal bytes in another array are another message as far as the cache goes, with the same result
        byte[] copy = m.clone();
        assertThat(SharedDeflate.compressed(copy)).isNotSameAs(first).isEqualTo(first);
    }

    @Test
    void smallOrIncompressibleMessagesGoAsTheyAre() {
        byte[] heartbeat = "{\"type\":\"heartbeat\",\"channel\":\"market\",\"ts\":1796658658094}".getBytes(StandardCharsets.UTF_8);
        assertThat(SharedDeflate.compressed(heartbeat)).isNull();
        byte[] noise = new byte[4096];
        new Random(42).nextBytes(noise);
        assertThat(SharedDeflate.compressed(noise)).isNull();
    }
}
