package dev.stackctl.model;

/** A service's {@code restart} policy; {@code maxRetries} only with {@link Kind#ON_FAILURE}. */
public record RestartPolicy(Kind kind, Integer maxRetries) {

    /** The Compose restart kinds. */
    public enum Kind {
        NO("no"), ALWAYS("always"), ON_FAILURE("on-failure"), UNLESS_STOPPED("unless-stopped");

        private final String composeName;

        Kind(String composeName) {
            this.composeName = composeName;
        }

        public String composeName() {
            return composeName;
        }
    }

    public static final RestartPolicy UNLESS_STOPPED = new RestartPolicy(Kind.UNLESS_STOPPED, null);
    public static final RestartPolicy NO = new RestartPolicy(Kind.NO, null);
    public static final RestartPolicy ALWAYS = new RestartPolicy(Kind.ALWAYS, null);

    public RestartPolicy {
        if (kind == null) {
            throw new IllegalArgumentException("restart policy kind is required");
        }
        if (maxRetries != null && (kind != Kind.ON_FAILURE || maxRetries < 0)) {
            throw new IllegalArgumentException("a retry count is only allowed with on-failure and must not be negative");
        }
    }

    /** Parses {@code no}, {@code always}, {@code on-failure}, {@code on-failure:5}, {@code unless-stopped}. */
    public static RestartPolicy parse(String s) {
        String text = s == null ? "" : s.trim();
        if (text.startsWith("on-failure:")) {
            try {
                return new RestartPolicy(Kind.ON_FAILURE, Integer.parseInt(text.substring(11)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + s + "' has no valid retry count; write on-failure:5");
            }
        }
        for (Kind k : Kind.values()) {
            if (k.composeName.equals(text)) {
                return new RestartPolicy(k, null);
            }
        }
        throw new IllegalArgumentException("'" + s + "' is not a restart policy; use no, always, on-failure[:N] or unless-stopped");
    }

    /** The Compose form, also what Docker reports as the policy name (plus the count). */
    @Override
    public String toString() {
        return maxRetries == null ? kind.composeName : kind.composeName + ":" + maxRetries;
    }
}
