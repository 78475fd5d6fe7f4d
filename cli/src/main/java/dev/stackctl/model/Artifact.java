package dev.stackctl.model;

import java.util.List;

/**
 * Something an image build copies that must be built first, e.g. a jar: {@code path} (relative to the
 * project root) is rebuilt with {@code command} (run in the project root; the first element is a
 * program relative to the root or on the PATH) when it is missing or older than any file under
 * {@code inputs}.
 */
public record Artifact(String path, List<String> inputs, List<String> command) {
    public Artifact {
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("an artifact needs a path");
        }
        inputs = List.copyOf(inputs);
        command = List.copyOf(command);
        if (command.isEmpty()) {
            throw new IllegalArgumentException("artifact " + path + " needs a command that builds it");
        }
    }
}
