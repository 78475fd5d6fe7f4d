package vn.stocktracker.api.ws;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The per-connection sender: conflation instead of a queue, replies after the snapshot, stalls. */
class ClientSessionTest {
    private final AtomicLong now = new AtomicLong();
    private final List<ClientSession> writable = new ArrayList<>();
    private WsMetrics metrics;
    private FakeTransport socket;
    private ClientSession client;

    @BeforeEach
    void setUp() {
        metrics = new WsMetrics(new SimpleMeterRegistry(), c -> 0);
        socket = new FakeTransport();
        client = new ClientSession(Channel.MARKET, socket, metrics, now::get, writable::add);
    }

    private static byte[] msg(String type, int n) {
        return ("{\"type\":\"" + type + "\",\"n\":" + n + "}").getBytes(StandardCharsets.UTF_8);
    }

    private List<String> received() {
        return socket.received.stream().map(j -> j.get("type").asText() + j.get("n").asInt()).toList();
    }

    @Test
    void aClientThatKeepsUpGetsEveryUpdate() {
        client.admit(msg("snapshot", 0));
        for (int i = 1; i <= 50; i++) {
            assertThat(client.offer(msg("update", i), List.of("FPT"), false)).isTrue();
            socket.writeAll();
        }
        assertThat(received()).hasSize(51).endsWith("update50");
        assertThat(metrics.conflated.count()).isZero();
    }

    @Test
    void aClientThatFallsBehindHoldsRowNamesNotMessages() {
        client.admit(msg("snapshot", 0));
        client.offer(msg("update", 1), List.of("FPT"), false);
        // the socket takes nothing: with MAX_DATA_IN_FLIGHT frames unwritten (snapshot, update 1), updates only mark their rows
        for (int i = 2; i <= 1_000; i++) {
            client.offer(msg("update", i), List.of(i % 2 == 0 ? "VNM" : "HPG"), i == 500);
        }
        assertThat(socket.inFlight()).isEqualTo(ClientSession.MAX_DATA_IN_FLIGHT);
        assertThat(client.behind()).isTrue();
        assertThat(metrics.conflated.count()).isEqualTo(999);
        assertThat(writable).isEmpty();
        socket.writeOne();
        assertThat(writable).as("the fan-out is told once the socket can take a frame").containsExactly(client);
        assertThat(client.readyForCatchUp()).isTrue();
        ClientSession.Dirty missed = client.takeDirty();
        assertThat(missed.rows()).containsExactly("VNM", "HPG");
        assertThat(missed.futures()).isTrue();
        assertThat(client.behind()).isFalse();
        assertThat(client.takeDirty().rows()).as("taken once").isEmpty();
    }

    @Test
    void repliesWaitForTheFirstSnapshotAndHeartbeatsForACaughtUpSocket() {
        client.reply(msg("error", 1));
        client.heartbeat(msg("heartbeat", 2));
        assertThat(socket.inFlight()).as("nothing before the snapshot").isZero();
        client.admit(msg("snapshot", 0));
        socket.writeAll();
        assertThat(received()).containsExactly("snapshot0", "error1");
        client.offer(msg("update", 3), Set.of("FPT"), false);
        client.offer(msg("update", 4), Set.of("FPT"), false);
        client.heartbeat(msg("heartbeat", 5));
        assertThat(metrics.heartbeatsSkipped.count()).isEqualTo(1);
        socket.writeAll();
        client.heartbeat(msg("heartbeat", 6));
        socket.writeAll();
        assertThat(received()).endsWith("update3", "update4", "heartbeat6");
    }

    @Test
    void aSocketThatTakesNothingIsStalledAndDropped() {
        client.admit(msg("snapshot", 0));
        now.addAndGet(TimeUnit.SECONDS.toNanos(9));
        assertThat(client.stalled(TimeUnit.SECONDS.toNanos(10))).isFalse();
        now.addAndGet(TimeUnit.SECONDS.toNanos(2));
        assertThat(client.stalled(TimeUnit.SECONDS.toNanos(10))).isTrue();
        client.drop();
        assertThat(socket.closeCode).isEqualTo(1008);
        assertThat(metrics.dropped.count()).isEqualTo(1);
        client.send(msg("update", 1));
        assertThat(socket.inFlight()).as("nothing goes to a closed client").isEqualTo(1);
    }

    @Test
    void aWritingSocketIsNotStalled() {
        client.admit(msg("snapshot", 0));
        client.offer(msg("update", 1), List.of("FPT"), false);
        now.addAndGet(TimeUnit.SECONDS.toNanos(20));
        socket.writeOne(); // progress, though one frame is still waiting
        now.addAndGet(TimeUnit.SECONDS.toNanos(5));
        assertThat(client.stalled(TimeUnit.SECONDS.toNanos(10))).isFalse();
    }

    @Test
    void tooManyUnwrittenRepliesCloseTheClient() {
        client.admit(msg("snapshot", 0));
        for (int i = 0; i < ClientSession.MAX_IN_FLIGHT; i++) {
            client.reply(msg("error", i));
        }
        assertThat(socket.closeCode).isEqualTo(1008);
        assertThat(socket.inFlight()).isEqualTo(ClientSession.MAX_IN_FLIGHT);
    }
}
