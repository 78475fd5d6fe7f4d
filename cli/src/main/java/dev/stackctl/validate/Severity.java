package dev.stackctl.validate;

/** How bad a finding is: errors fail {@code validate}; warnings only with {@code --strict}. */
public enum Severity {
    ERROR, WARNING;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
