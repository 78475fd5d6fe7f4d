package dev.stackctl.compose;

import dev.stackctl.compose.YamlNode.Mapping;
import dev.stackctl.model.Interpolated;
import dev.stackctl.model.VolumeMount;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads a service's {@code volumes}: {@code SOURCE:TARGET[:MODE]} strings and the long form. */
final class MountReader {
    private final NodeReader r;

    MountReader(NodeReader r) {
        this.r = r;
    }

    List<VolumeMount> read(YamlNode node) {
        List<VolumeMount> out = new ArrayList<>();
        for (YamlNode item : r.items(node)) {
            VolumeMount v;
            if (item instanceof Mapping m) {
                v = longForm(m);
            } else {
                String spec = r.text(item);
                v = spec == null ? null : r.attempt(item, () -> shortForm(spec, r.variables()));
            }
            if (v != null) out.add(v);
        }
        return out;
    }

    private VolumeMount longForm(Mapping m) {
        String type = r.optText(m.get("type"));
        String source = r.optText(m.get("source"));
        String target = m.present("target") == null ? null : r.text(m.get("target"));
        if (m.present("target") == null) {
            r.error(m, "a mount needs 'target', the path in the container; e.g. target: /data");
            return null;
        }
        Boolean ro = m.present("read_only") == null ? Boolean.FALSE : r.bool(m.get("read_only"));
        if (target == null || ro == null) {
            return null;
        }
        return r.attempt(m, () -> {
            VolumeMount.Type t = switch (type == null ? "volume" : type) {
                case "volume" -> VolumeMount.Type.VOLUME;
                case "bind" -> VolumeMount.Type.BIND;
                case "tmpfs" -> VolumeMount.Type.TMPFS;
                case "image" -> VolumeMount.Type.IMAGE;
                case "npipe" -> VolumeMount.Type.NPIPE;
                case "cluster" -> VolumeMount.Type.CLUSTER;
                default -> throw new IllegalArgumentException("mount type '" + type + "' is not one of volume, bind, tmpfs, image, npipe, cluster");
            };
            return new VolumeMount(t, source, target, ro);
        });
    }

    /**
     * {@code SOURCE:TARGET[:MODE]}, split outside {@code ${...}} ({@code ${DATA_DIR:-./data}:/data}). Whether
     * SOURCE is a host path (bind) or a volume name is decided, as compose does, on its value once the
     * variables are resolved ({@code ${LOGS:-logs}} is the volume logs); the model keeps it as written.
     */
    static VolumeMount shortForm(String spec, Map<String, String> variables) {
        List<String> parts = ShortSyntax.fields(spec);
        if (parts.size() == 1) {
            return VolumeMount.anonymous(spec);
        }
        boolean ro = parts.size() > 2 && List.of(parts.get(2).split(",")).contains("ro");
        String source = parts.get(0);
        String value = resolved(source, variables);
        boolean bind = value == null ? source.startsWith("$")
                : value.startsWith("/") || value.startsWith(".") || value.startsWith("~");
        return new VolumeMount(bind ? VolumeMount.Type.BIND : VolumeMount.Type.VOLUME, source, parts.get(1), ro);
    }

    /** The value compose gives a written source (an unset variable is blank, as compose warns); null when it cannot be known. */
    private static String resolved(String written, Map<String, String> variables) {
        if (written.indexOf('$') < 0) return written;
        Map<String, String> env = new HashMap<>(variables);
        try {
            for (Interpolated.Ref ref : Interpolated.parse(written).references()) env.putIfAbsent(ref.name(), "");
        } catch (IllegalArgumentException malformed) {
            return null;
        }
        return Interpolated.valueOf(written, env).orElse(null);
    }
}
