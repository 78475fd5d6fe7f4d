package dev.stackctl.model;

/**
 * How much of the host, or of another service, a service's containers share: {@code privileged} (every
 * device and capability), {@code network_mode} ({@code host}, {@code none}, {@code service:NAME},
 * {@code container:NAME}), and the {@code pid} and {@code ipc} namespaces ({@code host},
 * {@code service:NAME}, ...). Null means unset: the container's own namespaces.
 */
public record HostAccess(Boolean privileged, String networkMode, String pid, String ipc) {
    public static final HostAccess UNSET = new HostAccess(null, null, null, null);

    public boolean isPrivileged() {
        return Boolean.TRUE.equals(privileged);
    }

    /** The service whose network this one joins ({@code network_mode: service:x}), or null. */
    public String networkService() {
        return networkMode != null && networkMode.startsWith("service:") ? networkMode.substring("service:".length()) : null;
    }
}
