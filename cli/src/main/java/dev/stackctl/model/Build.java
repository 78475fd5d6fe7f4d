package dev.stackctl.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A service's {@code build}: context, Dockerfile (a file, or {@code dockerfile_inline}: its text in the
 * compose file) and build arguments, which may reference variables; an argument with a null value is
 * taken from the environment compose runs in ({@code KEY:} or {@code - KEY}), which is not the same as "".
 */
public record Build(String context, String dockerfile, Map<String, Interpolated> args, String dockerfileInline) {
    public Build {
        Names.requireNonBlank(context, "build context");
        args = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(args == null ? Map.of() : args));
        if (dockerfile != null && dockerfileInline != null) {
            throw new IllegalArgumentException("build sets both dockerfile and dockerfile_inline; keep one");
        }
    }

    public Build(String context, String dockerfile, Map<String, Interpolated> args) {
        this(context, dockerfile, args, null);
    }

    public static Build of(String context) {
        return new Build(context, null, Map.of());
    }

    public Build withArg(String name, Interpolated value) {
        LinkedHashMap<String, Interpolated> copy = new LinkedHashMap<>(args);
        copy.put(name, value);
        return new Build(context, dockerfile, copy, dockerfileInline);
    }
}
