package dev.stackctl.model;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One Compose service. Null values and empty lists mean "unset". Either {@code image} or {@code build}
 * (or both: the build's result is tagged with the image name) must be given.
 *
 * <p>Fields are grouped the way the Compose specification groups them: how the process runs
 * ({@link ProcessSpec}), how it is deployed ({@link Deploy}), what it may do ({@link Security}) and what
 * of the host or of another service it shares ({@link HostAccess}).
 * Instances are made with {@link #builder(String)} and changed with {@link #toBuilder()}, so that no
 * caller passes a long list of positional arguments.
 */
public record Service(
        String name,
        Interpolated image,
        Build build,
        String containerName,
        ProcessSpec process,
        List<PortBinding> ports,
        List<String> networks,
        List<VolumeMount> volumes,
        List<String> tmpfs,
        List<Dependency> dependsOn,
        HealthCheck healthcheck,
        RestartPolicy restart,
        Deploy deploy,
        Security security,
        List<FileReference> secrets,
        List<FileReference> configs,
        Map<String, String> labels,
        HostAccess host,
        List<String> volumesFrom,
        List<String> links,
        List<String> profiles,
        String pullPolicy,
        List<Unmodelled> unmodelled) {

    public Service {
        Names.requireResourceName(name, "service");
        if (image == null && build == null) {
            throw new IllegalArgumentException("service '" + name + "' needs an image or a build");
        }
        process = process == null ? ProcessSpec.UNSET : process;
        deploy = deploy == null ? Deploy.UNSET : deploy;
        security = security == null ? Security.UNSET : security;
        host = host == null ? HostAccess.UNSET : host;
        volumesFrom = ProcessSpec.copy(volumesFrom);
        links = ProcessSpec.copy(links);
        profiles = ProcessSpec.copy(profiles);
        unmodelled = ProcessSpec.copy(unmodelled);
        ports = ProcessSpec.copy(ports);
        networks = ProcessSpec.copy(networks);
        volumes = ProcessSpec.copy(volumes);
        tmpfs = ProcessSpec.copy(tmpfs);
        dependsOn = ProcessSpec.copy(dependsOn);
        secrets = ProcessSpec.copy(secrets);
        configs = ProcessSpec.copy(configs);
        labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels == null ? Map.of() : labels));
        for (Dependency d : dependsOn) {
            if (d.service().equals(name)) {
                throw new IllegalArgumentException("service '" + name + "' cannot depend on itself");
            }
        }
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    public Optional<HealthCheck> healthCheck() {
        return Optional.ofNullable(healthcheck);
    }

    public Optional<EnvVar> env(String variable) {
        return process.env(variable);
    }

    /** Builds a {@link Service}; every setter names its field, so arguments cannot be swapped. */
    public static final class Builder {
        private final String name;
        private Interpolated image;
        private Build build;
        private String containerName;
        private List<String> command;
        private String user;
        private List<EnvVar> environment;
        private List<EnvFileRef> envFiles;
        private Duration stopGracePeriod;
        private List<PortBinding> ports;
        private List<String> networks;
        private List<VolumeMount> volumes;
        private List<String> tmpfs;
        private List<Dependency> dependsOn;
        private HealthCheck healthcheck;
        private RestartPolicy restart;
        private Deploy.Mode mode;
        private Integer replicas;
        private Deploy.EndpointMode endpointMode;
        private Resources resources;
        private DeployRestartPolicy restartPolicy;
        private UpdateConfig updateConfig;
        private UpdateConfig rollbackConfig;
        private Placement placement;
        private List<FileReference> secrets;
        private List<FileReference> configs;
        private List<String> securityOpt;
        private Boolean readOnly;
        private List<String> capAdd;
        private List<String> capDrop;
        private Long pidsLimit;
        private List<Ulimit> ulimits;
        private Map<String, String> labels;
        private List<String> entrypoint;
        private HostAccess host;
        private List<String> volumesFrom;
        private List<String> links;
        private List<String> profiles;
        private String pullPolicy;
        private List<Unmodelled> unmodelled;

        private Builder(String name) {
            this.name = name;
        }

        private Builder(Service s) {
            this(s.name);
            image = s.image;
            build = s.build;
            containerName = s.containerName;
            command = s.process.command();
            user = s.process.user();
            environment = s.process.environment();
            envFiles = s.process.envFiles();
            stopGracePeriod = s.process.stopGracePeriod();
            ports = s.ports;
            networks = s.networks;
            volumes = s.volumes;
            tmpfs = s.tmpfs;
            dependsOn = s.dependsOn;
            healthcheck = s.healthcheck;
            restart = s.restart;
            mode = s.deploy.mode();
            replicas = s.deploy.replicas();
            endpointMode = s.deploy.endpointMode();
            resources = s.deploy.resources();
            restartPolicy = s.deploy.restartPolicy();
            updateConfig = s.deploy.updateConfig();
            rollbackConfig = s.deploy.rollbackConfig();
            placement = s.deploy.placement();
            secrets = s.secrets;
            configs = s.configs;
            securityOpt = s.security.securityOpt();
            readOnly = s.security.readOnly();
            capAdd = s.security.capAdd();
            capDrop = s.security.capDrop();
            pidsLimit = s.security.pidsLimit();
            ulimits = s.security.ulimits();
            labels = s.labels;
            entrypoint = s.process.entrypoint();
            host = s.host;
            volumesFrom = s.volumesFrom;
            links = s.links;
            profiles = s.profiles;
            pullPolicy = s.pullPolicy;
            unmodelled = s.unmodelled;
        }

        public Builder image(Interpolated v) { image = v; return this; }
        public Builder build(Build v) { build = v; return this; }
        public Builder containerName(String v) { containerName = v; return this; }
        public Builder command(List<String> v) { command = v; return this; }
        public Builder user(String v) { user = v; return this; }
        public Builder environment(List<EnvVar> v) { environment = v; return this; }
        public Builder envFiles(List<EnvFileRef> v) { envFiles = v; return this; }
        public Builder stopGracePeriod(Duration v) { stopGracePeriod = v; return this; }
        public Builder ports(List<PortBinding> v) { ports = v; return this; }
        public Builder networks(List<String> v) { networks = v; return this; }
        public Builder volumes(List<VolumeMount> v) { volumes = v; return this; }
        public Builder tmpfs(List<String> v) { tmpfs = v; return this; }
        public Builder dependsOn(List<Dependency> v) { dependsOn = v; return this; }
        public Builder healthcheck(HealthCheck v) { healthcheck = v; return this; }
        public Builder restart(RestartPolicy v) { restart = v; return this; }
        public Builder replicas(Integer v) { replicas = v; return this; }
        public Builder resources(Resources v) { resources = v; return this; }
        public Builder mode(Deploy.Mode v) { mode = v; return this; }
        public Builder endpointMode(Deploy.EndpointMode v) { endpointMode = v; return this; }
        public Builder restartPolicy(DeployRestartPolicy v) { restartPolicy = v; return this; }
        public Builder updateConfig(UpdateConfig v) { updateConfig = v; return this; }
        public Builder rollbackConfig(UpdateConfig v) { rollbackConfig = v; return this; }
        public Builder placement(Placement v) { placement = v; return this; }
        public Builder secrets(List<FileReference> v) { secrets = v; return this; }
        public Builder configs(List<FileReference> v) { configs = v; return this; }
        public Builder securityOpt(List<String> v) { securityOpt = v; return this; }
        public Builder readOnly(Boolean v) { readOnly = v; return this; }
        public Builder capAdd(List<String> v) { capAdd = v; return this; }
        public Builder capDrop(List<String> v) { capDrop = v; return this; }
        public Builder pidsLimit(Long v) { pidsLimit = v; return this; }
        public Builder ulimits(List<Ulimit> v) { ulimits = v; return this; }
        public Builder labels(Map<String, String> v) { labels = v; return this; }
        public Builder entrypoint(List<String> v) { entrypoint = v; return this; }
        public Builder host(HostAccess v) { host = v; return this; }
        public Builder volumesFrom(List<String> v) { volumesFrom = v; return this; }
        public Builder links(List<String> v) { links = v; return this; }
        public Builder profiles(List<String> v) { profiles = v; return this; }
        public Builder pullPolicy(String v) { pullPolicy = v; return this; }
        public Builder unmodelled(List<Unmodelled> v) { unmodelled = v; return this; }

        public Service build() {
            ProcessSpec process = new ProcessSpec(command, user, environment, envFiles, stopGracePeriod, entrypoint);
            Deploy deploy = new Deploy(mode, replicas, endpointMode, resources, restartPolicy, updateConfig, rollbackConfig, placement);
            Security security = new Security(securityOpt, readOnly, capAdd, capDrop, pidsLimit, ulimits);
            return new Service(name, image, build, containerName, process, ports, networks, volumes, tmpfs,
                    dependsOn, healthcheck, restart, deploy, security, secrets, configs, labels, host, volumesFrom, links, profiles, pullPolicy,
                    unmodelled);
        }
    }
}
