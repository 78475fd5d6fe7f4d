package dev.stackctl.model;

/**
 * {@code deploy}: how many replicas run and what each may use. Null values mean "unset" (one replica,
 * no limits).
 */
public record Deploy(Integer replicas, Resources resources) {

    public static final Deploy UNSET = new Deploy(null, null);

    public Deploy {
        if (replicas != null && replicas < 0) {
            throw new IllegalArgumentException("replicas must not be negative, got " + replicas);
        }
    }

    /** The number of containers this service runs: {@code replicas}, or one when unset. */
    public int replicaCount() {
        return replicas == null ? 1 : replicas;
    }
}
