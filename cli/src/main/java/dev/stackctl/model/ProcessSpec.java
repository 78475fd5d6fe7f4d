package dev.stackctl.model;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How a service's main process runs: its command and entrypoint (as argument lists: a string is split as
 * a shell splits words), user, environment and how long it gets to stop.
 * Empty lists and null values mean "unset" (the image's own setting applies).
 */
public record ProcessSpec(List<String> command, String user, List<EnvVar> environment, List<EnvFileRef> envFiles,
                      Duration stopGracePeriod, List<String> entrypoint) {

    public static final ProcessSpec UNSET = new ProcessSpec(null, null, null, null, null, null);

    public ProcessSpec {
        command = copy(command);
        entrypoint = copy(entrypoint);
        environment = copy(environment);
        envFiles = copy(envFiles);
        Durations.requirePositive(stopGracePeriod, "stop_grace_period");
    }

    public Optional<EnvVar> env(String variable) {
        return environment.stream().filter(e -> e.name().equals(variable)).findFirst();
    }

    static <T> List<T> copy(List<T> list) {
        return list == null ? List.of() : List.copyOf(list);
    }
}
