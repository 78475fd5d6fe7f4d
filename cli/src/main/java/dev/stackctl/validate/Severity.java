package dev.stackctl.validate;

import java.util.Locale;

/**
 * How bad a finding is: errors fail {@code validate}; warnings only with {@code --strict}; notes never
 * (worth knowing, not worth failing a build for, e.g. a file without memory limits).
 */
public enum Severity {
    ERROR, WARNING, NOTE;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code error}, {@code warning} or {@code note}. */
    public static Severity parse(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }
}
