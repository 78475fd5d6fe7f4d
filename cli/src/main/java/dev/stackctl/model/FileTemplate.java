package dev.stackctl.model;

import java.util.Map;
import java.util.TreeMap;

/**
 * A file that wires services together (nginx.conf, an env file), rendered from
 * {@code templates/<template>} with these values into {@code generated/<fileName>}. The renderer adds
 * {@code variables}: every variable the compose file references, with its default.
 */
public record FileTemplate(String fileName, String template, Map<String, String> values) {
    public FileTemplate {
        if (fileName == null || fileName.isBlank() || fileName.contains("/")) {
            throw new IllegalArgumentException("a generated file needs a plain file name, got '" + fileName + "'");
        }
        values = Map.copyOf(new TreeMap<>(values));
    }
}
