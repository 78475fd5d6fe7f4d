package dev.stackctl.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildLockTest {
    @TempDir
    Path dir;

    @Test
    void secondHolderWaitsUntilTheFirstReleases() throws Exception {
        Path file = dir.resolve("images.lock");
        AtomicInteger waits = new AtomicInteger();
        CountDownLatch secondStarted = new CountDownLatch(1);
        CompletableFuture<Long> second;
        long released;
        try (BuildLock first = BuildLock.acquire(file, Duration.ofSeconds(5), waits::incrementAndGet)) {
            second = CompletableFuture.supplyAsync(() -> {
                secondStarted.countDown();
                try (BuildLock ignored = BuildLock.acquire(file, Duration.ofSeconds(20), waits::incrementAndGet)) {
                    return System.nanoTime();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(secondStarted.await(5, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(300);
            assertThat(second).isNotDone();
            released = System.nanoTime();
        }
        long acquired = second.get(20, TimeUnit.SECONDS);
        assertThat(acquired).isGreaterThanOrEqualTo(released);
        assertThat(waits.get()).isEqualTo(1);
    }

    @Test
    void givesUpAfterTheLimitWithAMessage() throws Exception {
        Path file = dir.resolve("images.lock");
        try (BuildLock first = BuildLock.acquire(file, Duration.ofSeconds(5), () -> {})) {
            CompletableFuture<Void> second = CompletableFuture.runAsync(() -> {
                try (BuildLock ignored = BuildLock.acquire(file, Duration.ofMillis(300), () -> {})) {
                    throw new AssertionError("lock obtained while held");
                } catch (IOException e) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
            });
            assertThatThrownBy(() -> second.get(10, TimeUnit.SECONDS)).hasMessageContaining("held the lock");
        }
        // released: free again without waiting (acquire returns or throws, never null: what can fail
        // here is a lock still held, which reports a wait and then throws after the limit)
        AtomicInteger waited = new AtomicInteger();
        try (BuildLock again = BuildLock.acquire(file, Duration.ofSeconds(1), waited::incrementAndGet)) {
            assertThat(waited.get()).as("the released lock was free: no wait reported").isZero();
        }
    }
}
