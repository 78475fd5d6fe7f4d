package dev.stackctl.stack;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which images the stack runs on. Every image and base image is a compose variable with the
 * {@link #OFFICIAL} default; the {@link #AIRGAP} profile is an env file that sets the variables to images
 * built locally from Debian packages ({@code stackctl images build}).
 */
public enum ImageProfile {
    OFFICIAL,
    AIRGAP;

    /** Variable name -> image, in the order the env file lists them. */
    public Map<String, String> images() {
        Map<String, String> m = new LinkedHashMap<>();
        if (this == OFFICIAL) {
            m.put(StockTrackerStack.TIMESCALEDB_IMAGE, "timescale/timescaledb:2.19.3-pg17");
            m.put(StockTrackerStack.REDIS_IMAGE, "redis:8.0.2");
            m.put(StockTrackerStack.BACKEND_BASE_IMAGE, "eclipse-temurin:21-jre");
            m.put(StockTrackerStack.NODE_IMAGE, "node:20-bookworm-slim");
            m.put(StockTrackerStack.NGINX_IMAGE, "nginx:1.26-alpine");
        } else {
            m.put(StockTrackerStack.TIMESCALEDB_IMAGE, "stackctl/timescaledb:2.19-pg17");
            m.put(StockTrackerStack.REDIS_IMAGE, "stackctl/redis:8.0");
            m.put(StockTrackerStack.BACKEND_BASE_IMAGE, "stackctl/jre:21");
            m.put(StockTrackerStack.NODE_IMAGE, "stackctl/node:20");
            m.put(StockTrackerStack.NGINX_IMAGE, "stackctl/nginx:1.26");
        }
        return m;
    }

    public String image(String variable) {
        String image = images().get(variable);
        if (image == null) {
            throw new IllegalArgumentException("no image variable " + variable);
        }
        return image;
    }

    /** The env file in generated/ that selects this profile, or null for the defaults. */
    public String envFileName() {
        return this == AIRGAP ? "airgap.env" : null;
    }
}
