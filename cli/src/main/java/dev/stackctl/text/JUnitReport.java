package dev.stackctl.text;

import java.util.List;

/** Writes JUnit XML, the format CI systems show as test results. */
public final class JUnitReport {

    /** One test case: failed when {@code failure} is non-null. */
    public record Case(String className, String name, double seconds, String failure, String details) {}

    private JUnitReport() {}

    public static String write(String suiteName, List<Case> cases) {
        long failures = cases.stream().filter(c -> c.failure() != null).count();
        double total = cases.stream().mapToDouble(Case::seconds).sum();
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        sb.append("<testsuite name=\"").append(esc(suiteName)).append("\" tests=\"").append(cases.size())
                .append("\" failures=\"").append(failures).append("\" errors=\"0\" skipped=\"0\" time=\"")
                .append(String.format(java.util.Locale.ROOT, "%.3f", total)).append("\">\n");
        for (Case c : cases) {
            sb.append("  <testcase classname=\"").append(esc(c.className())).append("\" name=\"").append(esc(c.name()))
                    .append("\" time=\"").append(String.format(java.util.Locale.ROOT, "%.3f", c.seconds())).append('"');
            if (c.failure() == null && c.details() == null) {
                sb.append("/>\n");
                continue;
            }
            sb.append(">\n");
            if (c.failure() != null) {
                sb.append("    <failure message=\"").append(esc(c.failure())).append("\">")
                        .append(esc(c.details() == null ? c.failure() : c.details())).append("</failure>\n");
            } else {
                sb.append("    <system-out>").append(esc(c.details())).append("</system-out>\n");
            }
            sb.append("  </testcase>\n");
        }
        sb.append("</testsuite>\n");
        return sb.toString();
    }

    private static String esc(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&apos;");
                default -> {
                    if (ch < 0x20 && ch != '\n' && ch != '\t' && ch != '\r') {
                        sb.append(' ');
                    } else {
                        sb.append(ch);
                    }
                }
            }
        }
        return sb.toString();
    }
}
