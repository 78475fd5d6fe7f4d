package dev.stackctl.model;

/**
 * {@code deploy.resources}: limits (a container never gets more) and reservations (what a scheduler
 * sets aside for it on a node, so it is only placed where that much is free); null fields are unset.
 */
public record Resources(MemorySize memoryLimit, Cpus cpuLimit, MemorySize memoryReservation, Cpus cpuReservation) {
    public Resources {
        if (memoryLimit != null && memoryReservation != null && memoryReservation.compareTo(memoryLimit) > 0) {
            throw new IllegalArgumentException("memory reservation " + memoryReservation + " exceeds the limit " + memoryLimit);
        }
    }

    public Resources(MemorySize memoryLimit, Cpus cpuLimit, MemorySize memoryReservation) {
        this(memoryLimit, cpuLimit, memoryReservation, null);
    }

    public static Resources memory(String limit) {
        return new Resources(MemorySize.parse(limit), null, null);
    }

    public Resources withCpuLimit(Cpus cpus) {
        return new Resources(memoryLimit, cpus, memoryReservation, cpuReservation);
    }

    public Resources withMemoryReservation(MemorySize reservation) {
        return new Resources(memoryLimit, cpuLimit, reservation, cpuReservation);
    }

    public Resources withCpuReservation(Cpus cpus) {
        return new Resources(memoryLimit, cpuLimit, memoryReservation, cpus);
    }

    public boolean hasReservations() {
        return memoryReservation != null || cpuReservation != null;
    }
}
