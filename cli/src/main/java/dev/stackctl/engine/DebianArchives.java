package dev.stackctl.engine;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * The three Debian archives a base image is built from and checked against: the suite itself and
 * its {@code -updates} suite in the main archive, and {@code <suite>-security} in the security
 * archive. Debian publishes the security archive beside the main one by convention
 * ({@code .../debian} and {@code .../debian-security}; on snapshot services
 * {@code .../archive/debian/<time>} and {@code .../archive/debian-security/<time>}), so it is
 * derived from the main archive's URL unless given explicitly.
 *
 * @param main the main archive's URL (no trailing slash)
 * @param security the security archive's URL (no trailing slash)
 */
public record DebianArchives(String main, String security) {
    /** One apt source: archive URL, suite, component; {@link #line()} is its one-line sources.list form. */
    public record Source(String uri, String suite, String component) {
        public String line() {
            return "deb " + uri + " " + suite + " " + component;
        }

        /** {@code <uri>/dists/<suite>/} */
        public String distsUrl() {
            return uri + "/dists/" + suite + "/";
        }

        /** A short name for messages and cache keys, e.g. {@code trixie-security}. */
        public String label() {
            return suite;
        }
    }

    public DebianArchives {
        main = strip(main);
        security = strip(security);
    }

    /** {@code main} with the security archive derived by Debian's convention, or {@code explicitSecurity} when given. */
    public static DebianArchives of(String main, String explicitSecurity) {
        String m = DebianMirror.validate(main, "--mirror");
        String s = explicitSecurity != null ? DebianMirror.validate(explicitSecurity, "--security-mirror") : deriveSecurity(m);
        return new DebianArchives(m, s);
    }

    /**
     * The security archive beside {@code main}: the last path segment {@code debian} becomes
     * {@code debian-security} (on a snapshot service the segment before the timestamp).
     *
     * @throws IllegalArgumentException naming the fix when the URL does not follow the convention
     */
    public static String deriveSecurity(String main) {
        String m = strip(main);
        URI uri = URI.create(m);
        String path = uri.getPath() == null ? "" : uri.getPath();
        String base = m.substring(0, m.length() - path.length());
        List<String> segments = new ArrayList<>(List.of(path.replaceAll("^/+", "").split("/")));
        int last = segments.size() - 1;
        if (last >= 0 && segments.get(last).equals("debian")) {
            segments.set(last, "debian-security");
        } else if (last >= 1 && segments.get(last - 1).equals("debian") && segments.get(last).matches("\\d{8}T\\d{6}Z")) {
            segments.set(last - 1, "debian-security");
        } else {
            throw new IllegalArgumentException("cannot derive the security archive from '" + m
                    + "' (Debian's convention: .../debian -> .../debian-security); pass it with --security-mirror URL");
        }
        return base + "/" + String.join("/", segments);
    }

    /** The suite, {@code <suite>-updates} and {@code <suite>-security}, component main, in that order. */
    public List<Source> sources(String suite) {
        return List.of(new Source(main, suite, "main"), new Source(main, suite + "-updates", "main"),
                new Source(security, suite + "-security", "main"));
    }

    /** The sources as mmdebstrap's MIRROR arguments (one sources.list line each). */
    public List<String> mmdebstrapMirrors(String suite) {
        return sources(suite).stream().map(Source::line).toList();
    }

    /** Fixed stand-ins for the URLs, so a recipe's hash does not depend on which mirror built it. */
    public static final DebianArchives PLACEHOLDER = new DebianArchives("<mirror>", "<security-mirror>");

    private static String strip(String url) {
        String u = url.strip();
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        return u;
    }
}
