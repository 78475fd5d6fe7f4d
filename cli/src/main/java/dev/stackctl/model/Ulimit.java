package dev.stackctl.model;

import java.util.Set;

/**
 * One entry of a service's {@code ulimits}: a resource limit of the container's processes, with a soft
 * value (what a process gets) and a hard value (what an unprivileged process may raise its soft value
 * to, e.g. nginx's {@code worker_rlimit_nofile}).
 */
public record Ulimit(String name, long soft, long hard) {
    /** The names the engine accepts (setrlimit's resources, lower case, without RLIMIT_). */
    public static final Set<String> NAMES = Set.of("core", "cpu", "data", "fsize", "locks", "memlock", "msgqueue", "nice",
            "nofile", "nproc", "rss", "rtprio", "rttime", "sigpending", "stack");

    public Ulimit {
        if (name == null || !NAMES.contains(name)) {
            throw new IllegalArgumentException("'" + name + "' is not a ulimit; use one of " + new java.util.TreeSet<>(NAMES));
        }
        if (soft < 0 || hard < 0) {
            throw new IllegalArgumentException("ulimit " + name + " must not be negative (soft " + soft + ", hard " + hard + ")");
        }
        if (soft > hard) {
            throw new IllegalArgumentException("ulimit " + name + ": soft " + soft + " exceeds hard " + hard + "; make soft at most hard");
        }
    }

    /** The same soft and hard value, e.g. {@code Ulimit.of("nofile", 65536)}. */
    public static Ulimit of(String name, long value) {
        return new Ulimit(name, value, value);
    }
}
