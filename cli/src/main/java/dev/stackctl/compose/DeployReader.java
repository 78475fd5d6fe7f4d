package dev.stackctl.compose;

import dev.stackctl.compose.YamlNode.Mapping;
import dev.stackctl.model.Cpus;
import dev.stackctl.model.Deploy;
import dev.stackctl.model.DeployRestartPolicy;
import dev.stackctl.model.Durations;
import dev.stackctl.model.MemorySize;
import dev.stackctl.model.Placement;
import dev.stackctl.model.Resources;
import dev.stackctl.model.Service;
import dev.stackctl.model.UpdateConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a service's {@code deploy} section and the legacy {@code mem_limit} / {@code cpus} keys (which
 * {@code deploy.resources} overrides): replicas and resources for Compose, and what only an orchestrator
 * reads (mode, endpoint mode, restart policy, update and rollback, placement).
 */
final class DeployReader {
    private final NodeReader r;

    DeployReader(NodeReader r) {
        this.r = r;
    }

    void read(Service.Builder s, Mapping service) {
        MemorySize memory = memory(service.present("mem_limit"));
        Cpus cpus = cpus(service.present("cpus"));
        MemorySize reservation = null;
        Cpus cpuReservation = null;
        Mapping deploy = r.mapping(service.get("deploy"));
        if (deploy != null) {
            if (deploy.present("replicas") != null) {
                YamlNode n = deploy.get("replicas");
                Integer replicas = r.integer(n);
                if (replicas != null && replicas < 0) {
                    r.error(n, "must not be negative, got " + replicas);
                    replicas = null;
                }
                s.replicas(replicas);
            }
            Mapping res = r.mapping(deploy.get("resources"));
            if (res != null) {
                Mapping limits = r.mapping(res.get("limits"));
                if (limits != null) {
                    memory = limits.present("memory") == null ? memory : memory(limits.get("memory"));
                    cpus = limits.present("cpus") == null ? cpus : cpus(limits.get("cpus"));
                }
                Mapping reservations = r.mapping(res.get("reservations"));
                if (reservations != null) {
                    reservation = memory(reservations.present("memory"));
                    cpuReservation = cpus(reservations.present("cpus"));
                }
            }
            orchestration(s, deploy);
        }
        if (memory != null || cpus != null || reservation != null || cpuReservation != null) {
            MemorySize fm = memory;
            Cpus fc = cpus;
            MemorySize fr = reservation;
            Cpus fcr = cpuReservation;
            String path = service.path() + ".deploy.resources";
            Resources resources = r.attempt(path, deploy == null ? service : deploy, () -> new Resources(fm, fc, fr, fcr));
            if (resources != null) {
                s.resources(resources);
            }
        }
    }

    private MemorySize memory(YamlNode n) {
        String t = n == null ? null : r.text(n);
        return t == null ? null : r.attempt(n, () -> MemorySize.parse(t));
    }

    private Cpus cpus(YamlNode n) {
        String t = n == null ? null : r.text(n);
        return t == null ? null : r.attempt(n, () -> Cpus.of(t));
    }

    private void orchestration(Service.Builder s, Mapping d) {
        YamlNode mode = d.present("mode");
        if (mode != null) {
            String t = r.text(mode);
            if ("replicated".equals(t)) s.mode(Deploy.Mode.REPLICATED);
            else if ("global".equals(t)) s.mode(Deploy.Mode.GLOBAL);
            else if (t != null) r.error(mode, "'" + t + "' is not a deploy mode; use replicated or global");
        }
        YamlNode endpoint = d.present("endpoint_mode");
        if (endpoint != null) {
            String t = r.text(endpoint);
            if ("vip".equals(t)) s.endpointMode(Deploy.EndpointMode.VIP);
            else if ("dnsrr".equals(t)) s.endpointMode(Deploy.EndpointMode.DNSRR);
            else if (t != null) r.error(endpoint, "'" + t + "' is not an endpoint mode; use vip or dnsrr");
        }
        Mapping rp = r.mapping(d.get("restart_policy"));
        if (rp != null) {
            String condition = r.optText(rp.get("condition"));
            Duration delay = duration(rp.present("delay"));
            Integer maxAttempts = nonNegative(rp.present("max_attempts"));
            Duration window = duration(rp.present("window"));
            s.restartPolicy(r.attempt(rp, () -> new DeployRestartPolicy(
                    condition == null ? DeployRestartPolicy.Condition.ANY : DeployRestartPolicy.Condition.fromCompose(condition),
                    delay, maxAttempts, window)));
        }
        s.updateConfig(updateConfig(d.get("update_config"), false));
        s.rollbackConfig(updateConfig(d.get("rollback_config"), true));
        Mapping pl = r.mapping(d.get("placement"));
        if (pl != null) {
            List<String> constraints = r.strings(pl.present("constraints"));
            List<String> spread = new ArrayList<>();
            for (YamlNode pref : r.items(pl.get("preferences"))) {
                Mapping m = r.mapping(pref);
                String t = m == null ? null : r.optText(m.get("spread"));
                if (t != null) spread.add(t);
            }
            Integer maxPerNode = pl.present("max_replicas_per_node") == null ? null : r.integer(pl.get("max_replicas_per_node"));
            s.placement(r.attempt(pl, () -> new Placement(constraints, spread, maxPerNode)));
        }
    }

    private UpdateConfig updateConfig(YamlNode node, boolean rollback) {
        Mapping u = r.mapping(node);
        if (u == null) {
            return null;
        }
        UpdateConfig.FailureAction action = null;
        YamlNode actionNode = u.present("failure_action");
        if (actionNode != null) {
            String t = r.text(actionNode);
            action = t == null ? null : r.attempt(actionNode, () -> UpdateConfig.FailureAction.fromCompose(t));
            if (action == UpdateConfig.FailureAction.ROLLBACK && rollback) {
                r.error(actionNode, "a rollback cannot roll back; use continue or pause");
                action = null;
            }
        }
        UpdateConfig.FailureAction onFailure = action;
        Integer parallelism = u.present("parallelism") == null ? null : r.integer(u.get("parallelism"));
        Duration delay = duration(u.present("delay"));
        Duration monitor = duration(u.present("monitor"));
        Double ratio = ratio(u.present("max_failure_ratio"));
        String order = r.optText(u.get("order"));
        return r.attempt(u, () -> new UpdateConfig(parallelism, delay, onFailure, monitor, ratio,
                order == null ? null : UpdateConfig.Order.fromCompose(order)));
    }

    private Double ratio(YamlNode n) {
        String t = n == null ? null : r.text(n);
        if (t == null) {
            return null;
        }
        try {
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            r.error(n, "'" + t + "' is not a number; write a fraction such as 0.1");
            return null;
        }
    }

    private Duration duration(YamlNode n) {
        String t = n == null ? null : r.text(n);
        return t == null ? null : r.attempt(n, () -> Durations.parse(t));
    }

    private Integer nonNegative(YamlNode n) {
        Integer i = n == null ? null : r.integer(n);
        if (i != null && i < 0) {
            r.error(n, "must not be negative, got " + i);
            return null;
        }
        return i;
    }

    static Duration positive(Duration d) {
        if (d.isZero() || d.isNegative()) throw new IllegalArgumentException("must be a positive duration, e.g. 10s");
        return d;
    }
}
