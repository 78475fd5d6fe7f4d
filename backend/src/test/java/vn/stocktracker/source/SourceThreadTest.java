package vn.stocktracker.source;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SourceThreadTest {

    @Test
    void runsUntilStoppedThenEndsWithinTheBound() throws Exception {
        SourceThread t = new SourceThread("test-source");
        CountDownLatch started = new CountDownLatch(1);
        AtomicInteger loops = new AtomicInteger();
        t.start(() -> {
            started.countDown();
            while (t.running()) {
                loops.incrementAndGet();
                try {
                    Thread.sleep(10_000); // woken by the interrupt of stop
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        });
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        long t0 = System.nanoTime();
        assertThat(t.stop(Duration.ofSeconds(2))).as("ended").isTrue();
        assertThat(System.nanoTime() - t0).isLessThan(Duration.ofSeconds(2).toNanos());
        assertThat(t.running()).isFalse();
        assertThat(t.stop(Duration.ofSeconds(1))).as("stop is idempotent").isTrue();
    }

    @Test
    void aSecondStartThrowsBeforePreparingAnything() {
        SourceThread t = new SourceThread("test-source");
        AtomicInteger prepared = new AtomicInteger();
        t.start(prepared::incrementAndGet, () -> { });
        assertThatThrownBy(() -> t.start(prepared::incrementAndGet, () -> { }))
                .isInstanceOf(IllegalStateException.class).hasMessage("test-source was already started");
        assertThat(prepared.get()).isEqualTo(1);
        t.stop(Duration.ofSeconds(1));
    }

    @Test
    void stopBeforeStartIsFine() {
        assertThat(new SourceThread("never").stop(Duration.ofMillis(10))).isTrue();
    }
}
