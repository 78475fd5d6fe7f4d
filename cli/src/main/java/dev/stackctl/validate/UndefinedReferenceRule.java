package dev.stackctl.validate;

import dev.stackctl.model.Dependency;
import dev.stackctl.model.Network;
import dev.stackctl.model.Service;
import dev.stackctl.model.Stack;
import dev.stackctl.model.Volume;
import dev.stackctl.model.VolumeMount;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Services, networks and volumes that are referenced but not defined. */
public final class UndefinedReferenceRule implements Rule {
    @Override
    public String id() {
        return "undefined-reference";
    }

    @Override
    public String description() {
        return "depends_on, networks and named volumes must refer to something defined in the file";
    }

    /** A name as compose interpolates it ({@code ${NET:-front}} is front); null when a variable leaves it unknown. */
    private static String resolved(String written, RuleContext context) {
        return dev.stackctl.model.Interpolated.valueOf(written, context.variables()).orElse(null);
    }

    @Override
    public List<Finding> check(Stack stack, RuleContext context) {
        Set<String> services = Set.copyOf(stack.serviceNames());
        Set<String> networks = stack.networks().stream().map(Network::name).collect(Collectors.toSet());
        Set<String> volumes = stack.volumes().stream().map(Volume::name).collect(Collectors.toSet());
        List<Finding> out = new ArrayList<>();
        for (Service s : stack.services()) {
            String p = "services." + s.name();
            for (Dependency d : s.dependsOn()) {
                if (!services.contains(d.service())) {
                    out.add(Finding.error(p + (d.isImplied() ? "." + d.via() : ".depends_on." + d.service()), id(),
                            (d.isImplied() ? d.via() + " names" : "depends on") + " service '" + d.service()
                                    + "', which is not defined; define it under services or remove the reference"));
                }
            }
            for (String written : s.networks()) {
                String n = resolved(written, context);
                if (n != null && !networks.contains(n) && !n.equals("default")) {
                    out.add(Finding.error(p + ".networks." + written, id(),
                            "uses network '" + n + "', which is not defined; add it under the top-level 'networks'"));
                }
            }
            for (VolumeMount v : s.volumes()) {
                String volume = v.type() == VolumeMount.Type.VOLUME && !v.isAnonymous() ? resolved(v.source(), context) : null; // an anonymous volume needs no definition
                if (volume != null && !volumes.contains(volume)) {
                    out.add(Finding.error(p + ".volumes." + v.source(), id(),
                            "mounts volume '" + volume + "', which is not defined; add it under the top-level 'volumes'"));
                }
            }
        }
        return out;
    }
}
