package dev.stackctl.concurrent;

import dev.stackctl.error.StackctlException;
import dev.stackctl.error.ExitCode;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Waiting for work done on another thread, with that work's own exception rethrown as is. */
public final class Futures {
    private Futures() {
    }

    /**
     * The result of {@code f}; a RuntimeException it threw (a StackctlException says what to do) is
     * rethrown unchanged, so a failure reads the same as when the work ran on the caller's thread.
     */
    public static <T> T await(Future<T> f) {
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackctlException(ExitCode.FAILURE, "interrupted while waiting", "Run the command again");
        }
    }
}
