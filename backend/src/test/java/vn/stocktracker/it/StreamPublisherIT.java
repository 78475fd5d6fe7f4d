package vn.stocktracker.it;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.resps.StreamEntry;
import vn.stocktracker.api.Json;
import vn.stocktracker.feed.FeedUpdate;
import vn.stocktracker.feed.LiveState;
import vn.stocktracker.market.MarketChanges;
import vn.stocktracker.source.SourceState;
import vn.stocktracker.source.SourceStatus;
import vn.stocktracker.source.sim.SimulatedDay;
import vn.stocktracker.stream.ChangeCodec;
import vn.stocktracker.stream.CollectorLease;
import vn.stocktracker.stream.RedisLink;
import vn.stocktracker.stream.StreamChannel;
import vn.stocktracker.stream.StreamFollower;
import vn.stocktracker.stream.StreamPublisher;
import vn.stocktracker.testing.Await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The collector's publisher and a replica's follower against a real Redis, at the moment a collector
 * becomes active: the processor has published before the publisher's thread runs (a standby taking
 * over queues while it reads its predecessor's seq and starts), so the first live record is written
 * with publishes waiting. Every publish reaches its streams once, in seq order, each entry chained to
 * the one before it; a replica following the takeover never takes its clients back to an older state.
 */
class StreamPublisherIT {
    private static Services services;

    @BeforeAll
    static void start() {
        services = new Services();
    }

    @AfterAll
    static void stop() {
        if (services != null) {
            services.close();
        }
    }

    private static RedisLink freshRedis(String lease) {
        RedisLink link = RedisLink.of(services.redisUrl(), null, "publisher-it");
        try (Jedis j = link.connect(2_000)) {
            j.flushAll();
            j.set(CollectorLease.KEY, lease);
        }
        return link;
    }

    private static StreamPublisher publisher(RedisLink link, AtomicReference<LiveState> live, String id) {
        return new StreamPublisher(link, live::get, new ChangeCodec(Json.mapper()), 10_000, id, "simulated",
                () -> new SourceStatus(SourceState.STREAMING, "", 0, 0), new SimpleMeterRegistry(), () -> { });
    }

    /** Queues the next {@code count} non-empty changes of {@code day} as publishes after {@code seq}; returns the last seq. */
    private static long queue(StreamPublisher p, SimulatedDay day, long seq, int count) {
        for (int i = 0; i < count; ) {
            MarketChanges ch = day.advance(250);
            if (!ch.isEmpty()) {
                p.accept(new FeedUpdate.Changes(ch, ++seq));
                i++;
            }
        }
        return seq;
    }

    @Test
    void aReplicaFollowingATakeoverNeverTakesItsClientsBack() {
        RedisLink link = freshRedis("1");
        SimulatedDay day = new SimulatedDay(5);
        day.advance(30_000);
        AtomicReference<LiveState> live = new AtomicReference<>(LiveState.EMPTY);
        StreamPublisher first = publisher(link, live, "c1");
        long seq = queue(first, day, 0, 20);
        live.set(new LiveState(day.processor.snapshot(), seq));
        first.activate(1);
        Await.until(Duration.ofSeconds(15), "c1's record at seq 20", () -> recordSeq(link) == 20);
        StreamFollower follower = new StreamFollower(link, new ChangeCodec(Json.mapper()), new SimpleMeterRegistry());
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        follower.subscribe(u -> seen.add((u instanceof FeedUpdate.Reset ? "snapshot " : "update ") + u.seq()));
        follower.start();
        StreamPublisher second = null;
        try {
            Await.until(Duration.ofSeconds(15), () -> "follower at seq 20, at " + follower.current().seq(), () -> follower.current().seq() == 20);
            // c1 publishes 21-30 and dies before its next record: the record stays at 20 (its state says 20)
            seq = queue(first, day, seq, 10);
            long c1Last = seq;
            Await.until(Duration.ofSeconds(15), () -> "follower at seq " + c1Last + ", at " + follower.current().seq(),
                    () -> follower.current().seq() == c1Last);
            first.close();
            // c2 takes the lease and goes on after c1's last entry, with publishes queued before it runs
            try (Jedis j = link.connect(2_000)) {
                j.set(CollectorLease.KEY, "2");
            }
            AtomicReference<LiveState> live2 = new AtomicReference<>(LiveState.EMPTY);
            StreamPublisher c2 = publisher(link, live2, "c2");
            second = c2;
            seq = queue(c2, day, seq, 10);
            LiveState c2State = new LiveState(day.processor.snapshot(), seq);
            c2.activate(2);
            // c2's entries are in the streams a second before its first record (a real one's come ~0.1 s before)
            long published = seq;
            Await.until(Duration.ofSeconds(15), "c2 published", () -> c2.lastSeq() == published);
            sleep(1_000);
            live2.set(c2State);
            long c2Last = seq;
            Await.until(Duration.ofSeconds(15), () -> "follower at c2's seq " + c2Last + ", at " + follower.current().seq() + "; saw " + seen,
                    () -> follower.current().seq() == c2Last);
        } finally {
            follower.close();
            if (second != null) {
                second.close();
            }
            first.close();
        }
        long max = 0;
        for (String s : seen) {
            long n = Long.parseLong(s.substring(s.indexOf(' ') + 1));
            assertThat(n).as("after %d, in %s", max, seen).isGreaterThanOrEqualTo(max);
            max = n;
        }
        assertThat(seen).contains("snapshot 20", "snapshot 40");
    }

    private static long recordSeq(RedisLink link) {
        try (Jedis j = link.connect(2_000)) {
            String text = j.get(vn.stocktracker.stream.LiveRecord.KEY);
            return text == null ? -1 : vn.stocktracker.stream.LiveRecord.decode(text, Json.mapper()).seq();
        }
    }

    @Test
    void publishesQueuedBeforeActivationReachTheStreamsInOrder() {
        RedisLink link = freshRedis("7");
        SimulatedDay day = new SimulatedDay(11);
        day.advance(30_000);
        AtomicReference<LiveState> live = new AtomicReference<>(LiveState.EMPTY);
        StreamPublisher publisher = publisher(link, live, "c-it");
        List<Long> marketSeqs = new ArrayList<>();
        long seq = 100; // a taking-over collector goes on after its predecessor's seq
        for (int i = 0; i < 40; i++) {
            MarketChanges ch = day.advance(250);
            if (ch.isEmpty()) {
                continue;
            }
            seq++;
            live.set(new LiveState(day.processor.snapshot(), seq));
            if (!new ChangeCodec(Json.mapper()).encode(ch).containsKey(StreamChannel.MARKET)) {
                continue;
            }
            marketSeqs.add(seq);
            publisher.accept(new FeedUpdate.Changes(ch, seq));
        }
        long last = seq;
        try {
            publisher.activate(7);
            Await.until(Duration.ofSeconds(15), () -> "published up to " + last + ", at " + publisher.lastSeq()
                    + " (up " + publisher.up() + ", error '" + publisher.error() + "')", () -> publisher.lastSeq() == last && publisher.up());
            sleep(300); // a publish that failed would have turned it down again by now
            assertThat(publisher.up()).as("publisher up, error '%s'", publisher.error()).isTrue();
            assertThat(publisher.unpublished()).isZero();
        } finally {
            publisher.close();
        }
        List<Long> seqs = new ArrayList<>();
        long prev = 0;
        try (Jedis j = link.connect(2_000)) {
            for (StreamEntry e : j.xrange(StreamChannel.MARKET.key(), "-", "+")) {
                long s = Long.parseLong(e.getFields().get("seq"));
                assertThat(Long.parseLong(e.getFields().get("prev"))).as("prev of seq %d", s).isEqualTo(prev);
                seqs.add(s);
                prev = s;
            }
        }
        assertThat(seqs).as("the market stream carries every publish once, in order").isEqualTo(marketSeqs);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
