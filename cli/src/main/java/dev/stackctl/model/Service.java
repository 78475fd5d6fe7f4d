package dev.stackctl.model;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One Compose service. Null fields and empty lists mean "unset". Either {@code image} or {@code build}
 * (or both: the build's result is tagged with the image name) must be given.
 */
public record Service(
        String name,
        Interpolated image,
        Build build,
        String containerName,
        List<String> command,
        String user,
        List<EnvVar> environment,
        List<String> envFiles,
        List<PortBinding> ports,
        List<Dependency> dependsOn,
        HealthCheck healthcheck,
        RestartPolicy restart,
        Resources resources,
        Integer replicas,
        Duration stopGracePeriod,
        List<String> networks,
        List<VolumeMount> volumes,
        Map<String, String> labels,
        List<String> securityOpt,
        Boolean readOnly,
        List<String> tmpfs) {

    public Service {
        Names.requireResourceName(name, "service");
        if (image == null && build == null) {
            throw new IllegalArgumentException("service '" + name + "' needs an image or a build");
        }
        command = List.copyOf(command == null ? List.of() : command);
        environment = List.copyOf(environment == null ? List.of() : environment);
        envFiles = List.copyOf(envFiles == null ? List.of() : envFiles);
        ports = List.copyOf(ports == null ? List.of() : ports);
        dependsOn = List.copyOf(dependsOn == null ? List.of() : dependsOn);
        networks = List.copyOf(networks == null ? List.of() : networks);
        volumes = List.copyOf(volumes == null ? List.of() : volumes);
        labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels == null ? Map.of() : labels));
        securityOpt = List.copyOf(securityOpt == null ? List.of() : securityOpt);
        tmpfs = List.copyOf(tmpfs == null ? List.of() : tmpfs);
        if (replicas != null && replicas < 0) {
            throw new IllegalArgumentException("service '" + name + "': replicas must not be negative");
        }
        Durations.requirePositive(stopGracePeriod, "stop_grace_period");
        for (Dependency d : dependsOn) {
            if (d.service().equals(name)) {
                throw new IllegalArgumentException("service '" + name + "' cannot depend on itself");
            }
        }
    }

    /** A service from an image, with everything else unset. */
    public static Service ofImage(String name, Interpolated image) {
        return new Service(name, image, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** A service built from a context, with everything else unset. */
    public static Service ofBuild(String name, Build build) {
        return new Service(name, null, build, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    public Optional<HealthCheck> healthCheck() {
        return Optional.ofNullable(healthcheck);
    }

    public Optional<EnvVar> env(String variable) {
        return environment.stream().filter(e -> e.name().equals(variable)).findFirst();
    }

    public Service withImage(Interpolated v) {
        return new Service(name, v, build, containerName, command, user, environment, envFiles, ports, dependsOn, healthcheck, restart, resources, replicas, stopGracePeriod, networks, volumes, labels, securityOpt, readOnly, tmpfs);
    }

    public Service withBuild(Build v) {
        return new Service(name, image, v, containerName, command, user, environment, envFiles, ports, dependsOn, healthcheck, restart, resources, replicas, stopGracePeriod, networks, volumes, labels, securityOpt, readOnly, tmpfs);
    }

    public Service withContainerName(String v) {
        return new Service(name, image, build, v, command, user, environment, envFiles, ports, dependsOn, healthcheck, restart, resources, replicas, stopGracePeriod, networks, volumes, labels, securityOpt, readOnly, tmpfs);
    }

    public Service withCommand(List<String> v) {
        return new Service(name, image, build, containerName, v, user, environment, envFiles, ports, dependsOn, healthcheck, restart, resources, replicas, stopGracePeriod, networks, volumes, labels, securityOpt, readOnly, tmpfs);
    }

    public Service withUser(String v) {
        return new Service(name, image, build, containerName, command, v, environment, envFiles, ports, dependsOn, healthcheck, restart, resources, replicas, stopGracePeriod, networks, volumes, labels, securityOpt, readOnly, tmpfs);
    }

    public Service withEnvironment(List<EnvVar> v) {
        return new Service(name, image, build, containerName, command, user, v, envFiles, ports, dependsOn, healthcheck, restart, resources, replicas, stopGracePeriod, networks, volumes, labels, securityOpt, readOnly, tmpfs);
    }

    public Service withEnvFiles(List<String> v) {
        return new Service(name, image, build, containerName, command, user, environment, v, ports, dependsOn, healthcheck, restart, resources, replicas, stopGracePeriod, networks, volumes, labels, securityOpt, readOnly, tmpfs);
    }

    public Service withPorts(List<PortBinding> v) {
        return new Service(name, image, build, containerName, command, user, environment, envFiles, v, dependsOn, healthcheck, restart, resources, replicas, stopGracePeriod, networks, volumes, labels, securityOpt, readOnly, tmpfs);
    }

    public Service withDependsOn(List<Dependency> v) {
        return new Service(name, image, build, containerName, command, user, environment, envFiles, ports, v, healthcheck, restart, resources, replicas, stopGracePeriod, networks, volumes, labels, securityOpt, readOnly, tmpfs);
    }

    public Service withHealthcheck(HealthCheck v) {
        return new Service(name, image, build, containerName, command, user, environment, envFiles, ports, dependsOn, v, restart, resources, replicas, stopGracePeriod, networks, volumes, labels, securityOpt, readOnly, tmpfs);
    }

    public Service withRestart(RestartPolicy v) {
        return new Service(name, image, build, containerName, command, user, environment, envFiles, ports, dependsOn, healthcheck, v, resources, replicas, stopGracePeriod, networks, volumes, labels, securityOpt, readOnly, tmpfs);
    }

    public Service withResources(Resources v) {
        return new Service(name, image, build, containerName, command, user, environment, envFiles, ports, dependsOn, healthcheck, restart, v, replicas, stopGracePeriod, networks, volumes, labels, securityOpt, readOnly, tmpfs);
    }

    public Service withReplicas(Integer v) {
        return new Service(name, image, build, containerName, command, user, environment, envFiles, ports, dependsOn, healthcheck, restart, resources, v, stopGracePeriod, networks, volumes, labels, securityOpt, readOnly, tmpfs);
    }

    public Service withStopGracePeriod(Duration v) {
        return new Service(name, image, build, containerName, command, user, environment, envFiles, ports, dependsOn, healthcheck, restart, resources, replicas, v, networks, volumes, labels, securityOpt, readOnly, tmpfs);
    }

    public Service withNetworks(List<String> v) {
        return new Service(name, image, build, containerName, command, user, environment, envFiles, ports, dependsOn, healthcheck, restart, resources, replicas, stopGracePeriod, v, volumes, labels, securityOpt, readOnly, tmpfs);
    }

    public Service withVolumes(List<VolumeMount> v) {
        return new Service(name, image, build, containerName, command, user, environment, envFiles, ports, dependsOn, healthcheck, restart, resources, replicas, stopGracePeriod, networks, v, labels, securityOpt, readOnly, tmpfs);
    }

    public Service withLabels(Map<String, String> v) {
        return new Service(name, image, build, containerName, command, user, environment, envFiles, ports, dependsOn, healthcheck, restart, resources, replicas, stopGracePeriod, networks, volumes, v, securityOpt, readOnly, tmpfs);
    }

    public Service withSecurityOpt(List<String> v) {
        return new Service(name, image, build, containerName, command, user, environment, envFiles, ports, dependsOn, healthcheck, restart, resources, replicas, stopGracePeriod, networks, volumes, labels, v, readOnly, tmpfs);
    }

    public Service withReadOnly(Boolean v) {
        return new Service(name, image, build, containerName, command, user, environment, envFiles, ports, dependsOn, healthcheck, restart, resources, replicas, stopGracePeriod, networks, volumes, labels, securityOpt, v, tmpfs);
    }

    public Service withTmpfs(List<String> v) {
        return new Service(name, image, build, containerName, command, user, environment, envFiles, ports, dependsOn, healthcheck, restart, resources, replicas, stopGracePeriod, networks, volumes, labels, securityOpt, readOnly, v);
    }
}
