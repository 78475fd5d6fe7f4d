package dev.stackctl.model;

/**
 * A service's mount: a named volume, an anonymous volume (no source: a fresh volume per container), a bind
 * mount of a host path, a tmpfs, or an image's file system (type image, source the image).
 */
public record VolumeMount(Type type, String source, String target, boolean readOnly) {

    /** Mount types of the Compose long syntax. */
    public enum Type {
        VOLUME, BIND, TMPFS, IMAGE, NPIPE, CLUSTER;

        public String composeName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public VolumeMount {
        if (type == null) {
            throw new IllegalArgumentException("mount type is required");
        }
        Names.requireNonBlank(target, "mount target");
        if (!target.startsWith("/") && !target.startsWith("$")) { // ${TARGET:-/data}: compose resolves it
            throw new IllegalArgumentException("mount target '" + target + "' must be an absolute path in the container");
        }
        if (type == Type.VOLUME && source != null && source.indexOf('$') < 0) { // ${LOGS:-logs}: a name only once resolved
            Names.requireResourceName(source, "volume");
        } else if (type == Type.BIND) {
            Names.requireNonBlank(source, "bind mount source");
        }
    }

    public static VolumeMount anonymous(String target) {
        return new VolumeMount(Type.VOLUME, null, target, false);
    }

    public boolean isAnonymous() {
        return type == Type.VOLUME && source == null;
    }

    public static VolumeMount named(String volume, String target) {
        return new VolumeMount(Type.VOLUME, volume, target, false);
    }

    public static VolumeMount bindReadOnly(String hostPath, String target) {
        return new VolumeMount(Type.BIND, hostPath, target, true);
    }
}
