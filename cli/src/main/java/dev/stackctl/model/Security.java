package dev.stackctl.model;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What a service's containers may do: security options (e.g. {@code no-new-privileges:true}), a
 * read-only root file system, the Linux capabilities added to and dropped from the engine's default
 * set ({@code cap_add}, {@code cap_drop}; {@code ALL} in cap_drop drops every one), the most processes
 * and threads the container may hold ({@code pids_limit}) and its resource limits ({@code ulimits}).
 * Empty lists and null values mean "unset" (the engine's default).
 */
public record Security(List<String> securityOpt, Boolean readOnly, List<String> capAdd, List<String> capDrop,
                       Long pidsLimit, List<Ulimit> ulimits) {

    public static final Security UNSET = new Security(null, null);
    public static final String NO_NEW_PRIVILEGES = "no-new-privileges:true";
    private static final Pattern CAPABILITY = Pattern.compile("(CAP_)?[A-Z][A-Z_]*");

    public Security {
        securityOpt = ProcessSpec.copy(securityOpt);
        capAdd = capabilities(capAdd, "cap_add");
        capDrop = capabilities(capDrop, "cap_drop");
        ulimits = ProcessSpec.copy(ulimits);
        if (pidsLimit != null && pidsLimit < 1 && pidsLimit != -1) {
            throw new IllegalArgumentException("pids_limit " + pidsLimit + " is not a process count; use a number of processes, e.g. 128 (or -1 for none)");
        }
        if (ulimits.stream().map(Ulimit::name).distinct().count() != ulimits.size()) {
            throw new IllegalArgumentException("ulimits names a resource twice; give each one once");
        }
    }

    public Security(List<String> securityOpt, Boolean readOnly) {
        this(securityOpt, readOnly, null, null, null, null);
    }

    /** True when the security options forbid gaining privileges (setuid binaries, file capabilities). */
    public boolean noNewPrivileges() {
        return securityOpt.stream().anyMatch(o -> o.equals(NO_NEW_PRIVILEGES) || o.equals("no-new-privileges"));
    }

    /** A capability's name as the engine reports it: upper case with the CAP_ prefix ({@code ALL} stays). */
    public static String canonicalCapability(String name) {
        String n = name.toUpperCase(Locale.ROOT);
        return n.equals("ALL") || n.startsWith("CAP_") ? n : "CAP_" + n;
    }

    private static List<String> capabilities(List<String> caps, String field) {
        List<String> out = ProcessSpec.copy(caps);
        for (String c : out) {
            if (c == null || !CAPABILITY.matcher(c).matches()) {
                throw new IllegalArgumentException(field + ": '" + c + "' is not a capability name; write it in upper case, e.g. CHOWN or ALL");
            }
        }
        return out;
    }
}
