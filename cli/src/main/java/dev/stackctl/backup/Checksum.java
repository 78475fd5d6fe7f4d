package dev.stackctl.backup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of a file, read in 1 MiB blocks (a dump may be many gigabytes). */
public final class Checksum {
    private Checksum() {}

    /** The lower-case hex SHA-256 of the file's bytes. */
    public static String sha256(Path file) throws IOException {
        MessageDigest digest = newDigest();
        byte[] buf = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                digest.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The lower-case hex SHA-256 of some bytes. */
    public static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(newDigest().digest(bytes));
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /**
     * Why a dump does not match its manifest, or null when it does: the size first (a truncated copy
     * says so in words), then the checksum (a flipped byte, or another file under the same name).
     */
    public static String mismatch(Path dump, Manifest manifest) throws IOException {
        long size = Files.size(dump);
        if (size != manifest.sizeBytes()) {
            return dump + " is " + size + " bytes, its manifest says " + manifest.sizeBytes()
                    + (size < manifest.sizeBytes() ? ": the file is truncated" : ": the file is not the one the manifest describes");
        }
        String actual = sha256(dump);
        if (!actual.equals(manifest.sha256())) {
            return "the SHA-256 of " + dump + " is " + actual + ", its manifest says " + manifest.sha256() + ": the file is corrupted";
        }
        return null;
    }
}
