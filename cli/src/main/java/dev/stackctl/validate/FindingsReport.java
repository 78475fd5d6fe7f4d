package dev.stackctl.validate;

import dev.stackctl.text.JUnitReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Findings as text for people, JSON for programs and JUnit XML for CI. */
public final class FindingsReport {
    private FindingsReport() {}

    public static String text(String subject, List<Finding> findings, List<Rule> rules) {
        long errors = findings.stream().filter(f -> f.severity() == Severity.ERROR).count();
        long warnings = findings.stream().filter(f -> f.severity() == Severity.WARNING).count();
        long notes = findings.size() - errors - warnings;
        StringBuilder sb = new StringBuilder();
        int pathWidth = Math.min(60, findings.stream().mapToInt(f -> f.path().length()).max().orElse(0));
        boolean placed = findings.stream().anyMatch(f -> f.at() != null);
        int atWidth = Math.max(8, findings.stream().filter(f -> f.at() != null).mapToInt(f -> f.at().toString().length()).max().orElse(0));
        for (Finding f : findings) {
            String at = placed ? String.format("%-" + atWidth + "s ", f.at() == null ? "" : f.at()) : "";
            sb.append(String.format("%-7s %s%-" + Math.max(1, pathWidth) + "s  [%s] %s%n", f.severity().label(), at, f.path(), f.ruleId(), f.message()));
        }
        sb.append(subject).append(": ").append(errors).append(errors == 1 ? " error, " : " errors, ")
                .append(warnings).append(warnings == 1 ? " warning" : " warnings")
                .append(notes == 0 ? "" : ", " + notes + (notes == 1 ? " note" : " notes"))
                .append(" (").append(rules.size()).append(" rules").append(")\n");
        return sb.toString();
    }

    public static Map<String, Object> json(String subject, List<Finding> findings) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("subject", subject);
        root.put("errors", findings.stream().filter(f -> f.severity() == Severity.ERROR).count());
        root.put("warnings", findings.stream().filter(f -> f.severity() == Severity.WARNING).count());
        root.put("notes", findings.stream().filter(f -> f.severity() == Severity.NOTE).count());
        List<Map<String, Object>> list = new ArrayList<>();
        for (Finding f : findings) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("severity", f.severity().label());
            m.put("path", f.path());
            if (f.at() != null) {
                m.put("line", f.at().line());
                m.put("column", f.at().column());
            }
            m.put("rule", f.ruleId());
            m.put("message", f.message());
            list.add(m);
        }
        root.put("findings", list);
        return root;
    }

    /**
     * One test case per rule (passing when it found nothing at error level), plus one per error from
     * reading the file or from compose, so CI shows exactly which concern failed.
     */
    public static String junit(String subject, List<Finding> findings, List<Rule> rules, boolean strict) {
        List<JUnitReport.Case> cases = new ArrayList<>();
        List<String> ruleIds = new ArrayList<>(rules.stream().map(Rule::id).toList());
        for (Finding f : findings) {
            if (!ruleIds.contains(f.ruleId())) ruleIds.add(f.ruleId());
        }
        for (String id : ruleIds) {
            List<Finding> mine = findings.stream().filter(f -> f.ruleId().equals(id)).toList();
            List<Finding> failing = mine.stream().filter(f -> f.severity() == Severity.ERROR || (strict && f.severity() == Severity.WARNING)).toList();
            String details = mine.isEmpty() ? null : String.join("\n", mine.stream().map(Finding::toString).toList());
            cases.add(new JUnitReport.Case("stackctl.validate", id, 0,
                    failing.isEmpty() ? null : failing.size() + " finding(s): " + failing.get(0).path() + ": " + failing.get(0).message(), details));
        }
        return JUnitReport.write("stackctl validate " + subject, cases);
    }
}
