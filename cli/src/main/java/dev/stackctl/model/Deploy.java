package dev.stackctl.model;

import java.util.Locale;

/**
 * {@code deploy}: how many replicas run and what each may use, and, for an orchestrator (Swarm), how
 * tasks are placed, restarted, updated and found. Null values mean "unset" (one replica, no limits,
 * the orchestrator's defaults); Compose itself reads only {@code replicas} and {@code resources}.
 *
 * @param endpointMode how other services find this one: a virtual IP (needs IPVS) or DNS round robin
 * @param restartPolicy {@code deploy.restart_policy}, which Swarm uses instead of {@code restart:}
 */
public record Deploy(Mode mode, Integer replicas, EndpointMode endpointMode, Resources resources, DeployRestartPolicy restartPolicy,
                     UpdateConfig updateConfig, UpdateConfig rollbackConfig, Placement placement) {

    public static final Deploy UNSET = new Deploy(null, null);

    /** {@code deploy.mode}: a fixed number of replicas, or one task on every node. */
    public enum Mode {
        REPLICATED, GLOBAL;

        public String composeName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** {@code deploy.endpoint_mode}. */
    public enum EndpointMode {
        VIP, DNSRR;

        public String composeName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Deploy {
        if (replicas != null && replicas < 0) {
            throw new IllegalArgumentException("replicas must not be negative, got " + replicas);
        }
        if (mode == Mode.GLOBAL && replicas != null) {
            throw new IllegalArgumentException("replicas cannot be set in global mode (one task per node); remove one of them");
        }
        if (rollbackConfig != null && rollbackConfig.failureAction() == UpdateConfig.FailureAction.ROLLBACK) {
            throw new IllegalArgumentException("rollback_config.failure_action cannot be rollback; use continue or pause");
        }
        placement = placement == null || placement.isUnset() ? null : placement;
    }

    public Deploy(Integer replicas, Resources resources) {
        this(null, replicas, null, resources, null, null, null, null);
    }

    /** The number of containers this service runs: {@code replicas}, or one when unset. */
    public int replicaCount() {
        return replicas == null ? 1 : replicas;
    }

    /** Whether anything beyond replicas and resources (what only an orchestrator reads) is set. */
    public boolean hasOrchestratorFields() {
        return mode != null || endpointMode != null || restartPolicy != null || updateConfig != null || rollbackConfig != null || placement != null;
    }
}
