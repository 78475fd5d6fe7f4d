package dev.stackctl.model;

import java.math.BigDecimal;

/** A CPU quota as Compose writes it ({@code 0.5}, {@code 2}); printed without trailing zeros. */
public record Cpus(BigDecimal value) {
    public Cpus {
        if (value == null || value.signum() <= 0) {
            throw new IllegalArgumentException("cpus must be a positive number, got " + value);
        }
        value = value.stripTrailingZeros();
    }

    public static Cpus of(String text) {
        try {
            return new Cpus(new BigDecimal(text.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a number of CPUs; write e.g. 0.5 or 2");
        }
    }

    @Override
    public String toString() {
        return value.toPlainString();
    }
}
