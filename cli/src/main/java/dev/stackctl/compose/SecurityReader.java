package dev.stackctl.compose;

import dev.stackctl.compose.YamlNode.Mapping;
import dev.stackctl.model.Security;
import dev.stackctl.model.Service;
import dev.stackctl.model.Ulimit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads what a service's containers may do beyond {@code read_only} and {@code security_opt}: the
 * capabilities ({@code cap_add}, {@code cap_drop}), the process limit (service-level {@code pids_limit}
 * or {@code deploy.resources.limits.pids}, which must agree) and {@code ulimits} (one number for soft and
 * hard, or both). A bad value is a problem at its own path and is left unset.
 */
final class SecurityReader {
    private final NodeReader r;

    SecurityReader(NodeReader r) {
        this.r = r;
    }

    void read(Service.Builder s, Mapping service) {
        YamlNode add = service.present("cap_add");
        if (add != null) {
            List<String> caps = r.strings(add);
            s.capAdd(r.attempt(add, () -> new Security(null, null, caps, null, null, null).capAdd()));
        }
        YamlNode drop = service.present("cap_drop");
        if (drop != null) {
            List<String> caps = r.strings(drop);
            s.capDrop(r.attempt(drop, () -> new Security(null, null, null, caps, null, null).capDrop()));
        }
        Long serviceLevel = pids(service.present("pids_limit"));
        Long deployLevel = pids(deployPids(service));
        if (serviceLevel != null && deployLevel != null && !Objects.equals(serviceLevel, deployLevel)) {
            r.error(service.get("pids_limit"), "pids_limit " + serviceLevel + " and deploy.resources.limits.pids " + deployLevel
                    + " differ; set the process limit in one place");
        } else if (serviceLevel != null || deployLevel != null) {
            s.pidsLimit(serviceLevel != null ? serviceLevel : deployLevel);
        }
        YamlNode ulimitsNode = service.present("ulimits");
        if (ulimitsNode != null) {
            Mapping m = r.mapping(ulimitsNode);
            List<Ulimit> ulimits = new ArrayList<>();
            if (m != null) {
                for (Map.Entry<String, YamlNode> e : m.entries().entrySet()) {
                    Ulimit u = ulimit(e.getKey(), e.getValue());
                    if (u != null) ulimits.add(u);
                }
            }
            s.ulimits(ulimits);
        }
    }

    private static YamlNode deployPids(Mapping service) {
        if (service.present("deploy") instanceof Mapping d && d.present("resources") instanceof Mapping res
                && res.present("limits") instanceof Mapping limits) {
            return limits.present("pids");
        }
        return null;
    }

    private Long pids(YamlNode n) {
        if (n == null) {
            return null;
        }
        Long v = whole(n);
        return v == null ? null : r.attempt(n, () -> new Security(null, null, null, null, v, null).pidsLimit());
    }

    private Ulimit ulimit(String name, YamlNode n) {
        if (n instanceof Mapping sh) {
            if (sh.present("soft") == null || sh.present("hard") == null) {
                r.error(n, "ulimit " + name + " needs both soft and hard; give both, or one number for both");
                return null;
            }
            Long soft = whole(sh.get("soft"));
            Long hard = whole(sh.get("hard"));
            return soft == null || hard == null ? null : r.attempt(n, () -> new Ulimit(name, soft, hard));
        }
        Long v = whole(n);
        return v == null ? null : r.attempt(n, () -> Ulimit.of(name, v));
    }

    private Long whole(YamlNode n) {
        String t = r.text(n);
        if (t == null) {
            return null;
        }
        try {
            return Long.parseLong(t.trim());
        } catch (NumberFormatException e) {
            r.error(n, "'" + t + "' is not a whole number");
            return null;
        }
    }
}
