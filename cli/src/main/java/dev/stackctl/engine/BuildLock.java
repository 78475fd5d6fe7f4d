package dev.stackctl.engine;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Serialises image builds on one machine: between processes with a file lock in the temp
 * directory, between threads of one process with a lock (a file lock is per process). Two builds
 * of the same recipe at once would fight over the intermediate rootfs tag; the second one now
 * waits and then finds the images current.
 */
final class BuildLock implements AutoCloseable {
    private static final ReentrantLock IN_PROCESS = new ReentrantLock();

    private final FileChannel channel;
    private final FileLock lock;

    private BuildLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Waits up to {@code limit} for the lock; {@code onWait} is called once if it must wait.
     *
     * @throws IOException when the lock was not obtained in time
     */
    static BuildLock acquire(Path file, Duration limit, Runnable onWait) throws IOException {
        long deadline = System.nanoTime() + limit.toNanos();
        boolean waited = false;
        try {
            if (!IN_PROCESS.tryLock()) {
                onWait.run();
                waited = true;
                if (!IN_PROCESS.tryLock(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new IOException("another image build in this process held the lock for " + limit.toMinutes() + " min");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the image build lock", e);
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            while ((lock = channel.tryLock()) == null) {
                if (!waited) {
                    onWait.run();
                    waited = true;
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException("another stackctl images build held " + file + " for " + limit.toMinutes() + " min");
                }
                Thread.sleep(500);
            }
            return new BuildLock(channel, lock);
        } catch (IOException | InterruptedException | RuntimeException e) {
            if (channel != null) {
                channel.close();
            }
            IN_PROCESS.unlock();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the image build lock", e);
            }
            throw e instanceof IOException io ? io : new IOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
            channel.close();
        } finally {
            IN_PROCESS.unlock();
        }
    }
}
