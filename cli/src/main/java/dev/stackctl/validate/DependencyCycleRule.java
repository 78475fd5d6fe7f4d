package dev.stackctl.validate;

import dev.stackctl.model.Dependency;
import dev.stackctl.model.Service;
import dev.stackctl.model.Stack;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Dependency cycles, each reported once, named in order starting from its smallest service name; the
 * dependencies compose derives ({@code network_mode: service:x}, {@code volumes_from}, {@code links})
 * count, since compose orders the start by them too.
 */
public final class DependencyCycleRule implements Rule {
    @Override
    public String id() {
        return "dependency-cycle";
    }

    @Override
    public String description() {
        return "depends_on, network_mode: service:x, volumes_from and links must not form a cycle (Compose could never start such services)";
    }

    @Override
    public List<Finding> check(Stack stack, RuleContext context) {
        Map<String, List<String>> graph = new TreeMap<>();
        Map<String, Dependency> edges = new java.util.HashMap<>();
        for (Service s : stack.services()) {
            graph.put(s.name(), s.dependsOn().stream().map(Dependency::service).sorted().toList());
            s.dependsOn().forEach(d -> edges.put(s.name() + ">" + d.service(), d));
        }
        Set<List<String>> cycles = new LinkedHashSet<>();
        Set<String> done = new HashSet<>();
        for (String start : graph.keySet()) {
            walk(start, graph, new ArrayList<>(), done, cycles);
        }
        List<Finding> out = new ArrayList<>();
        for (List<String> c : cycles) {
            List<String> shown = new ArrayList<>(c);
            shown.add(c.get(0));
            List<String> implied = new ArrayList<>();
            for (int i = 0; i + 1 < shown.size(); i++) {
                Dependency d = edges.get(shown.get(i) + ">" + shown.get(i + 1));
                if (d != null && d.isImplied()) implied.add(shown.get(i) + "'s " + d.via());
            }
            Dependency first = edges.get(shown.get(0) + ">" + shown.get(1));
            String key = first != null && first.isImplied() ? first.via() : "depends_on";
            out.add(Finding.error("services." + c.get(0) + "." + key, id(), "dependency cycle " + String.join(" -> ", shown)
                    + (implied.isEmpty() ? "" : " (through " + String.join(", ", implied) + ")") + "; remove one of these dependencies"));
        }
        return out;
    }

    private static void walk(String node, Map<String, List<String>> graph, List<String> path, Set<String> done, Set<List<String>> cycles) {
        int at = path.indexOf(node);
        if (at >= 0) {
            cycles.add(rotate(path.subList(at, path.size())));
            return;
        }
        if (done.contains(node) || !graph.containsKey(node)) {
            return;
        }
        path.add(node);
        for (String next : graph.get(node)) {
            walk(next, graph, path, done, cycles);
        }
        path.remove(path.size() - 1);
        done.add(node);
    }

    /** The same cycle always starts at its smallest name, so it is reported once. */
    private static List<String> rotate(List<String> cycle) {
        int min = 0;
        for (int i = 1; i < cycle.size(); i++) {
            if (cycle.get(i).compareTo(cycle.get(min)) < 0) min = i;
        }
        List<String> out = new ArrayList<>(cycle.subList(min, cycle.size()));
        out.addAll(cycle.subList(0, min));
        return List.copyOf(out);
    }
}
