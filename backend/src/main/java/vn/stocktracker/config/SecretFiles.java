package vn.stocktracker.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Secrets given as files: for each secret variable {@code X} in {@link #NAMES}, {@code X_FILE} may
 * name a file holding the value instead (a Docker/Swarm secret under {@code /run/secrets/}, a
 * Kubernetes secret volume, ...). Trailing line breaks are dropped, as {@code $(cat file)} would.
 * Setting both {@code X} and {@code X_FILE} is an error (which one wins would be a guess), and so is
 * a file that cannot be read or is empty. The result is the environment with {@code X} filled in and
 * every {@code X_FILE} removed, so code further on only ever reads {@code X}.
 */
public final class SecretFiles {

    /** The variables that hold secrets, each of which can come from a file. */
    public static final List<String> NAMES = List.of(
            "DATABASE_PASSWORD", "REDIS_PASSWORD", "SSI_CONSUMER_ID", "SSI_CONSUMER_SECRET", "WS_TOKEN");

    /** Longest secret file read; anything larger is not a password but a wrong path. */
    static final long MAX_BYTES = 64 * 1024;

    private SecretFiles() {
    }

    /** The environment with every {@code X_FILE} read into {@code X}; throws listing every problem. */
    public static Map<String, String> resolve(Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        Map<String, String> out = resolve(env, problems);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return out;
    }

    /** As {@link #resolve(Map)}, adding one line per problem to {@code problems} instead of throwing. */
    static Map<String, String> resolve(Map<String, String> env, List<String> problems) {
        Map<String, String> out = new HashMap<>(env);
        for (String name : NAMES) {
            String fileVar = name + "_FILE";
            String path = env.get(fileVar);
            if (path == null || path.isBlank()) {
                out.remove(fileVar);
                continue;
            }
            out.remove(fileVar);
            String direct = env.get(name);
            if (direct != null && !direct.isEmpty()) {
                problems.add(fileVar + ": both " + name + " and " + fileVar + " are set; set only one ("
                        + fileVar + " names a file holding the value, e.g. /run/secrets/" + name.toLowerCase(java.util.Locale.ROOT)
                        + ")");
                continue;
            }
            String value = read(fileVar, Path.of(path.trim()), problems);
            if (value != null) {
                out.put(name, value);
            }
        }
        return out;
    }

    private static String read(String fileVar, Path file, List<String> problems) {
        String why;
        try {
            if (Files.isDirectory(file)) {
                why = "it is a directory";
            } else if (Files.size(file) > MAX_BYTES) {
                why = "it is larger than " + MAX_BYTES / 1024 + " KiB, so it is not a secret";
            } else {
                String v = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file)))
                        .toString().replaceAll("[\r\n]+$", "");
                if (!v.isEmpty()) {
                    return v;
                }
                why = "it is empty";
            }
        } catch (NoSuchFileException e) {
            why = "no such file";
        } catch (AccessDeniedException e) {
            why = "permission denied for this user (uid " + uid() + ")";
        } catch (CharacterCodingException e) {
            why = "it is not UTF-8 text";
        } catch (IOException e) {
            why = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
        problems.add(fileVar + ": cannot use " + file + " (" + why + "); point " + fileVar
                + " at a readable file holding the value, or unset it");
        return null;
    }

    private static String uid() {
        try {
            Object v = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            return String.valueOf(v);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "?";
        }
    }
}
