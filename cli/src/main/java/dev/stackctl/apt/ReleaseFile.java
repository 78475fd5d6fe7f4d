package dev.stackctl.apt;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A suite's {@code Release} file: its {@code Date} and the SHA-256 and size of each index it lists.
 *
 * @param date when the archive published this state of the suite (the builds' SOURCE_DATE_EPOCH)
 */
public record ReleaseFile(Instant date, Map<String, Entry> sha256) {
    public record Entry(String sha256, long size) {}

    private static final DateTimeFormatter RFC_2822 = DateTimeFormatter.ofPattern("d MMM yyyy HH:mm:ss z", Locale.ROOT);

    public ReleaseFile {
        sha256 = Map.copyOf(sha256);
    }

    public Optional<Entry> entry(String path) {
        return Optional.ofNullable(sha256.get(path));
    }

    /** Parses a Release file; a missing or malformed {@code Date} is an error naming the file. */
    public static ReleaseFile parse(String text, String where) {
        Instant date = null;
        Map<String, Entry> sums = new HashMap<>();
        boolean inSha = false;
        for (String line : text.lines().toList()) {
            if (!line.startsWith(" ")) {
                inSha = line.startsWith("SHA256:");
                if (line.startsWith("Date:")) {
                    String v = line.substring(5).strip().replace("UTC", "GMT");
                    // the weekday is redundant (and not checked)
                    String noWeekday = v.replaceFirst("^[A-Za-z]{3},\\s*", "");
                    try {
                        date = ZonedDateTime.parse(noWeekday, RFC_2822).toInstant();
                    } catch (DateTimeParseException e) {
                        throw new IllegalArgumentException(where + ": Date '" + v + "' is not an RFC 2822 date");
                    }
                }
                continue;
            }
            if (inSha) {
                String[] f = line.strip().split("\\s+");
                if (f.length == 3) {
                    sums.put(f[2], new Entry(f[0], Long.parseLong(f[1])));
                }
            }
        }
        if (date == null) {
            throw new IllegalArgumentException(where + ": no Date field; is this a Debian Release file?");
        }
        return new ReleaseFile(date, sums);
    }
}
