package dev.stackctl.compose;

import dev.stackctl.compose.YamlNode.Mapping;
import dev.stackctl.model.Durations;
import dev.stackctl.model.HealthCheck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Reads a service's {@code healthcheck}: the test in its string or list form, and the timing fields. */
final class HealthcheckReader {
    private final NodeReader r;

    HealthcheckReader(NodeReader r) {
        this.r = r;
    }

    HealthCheck read(YamlNode node) {
        Mapping m = r.mapping(node);
        if (m == null) {
            return null;
        }
        if (m.present("disable") != null && Boolean.TRUE.equals(r.bool(m.get("disable")))) {
            return HealthCheck.disabled();
        }
        HealthCheck.Test test = test(m);
        Duration interval = positive(m.present("interval"));
        Duration timeout = positive(m.present("timeout"));
        Duration startPeriod = duration(m.present("start_period"));
        Duration startInterval = positive(m.present("start_interval"));
        Integer retries = retries(m.present("retries"));
        if (test == null && m.present("test") != null) {
            return null; // reported; the timing fields were still checked
        }
        return r.attempt(m, () -> new HealthCheck(test, interval, timeout, retries, startPeriod, startInterval));
    }

    private HealthCheck.Test test(Mapping m) {
        YamlNode node = m.present("test");
        String path = m.path() + ".test";
        if (node == null) {
            return null; // the image's own test, with the timing given here
        }
        if (node instanceof YamlNode.Scalar) {
            String s = r.text(node);
            return s == null ? null : r.attempt(node, () -> new HealthCheck.Shell(s));
        }
        List<YamlNode> list = r.items(node);
        List<String> items = new ArrayList<>();
        for (YamlNode item : list) {
            String t = r.text(item);
            if (t == null) return null;
            items.add(t);
        }
        if (items.isEmpty()) {
            if (node instanceof YamlNode.Sequence) {
                r.error(node, "test must be a string or a list starting with CMD, CMD-SHELL or NONE");
            }
            return null;
        }
        return r.attempt(node, () -> switch (items.get(0)) {
            case "NONE" -> new HealthCheck.None();
            case "CMD" -> new HealthCheck.Exec(items.subList(1, items.size()));
            case "CMD-SHELL" -> {
                if (items.size() != 2) throw new IllegalArgumentException("CMD-SHELL takes exactly one command string");
                yield new HealthCheck.Shell(items.get(1));
            }
            default -> throw new IllegalArgumentException("test list must start with CMD, CMD-SHELL or NONE, not '" + items.get(0) + "'");
        });
    }

    private Duration duration(YamlNode n) {
        String t = n == null ? null : r.text(n);
        return t == null ? null : r.attempt(n, () -> Durations.parse(t));
    }

    private Duration positive(YamlNode n) {
        String t = n == null ? null : r.text(n);
        return t == null ? null : r.attempt(n, () -> DeployReader.positive(Durations.parse(t)));
    }

    private Integer retries(YamlNode n) {
        Integer i = n == null ? null : r.integer(n);
        if (i != null && i < 1) {
            r.error(n, "must be at least 1, got " + i);
            return null;
        }
        return i;
    }
}
