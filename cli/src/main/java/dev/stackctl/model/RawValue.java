package dev.stackctl.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A value of a compose file kept as it was written, for the keys stackctl reads without modelling them
 * ({@code dns}, {@code logging}, a network's {@code ipam}, ...): no rule looks inside it, but writing the
 * model back gives compose the same value again. Strings stay strings; numbers, booleans and null keep
 * the text they were written with.
 */
public sealed interface RawValue {
    /** A string (quoted or not in the file, YAML reads it as a string). */
    record Text(String value) implements RawValue {}

    /** A number, boolean or null, as written ({@code 500}, {@code true}, {@code 0o755}, {@code null}). */
    record Plain(String text) implements RawValue {}

    record Items(List<RawValue> items) implements RawValue {
        public Items {
            items = List.copyOf(items);
        }
    }

    /** A mapping, its keys in file order. */
    record Entries(Map<String, RawValue> entries) implements RawValue {
        public Entries {
            entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }
    }
}
