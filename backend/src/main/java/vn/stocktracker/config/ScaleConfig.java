package vn.stocktracker.config;

/**
 * The settings of the split into one collector and API replicas (ignored by role {@code all} except
 * {@code replicaId}, which every process reports).
 *
 * @param role          {@code BACKEND_ROLE}: all (default), collector, api
 * @param replicaId     {@code REPLICA_ID}; default the host name (the container id under Docker)
 * @param streamMaxLen  {@code STREAM_MAXLEN}: entries kept per stream (trimmed with {@code MAXLEN ~})
 * @param leaseTtlMs    {@code COLLECTOR_LEASE_MS}: how long the active collector's lease lasts without renewal
 * @param readRole      {@code DATABASE_READ_ROLE}: the database role an API replica reads as ({@code SET ROLE});
 *                      empty: the login itself, in read-only transactions
 */
public record ScaleConfig(BackendRole role, String replicaId, int streamMaxLen, long leaseTtlMs, String readRole) {

    public static final ScaleConfig DEFAULT = new ScaleConfig(BackendRole.ALL, "local", 2_000, 3_000, "tracker_reader");
}
