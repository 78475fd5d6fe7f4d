package dev.stackctl.model;

import java.util.LinkedHashMap;
import java.util.Map;

/** A service's {@code build}: context, Dockerfile and build arguments (which may reference variables). */
public record Build(String context, String dockerfile, Map<String, Interpolated> args) {
    public Build {
        Names.requireNonBlank(context, "build context");
        args = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(args == null ? Map.of() : args));
    }

    public static Build of(String context) {
        return new Build(context, null, Map.of());
    }

    public Build withArg(String name, Interpolated value) {
        LinkedHashMap<String, Interpolated> copy = new LinkedHashMap<>(args);
        copy.put(name, value);
        return new Build(context, dockerfile, copy);
    }
}
