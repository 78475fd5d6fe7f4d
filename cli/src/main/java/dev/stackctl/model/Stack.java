package dev.stackctl.model;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A Compose project: services in the order a person would list them, and the top-level networks and
 * volumes. Names are unique within each list; cross-references are checked by validation, not here.
 */
public record Stack(String name, List<Service> services, List<Network> networks, List<Volume> volumes) {

    public Stack {
        if (name != null) {
            Names.requireResourceName(name, "project");
        }
        services = List.copyOf(services);
        networks = List.copyOf(networks == null ? List.of() : networks);
        volumes = List.copyOf(volumes == null ? List.of() : volumes);
        requireUnique(services.stream().map(Service::name).toList(), "service");
        requireUnique(networks.stream().map(Network::name).toList(), "network");
        requireUnique(volumes.stream().map(Volume::name).toList(), "volume");
    }

    private static void requireUnique(List<String> names, String what) {
        Set<String> seen = new HashSet<>();
        for (String n : names) {
            if (!seen.add(n)) {
                throw new IllegalArgumentException("duplicate " + what + " '" + n + "'");
            }
        }
    }

    public Optional<Service> service(String serviceName) {
        return services.stream().filter(s -> s.name().equals(serviceName)).findFirst();
    }

    public List<String> serviceNames() {
        return services.stream().map(Service::name).toList();
    }

    /** Variables the services' environments require ({@code ${VAR:?...}}), in first-use order. */
    public List<String> requiredVariables() {
        return services.stream().flatMap(s -> s.process().environment().stream())
                .flatMap(e -> e.value().references().stream())
                .filter(Interpolated.Ref::required).map(Interpolated.Ref::name).distinct().toList();
    }

    public Stack withServices(List<Service> v) {
        return new Stack(name, v, networks, volumes);
    }

    /** Replaces the service of the same name. */
    public Stack withService(Service replacement) {
        return withServices(services.stream().map(s -> s.name().equals(replacement.name()) ? replacement : s).toList());
    }
}
