package dev.stackctl.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Helpers for the maps of {@link RawValue}s the model keeps. */
final class RawValues {
    private RawValues() {}

    /** An unmodifiable copy in the same order; null is empty. */
    static Map<String, RawValue> copy(Map<String, RawValue> m) {
        return m == null || m.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }
}
