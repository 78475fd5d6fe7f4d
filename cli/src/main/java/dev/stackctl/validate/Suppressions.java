package dev.stackctl.validate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Inline suppression comments in a compose file, as linters have them:
 * {@code # stackctl-disable-line RULE[,RULE]} on the line of the finding,
 * {@code # stackctl-disable-next-line RULE} on the line before it, and
 * {@code # stackctl-disable-file RULE} anywhere for the whole file. Without a rule id, every rule.
 */
public final class Suppressions {
    private static final Pattern COMMENT = Pattern.compile("#\\s*stackctl-disable-(line|next-line|file)\\b([ \\t]+[a-z0-9,\\- \\t]+)?");
    private static final String ALL = "*";

    private final Set<String> wholeFile = new HashSet<>();
    private final Map<Integer, Set<String>> byLine = new HashMap<>();

    private Suppressions() {}

    public static Suppressions of(String yaml) {
        Suppressions s = new Suppressions();
        if (!yaml.contains("stackctl-disable")) {
            return s;
        }
        String[] lines = yaml.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher m = COMMENT.matcher(lines[i]);
            if (!m.find()) continue;
            Set<String> rules = new HashSet<>();
            if (m.group(2) == null || m.group(2).isBlank()) {
                rules.add(ALL);
            } else {
                for (String r : m.group(2).split("[,\\s]+")) {
                    if (!r.isBlank()) rules.add(r.strip());
                }
            }
            switch (m.group(1)) {
                case "file" -> s.wholeFile.addAll(rules);
                case "line" -> s.byLine.computeIfAbsent(i + 1, k -> new HashSet<>()).addAll(rules);
                default -> s.byLine.computeIfAbsent(i + 2, k -> new HashSet<>()).addAll(rules);
            }
        }
        return s;
    }

    public boolean suppresses(Finding f) {
        if (wholeFile.contains(ALL) || wholeFile.contains(f.ruleId())) {
            return true;
        }
        Set<String> here = f.at() == null ? null : byLine.get(f.at().line());
        return here != null && (here.contains(ALL) || here.contains(f.ruleId()));
    }

    /** Each finding judged by the comments of the file it is in (texts by {@link dev.stackctl.compose.Position#file()}, the checked file under ""). */
    public static List<Finding> apply(Map<String, String> texts, List<Finding> findings) {
        Map<String, Suppressions> byFile = new HashMap<>();
        List<Finding> out = new ArrayList<>();
        for (Finding f : findings) {
            String file = f.at() == null || f.at().file() == null ? "" : f.at().file();
            Suppressions s = byFile.computeIfAbsent(file, k -> of(texts.getOrDefault(k, "")));
            if (!s.suppresses(f)) out.add(f);
        }
        return out;
    }

    public List<Finding> apply(List<Finding> findings) {
        List<Finding> out = new ArrayList<>();
        for (Finding f : findings) {
            if (!suppresses(f)) out.add(f);
        }
        return out;
    }
}
