package dev.stackctl.model;

/** {@code deploy.resources}: limits and reservations; null fields are unset. */
public record Resources(MemorySize memoryLimit, Cpus cpuLimit, MemorySize memoryReservation) {
    public Resources {
        if (memoryLimit != null && memoryReservation != null && memoryReservation.compareTo(memoryLimit) > 0) {
            throw new IllegalArgumentException("memory reservation " + memoryReservation + " exceeds the limit " + memoryLimit);
        }
    }

    public static Resources memory(String limit) {
        return new Resources(MemorySize.parse(limit), null, null);
    }

    public Resources withCpuLimit(Cpus cpus) {
        return new Resources(memoryLimit, cpus, memoryReservation);
    }

    public Resources withMemoryReservation(MemorySize reservation) {
        return new Resources(memoryLimit, cpuLimit, reservation);
    }
}
