package dev.stackctl.model;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A Compose project: services in the order a person would list them, and the top-level networks,
 * volumes, secrets and configs. Names are unique within each list; cross-references are checked by
 * validation, not here. A null name leaves it to the command (a Swarm stack file must not carry one).
 * {@code extensions} are the top-level keys read from a file that the model does not interpret ({@code x-}
 * extensions, {@code models}), as written.
 */
public record Stack(String name, List<Service> services, List<Network> networks, List<Volume> volumes, List<FileObject> secrets,
                    List<FileObject> configs, java.util.Map<String, RawValue> extensions) {

    public Stack {
        if (name != null) {
            Names.requireResourceName(name, "project");
        }
        services = List.copyOf(services);
        networks = List.copyOf(networks == null ? List.of() : networks);
        volumes = List.copyOf(volumes == null ? List.of() : volumes);
        secrets = List.copyOf(secrets == null ? List.of() : secrets);
        configs = List.copyOf(configs == null ? List.of() : configs);
        extensions = RawValues.copy(extensions);
        requireUnique(services.stream().map(Service::name).toList(), "service");
        requireUnique(networks.stream().map(Network::name).toList(), "network");
        requireUnique(volumes.stream().map(Volume::name).toList(), "volume");
        requireUnique(secrets.stream().map(FileObject::key).toList(), "secret");
        requireUnique(configs.stream().map(FileObject::key).toList(), "config");
    }

    public Stack(String name, List<Service> services, List<Network> networks, List<Volume> volumes) {
        this(name, services, networks, volumes, List.of(), List.of());
    }

    public Stack(String name, List<Service> services, List<Network> networks, List<Volume> volumes, List<FileObject> secrets,
                 List<FileObject> configs) {
        this(name, services, networks, volumes, secrets, configs, null);
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
        return services.stream().flatMap(s -> s.process().environment().stream()).filter(e -> !e.isPassThrough())
                .flatMap(e -> e.value().references().stream())
                .filter(Interpolated.Ref::required).map(Interpolated.Ref::name).distinct().toList();
    }

    public Stack withServices(List<Service> v) {
        return new Stack(name, v, networks, volumes, secrets, configs, extensions);
    }

    public Stack withName(String v) {
        return new Stack(v, services, networks, volumes, secrets, configs, extensions);
    }

    public Stack withNetworks(List<Network> v) {
        return new Stack(name, services, v, volumes, secrets, configs, extensions);
    }

    public Stack withSecrets(List<FileObject> v) {
        return new Stack(name, services, networks, volumes, v, configs, extensions);
    }

    public Stack withConfigs(List<FileObject> v) {
        return new Stack(name, services, networks, volumes, secrets, v, extensions);
    }

    /** Replaces the service of the same name. */
    public Stack withService(Service replacement) {
        return withServices(services.stream().map(s -> s.name().equals(replacement.name()) ? replacement : s).toList());
    }
}
