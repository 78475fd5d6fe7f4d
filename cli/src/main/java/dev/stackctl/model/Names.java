package dev.stackctl.model;

import java.util.regex.Pattern;

/** Name rules shared by the model's records. */
final class Names {
    /** Compose's service/network/volume key pattern; must also start with a letter or digit. */
    private static final Pattern RESOURCE = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9._-]*");
    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private Names() {}

    static String requireResourceName(String name, String what) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(what + " name must not be blank");
        }
        if (!RESOURCE.matcher(name).matches()) {
            throw new IllegalArgumentException(what + " name '" + name + "' is invalid: use letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return name;
    }

    static String requireVariableName(String name) {
        if (name == null || !VARIABLE.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a variable name: use letters, digits and '_', not starting with a digit");
        }
        return name;
    }

    static String requireNonBlank(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        return value;
    }
}
