package dev.stackctl.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stackctl.error.ExitCode;
import dev.stackctl.error.StackctlException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.cyclonedx.Version;
import org.cyclonedx.generators.BomGeneratorFactory;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.Metadata;
import org.cyclonedx.model.Property;

/**
 * A CycloneDX 1.6 software bill of materials of one image, written with the CycloneDX project's
 * Java library: every Debian package dpkg has installed in the image (read by running
 * {@code dpkg-query} in a throw-away container of it), the Maven artifacts inside the application
 * jar at {@link #JAR} (their {@code META-INF/maven/.../pom.properties}), and the npm packages of the
 * lock file at {@link #NPM_LOCK} that the production bundle is built from (those not marked dev).
 */
public final class ImageSbom {
    /** Where the backend image keeps its application jar. */
    public static final String JAR = "/app/app.jar";
    /** Where the frontend image keeps the npm lock file its bundle was built from. */
    public static final String NPM_LOCK = "/usr/share/stackctl/npm/package-lock.json";
    public static final Version VERSION = Version.VERSION_16;

    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(2);

    /** One installed Debian package as dpkg-query reports it. */
    public record DebPackage(String name, String version, String arch, String source, String sourceVersion) {
        public String purl() {
            return "pkg:deb/debian/" + name + "@" + encode(version) + "?arch=" + arch;
        }
    }

    private ImageSbom() {}

    /** The document for {@code image}, as JSON. */
    public static String json(String image) {
        Bom bom = bom(image, debPackages(image), mavenArtifacts(image), npmPackages(image));
        try {
            return BomGeneratorFactory.createJson(VERSION, bom).toJsonString();
        } catch (org.cyclonedx.exception.GeneratorException e) {
            throw new IllegalStateException("CycloneDX generator: " + e.getMessage(), e);
        }
    }

    static Bom bom(String image, List<DebPackage> debs, List<String[]> maven, List<String[]> npm) {
        Bom bom = new Bom();
        bom.setSerialNumber("urn:uuid:" + UUID.nameUUIDFromBytes((image + debs + maven.size() + npm.size()).getBytes()).toString());
        Metadata md = new Metadata();
        Component subject = new Component();
        subject.setType(Component.Type.CONTAINER);
        subject.setName(image);
        subject.setBomRef("image:" + image);
        md.setComponent(subject);
        bom.setMetadata(md);
        List<Component> components = new ArrayList<>();
        for (DebPackage p : debs) {
            Component c = new Component();
            c.setType(Component.Type.LIBRARY);
            c.setName(p.name());
            c.setVersion(p.version());
            c.setPurl(p.purl());
            c.setBomRef(p.purl());
            c.setProperties(List.of(property("dev.stackctl:package-type", "deb"), property("dev.stackctl:deb:arch", p.arch()),
                    property("dev.stackctl:deb:source", p.source()), property("dev.stackctl:deb:source-version", p.sourceVersion())));
            components.add(c);
        }
        for (String[] m : maven) {
            Component c = new Component();
            c.setType(Component.Type.LIBRARY);
            c.setGroup(m[0]);
            c.setName(m[1]);
            c.setVersion(m[2]);
            c.setPurl("pkg:maven/" + m[0] + "/" + m[1] + "@" + encode(m[2]));
            c.setBomRef(c.getPurl());
            c.setProperties(List.of(property("dev.stackctl:package-type", "maven")));
            components.add(c);
        }
        for (String[] n : npm) {
            Component c = new Component();
            c.setType(Component.Type.LIBRARY);
            c.setName(n[0]);
            c.setVersion(n[1]);
            String purlName = n[0].startsWith("@") ? "%40" + n[0].substring(1) : n[0];
            c.setPurl("pkg:npm/" + purlName + "@" + encode(n[1]));
            c.setBomRef(c.getPurl());
            c.setProperties(List.of(property("dev.stackctl:package-type", "npm")));
            components.add(c);
        }
        bom.setComponents(components);
        return bom;
    }

    private static Property property(String name, String value) {
        Property p = new Property();
        p.setName(name);
        p.setValue(value);
        return p;
    }

    /** Percent-encodes what a purl version may not hold literally (':' of epochs, '+'). */
    static String encode(String s) {
        return s.replace("%", "%25").replace(":", "%3A").replace("+", "%2B");
    }

    /** Every package dpkg lists as installed in the image. */
    public static List<DebPackage> debPackages(String image) {
        String out = run(image, List.of("--entrypoint", "dpkg-query"), List.of("-W", "-f",
                "${db:Status-Abbrev}\t${Package}\t${Version}\t${Architecture}\t${source:Package}\t${source:Version}\n"),
                "list its Debian packages (dpkg-query)");
        List<DebPackage> list = new ArrayList<>();
        for (String line : out.lines().toList()) {
            String[] f = line.split("\t", -1);
            if (f.length == 6 && f[0].startsWith("ii")) {
                list.add(new DebPackage(f[1], f[2], f[3], f[4].isEmpty() ? f[1] : f[4], f[5].isEmpty() ? f[2] : f[5]));
            }
        }
        if (list.isEmpty()) {
            throw new StackctlException(ExitCode.FAILURE, image + ": dpkg-query listed no installed packages",
                    "stackctl images sbom reads Debian images; is " + image + " one?");
        }
        return list;
    }

    /** group, artifact, version of each Maven artifact in the image's {@link #JAR}; empty when there is none. */
    static List<String[]> mavenArtifacts(String image) {
        Path jar = copyOut(image, JAR);
        if (jar == null) {
            return List.of();
        }
        Map<String, String[]> found = new TreeMap<>();
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(jar))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                if (e.getName().startsWith("META-INF/maven/") && e.getName().endsWith("/pom.properties")) {
                    Properties p = new Properties();
                    p.load(zip);
                    String g = p.getProperty("groupId");
                    String a = p.getProperty("artifactId");
                    String v = p.getProperty("version");
                    if (g != null && a != null && v != null) {
                        found.put(g + ":" + a, new String[] {g, a, v});
                    }
                }
            }
        } catch (IOException e) {
            throw new StackctlException(ExitCode.FAILURE, image + ": " + JAR + " is not a readable jar: " + e.getMessage(), "");
        } finally {
            deleteQuietly(jar);
        }
        return List.copyOf(found.values());
    }

    /** name, version of each production npm package in the image's {@link #NPM_LOCK}; empty when there is none. */
    static List<String[]> npmPackages(String image) {
        Path lock = copyOut(image, NPM_LOCK);
        if (lock == null) {
            return List.of();
        }
        try (InputStream in = Files.newInputStream(lock)) {
            return npmPackages(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new StackctlException(ExitCode.FAILURE, image + ": " + NPM_LOCK + " is not JSON: " + e.getMessage(), "");
        } finally {
            deleteQuietly(lock);
        }
    }

    /** The packages of a lockfileVersion 2/3 lock that are not dev-only. */
    static List<String[]> npmPackages(JsonNode lock) {
        Map<String, String[]> found = new TreeMap<>();
        JsonNode packages = lock.path("packages");
        for (Iterator<Map.Entry<String, JsonNode>> it = packages.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String path = e.getKey();
            JsonNode p = e.getValue();
            if (path.isEmpty() || p.path("dev").asBoolean(false) || p.path("link").asBoolean(false)) {
                continue;
            }
            String name = p.hasNonNull("name") ? p.get("name").asText() : path.substring(path.lastIndexOf("node_modules/") + 13);
            String version = p.path("version").asText("");
            if (!version.isEmpty()) {
                found.put(name + "@" + version, new String[] {name, version});
            }
        }
        return List.copyOf(found.values());
    }

    /** Copies one file out of the image (a created, never started container); null when the image has no such file. */
    private static Path copyOut(String image, String path) {
        String name = "stackctl-sbom-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
        try {
            Path dir = Files.createTempDirectory("stackctl-sbom-");
            ExternalProcess.Result created = docker(List.of("docker", "create", "--name", name, image, "true"), dir);
            if (!created.ok()) {
                throw new StackctlException(ExitCode.FAILURE, image + ": cannot create a container of it: " + created.stderrTail(),
                        "Check the name with docker image ls");
            }
            try {
                Path target = dir.resolve(Path.of(path).getFileName().toString());
                ExternalProcess.Result cp = docker(List.of("docker", "cp", name + ":" + path, target.toString()), dir);
                return cp.ok() && Files.isRegularFile(target) ? target : null;
            } finally {
                docker(List.of("docker", "rm", "-f", "-v", name), dir); // -v: the image may declare VOLUMEs
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String run(String image, List<String> runOptions, List<String> args, String what) {
        List<String> cmd = new ArrayList<>(List.of("docker", "run", "--rm", "--network", "none",
                "--name", "stackctl-sbom-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL)));
        cmd.addAll(runOptions);
        cmd.add(image);
        cmd.addAll(args);
        try {
            ExternalProcess.Result r = docker(cmd, Path.of(System.getProperty("java.io.tmpdir")));
            if (!r.ok()) {
                String tail = r.stderrTail();
                if (tail.contains("No such image") || tail.contains("pull access denied") || tail.contains("Unable to find image")) {
                    throw new StackctlException(ExitCode.USAGE, "IMAGE: no image '" + image + "' on this engine",
                            "List them with stackctl images list or docker image ls");
                }
                throw new StackctlException(ExitCode.FAILURE, image + ": cannot " + what + ": " + tail.lines().findFirst().orElse(""),
                        "stackctl images sbom needs an image with dpkg (Debian based)");
            }
            return r.stdout();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ExternalProcess.Result docker(List<String> cmd, Path dir) throws IOException {
        try {
            return new ExternalProcess(cmd, dir, Map.of(), RUN_TIMEOUT).run();
        } catch (ExternalProcess.NotStartedException e) {
            throw new StackctlException(ExitCode.DOCKER_UNAVAILABLE, "cannot run the docker CLI: " + e.getMessage(),
                    "Install Docker (sudo bin/setup)");
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
            Files.deleteIfExists(file.getParent());
        } catch (IOException ignored) {
            // a temp file left behind
        }
    }
}
