package dev.stackctl.stack;

import dev.stackctl.model.Service;
import dev.stackctl.model.Ulimit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The front door's capacity, in one place (issue 14): how many WebSocket clients the stack is built
 * for, what nginx and the backend get to hold them (open files, workers, connections), where the
 * backend stops taking clients, and the limits per client address. nginx.conf is rendered from these
 * values, the backend gets its maximum as {@code WS_MAX_CLIENTS}.
 */
final class FrontDoor {
    private FrontDoor() {}

    /** nginx workers: one per core of the machines this runs on (2); the master and workers stay far below the frontend's pids limit. */
    static final int NGINX_WORKERS = 2;
    /** WebSocket clients the stack is built for (issue 14's target), through nginx to one backend. */
    static final int WS_CLIENTS_TARGET = 10_000;
    /**
     * Beyond this many WebSocket clients the backend closes a new one at once with 1013 ("try again
     * later", counted in tracker_ws_refused_total) while the connected ones keep receiving: the
     * target plus 10% for the probes and reconnecting clients, well inside the backend's open files.
     */
    static final int WS_MAX_CLIENTS = WS_CLIENTS_TARGET + WS_CLIENTS_TARGET / 10;
    /**
     * Open files: the backend holds one socket per client, nginx two (client and upstream), spread
     * over its workers. A container cannot get more than the engine's own limit (dockerd runs with
     * nofile 20000 on these machines; above it runc fails the start with "error setting rlimit type
     * 7: operation not permitted"), so both stay below it: 16384 holds the clients up to
     * WS_MAX_CLIENTS plus the pools and files in the backend, and 2 x 15,360 connections in nginx's
     * two workers.
     */
    static final long BACKEND_NOFILE = atLeast(16_384, WS_MAX_CLIENTS + 4096);
    static final long FRONTEND_NOFILE = atLeast(16_384, WS_CLIENTS_TARGET + 1024);
    /**
     * nginx's memory limit, from its measured cost per WebSocket client (bench/frontdoor/RESULTS.md,
     * 2026-12-06: cgroup usage 43 MB at 1,000 clients, 74 MB at 2,155, about 15 MB idle, so about 27 KB
     * per client: the client and upstream connections, the request pool, a 4 KB proxy buffer each way
     * and the sockets' kernel memory). At WS_MAX_CLIENTS that is about 15 + 11,000 x 27 KB = 310 MB.
     * Measured with 384M (run 2): 270 MB at 9,442 clients (26.5 KB each above the 1,000-client step),
     * 341 MB at 11,000 with 9,000 more being refused: under the limit, with 11% headroom. The 128M
     * before was measured to be too little: at 2,000-odd clients the kernel killed nginx workers for
     * memory, dropping every connection they held.
     */
    static final String FRONTEND_MEMORY = "384M";
    /**
     * The backend's memory limit, from its measured cost per WebSocket client through nginx
     * (bench/frontdoor/RESULTS.md, 2026-12-07 16:38): cgroup usage 221 MB at 1,000 clients and 485 MB
     * at 10,000 (clients offering permessage-deflate, as browsers do), so about 29 KB per client, and
     * 513 MB measured at WS_MAX_CLIENTS (11,000 held, 9,000 more refused). 512M left no room for that
     * (486 MB at 11,000 on 2026-12-06, 5% below the limit); 640M leaves a fifth. The
     * JVM's heap is 60% of it (backend/Dockerfile), the rest is for the sockets' buffers and threads.
     */
    static final String BACKEND_MEMORY = "640M";
    /** Open files of an nginx worker kept for logs, listen sockets and spare: the rest are connections. */
    private static final long NGINX_SPARE_FILES = 1024;

    /*
     * Limits per client address, so that one address cannot take the capacity of everyone. The app
     * itself stays far below them: a tab opens at most 4 WebSockets (one per channel) and the browser
     * test's pages make at most 5 API requests in a second (counted in its nginx log); the limits
     * leave room for 32 tabs, or several users behind one NAT address. Beyond them nginx answers 429
     * with a problem body like the API's own errors.
     */
    /** WebSocket connections open at once from one address (nginx limit_conn on /ws/). */
    static final int WS_CONNECTIONS_PER_ADDRESS = 128;
    /** API requests per second from one address (nginx limit_req on /api/), and the burst taken at once above it. */
    static final int API_REQUESTS_PER_SECOND = 20;
    static final int API_BURST = 80;

    private static long atLeast(long value, long needed) {
        if (value < needed) {
            throw new IllegalStateException(value + " is below the " + needed + " needed");
        }
        return value;
    }

    /** The capacity values of templates/nginx.conf, from the frontend service's nofile ulimit and the constants above. */
    static Map<String, String> nginxValues(Service frontend) {
        long nofile = frontend.security().ulimits().stream().filter(u -> u.name().equals("nofile")).mapToLong(Ulimit::soft).findFirst()
                .orElseThrow(() -> new IllegalStateException("the frontend service sets no nofile ulimit"));
        long connections = nofile - NGINX_SPARE_FILES;
        // refused clients pass through nginx too (the backend closes them), so nginx holds more than the maximum
        if (NGINX_WORKERS * connections < 2L * WS_MAX_CLIENTS) {
            throw new IllegalStateException(NGINX_WORKERS + " workers of " + connections + " connections cannot hold " + WS_MAX_CLIENTS + " clients");
        }
        Map<String, String> v = new LinkedHashMap<>();
        v.put("worker_processes", Integer.toString(NGINX_WORKERS));
        v.put("worker_connections", Long.toString(connections));
        v.put("worker_rlimit_nofile", Long.toString(nofile));
        v.put("ws_connections_per_address", Integer.toString(WS_CONNECTIONS_PER_ADDRESS));
        v.put("api_requests_per_second", Integer.toString(API_REQUESTS_PER_SECOND));
        v.put("api_burst", Integer.toString(API_BURST));
        return v;
    }
}
