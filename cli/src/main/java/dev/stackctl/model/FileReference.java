package dev.stackctl.model;

/**
 * A service's use of a top-level secret or config ({@code services.x.secrets[]}, {@code configs[]}): the
 * object's key, and where and how it appears in the container. Null fields are unset: secrets land in
 * {@code /run/secrets/<source>}, configs in {@code /<source>}, owned by root, mode 0444.
 *
 * @param mode file permissions (e.g. 0400), or null
 */
public record FileReference(String source, String target, String uid, String gid, Integer mode) {
    public FileReference {
        Names.requireResourceName(source, "secret or config");
        if (mode != null && (mode < 0 || mode > 0777)) {
            throw new IllegalArgumentException("mode " + Integer.toOctalString(mode) + " is not a file mode; write e.g. 0400");
        }
    }

    public static FileReference of(String source) {
        return new FileReference(source, null, null, null, null);
    }

    public static FileReference at(String source, String target) {
        return new FileReference(source, target, null, null, null);
    }
}
