package dev.stackctl.validate;

import dev.stackctl.model.Service;
import dev.stackctl.model.Stack;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Images must be pinned: no missing tag, no {@code latest}. Resolved with the variables' defaults. */
public final class ImageTagRule implements Rule {
    @Override
    public String id() {
        return "unpinned-image";
    }

    @Override
    public String description() {
        return "images need a pinned tag or digest, never 'latest' (resolved with variable defaults)";
    }

    @Override
    public List<Finding> check(Stack stack, RuleContext context) {
        List<Finding> out = new ArrayList<>();
        for (Service s : stack.services()) {
            if (s.image() == null || s.build() != null) continue; // with build, image names what the build makes
            String p = "services." + s.name() + ".image";
            Optional<String> resolved = s.image().resolve(context.variables());
            if (resolved.isEmpty() || resolved.get().isBlank()) {
                if (s.build() == null) {
                    out.add(Finding.warning(p, id(), "image '" + s.image() + "' has no default, so its tag cannot be checked; give the variable a pinned default"));
                }
                continue;
            }
            String image = resolved.get();
            if (image.contains("@sha256:")) continue;
            String tag = tagOf(image);
            if (tag == null) {
                out.add(Finding.error(p, id(), "image '" + image + "' has no tag, so it means 'latest'; pin a version, e.g. " + image + ":1.2.3"));
            } else if (FLOATING.contains(tag) || tag.startsWith("latest-")) {
                out.add(Finding.error(p, id(), "image '" + image + "' uses the floating tag '" + tag + "', which changes under you; pin a version"));
            }
        }
        return out;
    }

    private static final java.util.Set<String> FLOATING = java.util.Set.of("latest", "stable", "edge", "nightly", "main", "master", "dev", "rolling");

    /** The tag after the last ':' that is not part of a registry host:port. */
    static String tagOf(String image) {
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        return colon > slash ? image.substring(colon + 1) : null;
    }
}
