package dev.stackctl.text;

import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders {@code {{name}}} placeholders from a map of values.
 *
 * <p>Strict on purpose: a placeholder without a value is an error (never an empty string), and so is
 * a value nobody asked for when {@link #renderStrict} is used, because a silently unused value usually
 * means a template and the model drifted apart.
 */
public final class TemplateRenderer {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z0-9_.-]+)\\s*}}");

    private TemplateRenderer() {}

    /**
     * Replaces every placeholder in {@code template}.
     *
     * @param templateName used in error messages only
     * @throws TemplateException naming every unknown placeholder, with its line number
     */
    /** The names of the placeholders a template uses. */
    public static java.util.Set<String> placeholders(String template) {
        java.util.Set<String> names = new java.util.TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    public static String render(String templateName, String template, Map<String, String> values) {
        Objects.requireNonNull(template, "template");
        StringBuilder out = new StringBuilder(template.length() + 256);
        TreeSet<String> unknown = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(template);
        int last = 0;
        while (m.find()) {
            out.append(template, last, m.start());
            String key = m.group(1);
            String value = values.get(key);
            if (value == null) {
                unknown.add(key + " (line " + lineOf(template, m.start()) + ")");
            } else {
                out.append(value);
            }
            last = m.end();
        }
        out.append(template, last, template.length());
        if (!unknown.isEmpty()) {
            throw new TemplateException(templateName + ": unknown placeholder(s) " + String.join(", ", unknown)
                    + "; known: " + String.join(", ", new TreeSet<>(values.keySet())));
        }
        return out.toString();
    }

    /** Like {@link #render} but also fails when a supplied value is used by no placeholder. */
    public static String renderStrict(String templateName, String template, Map<String, String> values) {
        String rendered = render(templateName, template, values);
        TreeSet<String> unused = new TreeSet<>(values.keySet());
        Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) {
            unused.remove(m.group(1));
        }
        if (!unused.isEmpty()) {
            throw new TemplateException(templateName + ": value(s) not used by any placeholder: " + String.join(", ", unused));
        }
        return rendered;
    }

    private static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    /** A template could not be rendered; the message names the template and the placeholder. */
    public static final class TemplateException extends RuntimeException {
        public TemplateException(String message) {
            super(message);
        }
    }
}
