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
import vn.stocktracker.stream.StreamPublisher;
import vn.stocktracker.testing.Await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The collector's publisher against a real Redis, at the moment a collector becomes active: the
 * processor has published before the publisher's thread runs (a standby taking over queues while it
 * reads its predecessor's seq and starts), so the first live record is written with publishes waiting.
 * Every publish reaches its streams once, in seq order, each entry chained to the one before it.
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

    @Test
    void publishesQueuedBeforeActivationReachTheStreamsInOrder() {
        RedisLink link = RedisLink.of(services.redisUrl(), null, "publisher-it");
        try (Jedis j = link.connect(2_000)) {
            j.set(CollectorLease.KEY, "7");
        }
        SimulatedDay day = new SimulatedDay(11);
        day.advance(30_000);
        AtomicReference<LiveState> live = new AtomicReference<>(LiveState.EMPTY);
        StreamPublisher publisher = new StreamPublisher(link, live::get, new ChangeCodec(Json.mapper()), 10_000, "c-it",
                "simulated", () -> new SourceStatus(SourceState.STREAMING, "", 0, 0), new SimpleMeterRegistry(),
                () -> { });
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
