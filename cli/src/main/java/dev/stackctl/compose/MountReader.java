package dev.stackctl.compose;

import dev.stackctl.compose.YamlNode.Mapping;
import dev.stackctl.model.VolumeMount;
import java.util.ArrayList;
import java.util.List;

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
                v = spec == null ? null : r.attempt(item, () -> shortForm(spec));
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

    static VolumeMount shortForm(String spec) {
        String[] parts = spec.split(":");
        if (parts.length == 1) {
            return VolumeMount.anonymous(spec);
        }
        boolean ro = parts.length > 2 && List.of(parts[2].split(",")).contains("ro");
        String source = parts[0];
        boolean bind = source.startsWith("/") || source.startsWith(".") || source.startsWith("~") || source.startsWith("$");
        return new VolumeMount(bind ? VolumeMount.Type.BIND : VolumeMount.Type.VOLUME, source, parts[1], ro);
    }
}
