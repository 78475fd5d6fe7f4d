package dev.stackctl.model;

import java.util.List;

/**
 * A key of a service that the model has no field for, kept as written: where it sits in the service
 * ({@code [dns]}, {@code [build, target]}, {@code [networks, front, aliases]}) and its value.
 */
public record Unmodelled(List<String> path, RawValue value) {
    public Unmodelled {
        path = List.copyOf(path);
        if (path.isEmpty()) {
            throw new IllegalArgumentException("an unmodelled key needs a path");
        }
    }
}
