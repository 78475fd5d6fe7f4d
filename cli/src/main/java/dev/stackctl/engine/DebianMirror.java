package dev.stackctl.engine;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The Debian archive to build from: {@code --mirror URL} when given, otherwise the first archive
 * URI of the machine's own apt configuration (deb822 {@code debian.sources}, then the one-line
 * {@code sources.list}), the same lookup as {@code .ci/install-engine.sh}. Never a built-in host.
 */
public final class DebianMirror {
    private DebianMirror() {}

    /** Resolves the mirror; {@code aptRoot} is {@code /etc/apt} outside tests. */
    public static String resolve(String explicit, Path aptRoot) {
        if (explicit != null) {
            return validate(explicit, "--mirror");
        }
        Optional<String> found = fromAptConfig(aptRoot);
        return validate(found.orElseThrow(() -> new IllegalArgumentException(
                "no Debian mirror found in " + aptRoot.resolve("sources.list.d/debian.sources") + " or "
                        + aptRoot.resolve("sources.list") + "; pass one with --mirror URL")),
                "the apt configuration in " + aptRoot);
    }

    static Optional<String> fromAptConfig(Path aptRoot) {
        Path deb822 = aptRoot.resolve("sources.list.d/debian.sources");
        for (String line : lines(deb822)) {
            if (line.startsWith("URIs:")) {
                String[] uris = line.substring("URIs:".length()).strip().split("\\s+");
                if (!uris[0].isEmpty()) {
                    return Optional.of(uris[0]);
                }
            }
        }
        for (String line : lines(aptRoot.resolve("sources.list"))) {
            String l = line.strip();
            if (!l.startsWith("deb ") && !l.startsWith("deb\t")) {
                continue;
            }
            // deb [option=value ...] URI suite components
            String rest = l.substring(3).strip();
            if (rest.startsWith("[")) {
                int close = rest.indexOf(']');
                if (close < 0) {
                    continue;
                }
                rest = rest.substring(close + 1).strip();
            }
            String[] parts = rest.split("\\s+");
            if (!parts[0].isEmpty()) {
                return Optional.of(parts[0]);
            }
        }
        return Optional.empty();
    }

    static String validate(String url, String source) {
        String u = url.strip();
        try {
            URI uri = new URI(u);
            String scheme = uri.getScheme();
            if (("http".equals(scheme) || "https".equals(scheme)) && uri.getHost() != null) {
                return u;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new IllegalArgumentException(source + ": '" + url
                + "' is not an http(s) URL of a Debian archive; pass e.g. --mirror http://<mirror host>/debian");
    }

    private static List<String> lines(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.readAllLines(file) : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }
}
