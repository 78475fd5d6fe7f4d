package dev.stackctl.engine;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * The identity of a base image's inputs: SHA-256 over the rendered recipe files, the package list,
 * the suite and variant, the exact mmdebstrap arguments (with scratch paths and mirror replaced by
 * fixed markers, so neither changes the hash), the extra CA certificates copied in, and the
 * builder version. Any byte of any of those changes the hash; nothing else does.
 */
public final class RecipeHash {
    /** Bump when the build procedure changes in a way the argument lists do not show. */
    public static final String BUILDER_VERSION = "2";

    private RecipeHash() {}

    /**
     * The identity of the root file system alone: suite, variant, packages, the mmdebstrap
     * arguments, the recipe's customize script, the CA certificates and the builder version. A
     * recipe whose Dockerfile or entrypoint changed reuses the cached rootfs with this hash.
     */
    public static String rootfs(ImageRecipe recipe, SortedMap<String, byte[]> hostCaCertificates) {
        List<String> args = ImageBuildCommands.mmdebstrap(
                recipe, recipe.archives(DebianArchives.PLACEHOLDER), new ImageBuildCommands.WorkDir(Path.of("/<work>")), !hostCaCertificates.isEmpty());
        MessageDigest sha = sha256();
        field(sha, "builder", BUILDER_VERSION);
        field(sha, "suite", recipe.suite());
        field(sha, "variant", recipe.variant());
        field(sha, "packages", String.join("\n", recipe.packages()));
        field(sha, "mmdebstrap", String.join("\0", args));
        field(sha, "customize", recipe.files().getOrDefault(ImageRecipe.CUSTOMIZE, ""));
        for (Map.Entry<String, byte[]> ca : hostCaCertificates.entrySet()) {
            field(sha, "ca:" + ca.getKey(), ca.getValue());
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    public static String of(ImageRecipe recipe, SortedMap<String, byte[]> hostCaCertificates) {
        boolean withCa = !hostCaCertificates.isEmpty();
        List<String> args = ImageBuildCommands.mmdebstrap(
                recipe, recipe.archives(DebianArchives.PLACEHOLDER), new ImageBuildCommands.WorkDir(Path.of("/<work>")), withCa);
        MessageDigest sha = sha256();
        field(sha, "builder", BUILDER_VERSION);
        field(sha, "name", recipe.name());
        field(sha, "tag", recipe.tag());
        field(sha, "suite", recipe.suite());
        field(sha, "variant", recipe.variant());
        field(sha, "packages", String.join("\n", recipe.packages()));
        field(sha, "mmdebstrap", String.join("\0", args));
        for (Map.Entry<String, String> file : recipe.files().entrySet()) {
            field(sha, "file:" + file.getKey(), file.getValue());
        }
        for (Map.Entry<String, byte[]> ca : hostCaCertificates.entrySet()) {
            field(sha, "ca:" + ca.getKey(), ca.getValue());
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static void field(MessageDigest sha, String key, String value) {
        field(sha, key, value.getBytes(StandardCharsets.UTF_8));
    }

    // length-prefixed, so no two different inputs can concatenate to the same byte stream
    private static void field(MessageDigest sha, String key, byte[] value) {
        sha.update((key + "\n" + value.length + "\n").getBytes(StandardCharsets.UTF_8));
        sha.update(value);
        sha.update((byte) '\n');
    }
}
