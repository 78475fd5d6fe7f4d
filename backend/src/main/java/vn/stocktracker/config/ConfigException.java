package vn.stocktracker.config;

import java.util.List;

/** Invalid configuration: one line per problem, each naming the variable and the fix. */
public final class ConfigException extends RuntimeException {
    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
