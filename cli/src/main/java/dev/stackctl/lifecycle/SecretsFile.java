package dev.stackctl.lifecycle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The git-ignored {@code generated/.env}: random values for the stack's required secrets, created once
 * with mode 600 and never overwritten (a value a user set stays; a missing one is appended).
 */
public final class SecretsFile {
    private static final SecureRandom RANDOM = new SecureRandom();

    private SecretsFile() {}

    /** Ensures every name has a value; returns the names that were added. */
    public static List<String> ensure(Path file, List<String> names) throws IOException {
        Map<String, String> existing = read(file);
        List<String> added = new ArrayList<>();
        StringBuilder append = new StringBuilder();
        for (String n : names) {
            if (!existing.containsKey(n) || existing.get(n).isEmpty()) {
                byte[] bytes = new byte[24];
                RANDOM.nextBytes(bytes);
                append.append(n).append('=').append(HexFormat.of().formatHex(bytes)).append('\n');
                added.add(n);
            }
        }
        if (!Files.exists(file)) {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            append.insert(0, "# Secrets of the stack, written by stackctl up. Git-ignored; keep it private (mode 600).\n");
        }
        if (!append.isEmpty()) {
            String current = Files.readString(file, StandardCharsets.UTF_8);
            String sep = current.isEmpty() || current.endsWith("\n") ? "" : "\n";
            Files.writeString(file, current + sep + append, StandardCharsets.UTF_8);
        }
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return added;
    }

    /** KEY=VALUE lines; comments and blank lines ignored; surrounding quotes removed. */
    public static Map<String, String> read(Path file) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return out;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#") || !l.contains("=")) continue;
            String k = l.substring(0, l.indexOf('=')).strip();
            String v = l.substring(l.indexOf('=') + 1).strip();
            if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
                v = v.substring(1, v.length() - 1);
            }
            out.put(k, v);
        }
        return out;
    }
}
