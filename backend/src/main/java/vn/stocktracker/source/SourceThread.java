package vn.stocktracker.source;

import java.time.Duration;

/**
 * The thread a source runs on, with the start/stop contract of {@link MarketDataSource}: started once
 * (a second start is a bug and throws), stopped by clearing {@link #running()}, interrupting and
 * waiting a bounded time; stopping is idempotent and safe before start.
 */
public final class SourceThread {
    private final String name;
    private volatile boolean running;
    private Thread thread;

    /** @param name the thread's name, also used in the "already started" message */
    public SourceThread(String name) {
        this.name = name;
    }

    /** Starts {@code body} on a new daemon thread. */
    public void start(Runnable body) {
        start(() -> { }, body);
    }

    /**
     * Runs {@code prepare} on the calling thread (what the body needs: its sink, the first state), then
     * starts {@code body}; a second start throws before preparing anything.
     */
    public synchronized void start(Runnable prepare, Runnable body) {
        if (thread != null) {
            throw new IllegalStateException(name + " was already started");
        }
        running = true;
        prepare.run();
        thread = Thread.ofPlatform().name(name).daemon(true).start(body);
    }

    /** Clears {@link #running()} without waiting (to unblock the body before {@link #stop}). */
    public void stopping() {
        running = false;
    }

    /** False once {@link #stop} was called: the body's loop ends when it sees this. */
    public boolean running() {
        return running;
    }

    /** Clears {@link #running()}, interrupts the thread and waits at most {@code timeout}; true when it ended. */
    public boolean stop(Duration timeout) {
        Thread t;
        synchronized (this) {
            running = false;
            t = thread;
        }
        if (t == null) {
            return true;
        }
        t.interrupt();
        try {
            t.join(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !t.isAlive();
    }
}
