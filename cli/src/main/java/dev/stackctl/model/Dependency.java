package dev.stackctl.model;

/**
 * A {@code depends_on} entry: the service waited for and the condition it must reach. {@code via} names
 * what implies it when it was not written in depends_on ({@code network_mode}, {@code volumes_from},
 * {@code links}: compose starts that service first too), else null.
 */
public record Dependency(String service, Condition condition, String via) {

    /** The Compose spec's dependency conditions. */
    public enum Condition {
        SERVICE_STARTED, SERVICE_HEALTHY, SERVICE_COMPLETED_SUCCESSFULLY;

        public String composeName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Condition fromCompose(String s) {
            for (Condition c : values()) {
                if (c.composeName().equals(s)) {
                    return c;
                }
            }
            throw new IllegalArgumentException("unknown condition '" + s + "'; use service_started, service_healthy or service_completed_successfully");
        }
    }

    public Dependency {
        Names.requireResourceName(service, "dependency service");
        if (condition == null) {
            condition = Condition.SERVICE_STARTED;
        }
    }

    public Dependency(String service, Condition condition) {
        this(service, condition, null);
    }

    /** A dependency compose derives from another key ({@code network_mode: service:x}, volumes_from, links). */
    public static Dependency implied(String service, String via) {
        return new Dependency(service, Condition.SERVICE_STARTED, via);
    }

    public boolean isImplied() {
        return via != null;
    }

    public static Dependency healthy(String service) {
        return new Dependency(service, Condition.SERVICE_HEALTHY);
    }
}
