package dev.stackctl.model;

import java.util.List;

/**
 * What a service's containers may do: security options (e.g. {@code no-new-privileges:true}) and a
 * read-only root file system. Empty or null means "unset" (the engine's default).
 */
public record Security(List<String> securityOpt, Boolean readOnly) {

    public static final Security UNSET = new Security(null, null);

    public Security {
        securityOpt = ProcessSpec.copy(securityOpt);
    }
}
