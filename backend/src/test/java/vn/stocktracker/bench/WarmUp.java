package vn.stocktracker.bench;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Warms API replicas with the traffic they serve, before a failover measure (bench/scaleout/run.sh,
 * WARM scenario): a replica that has been running in a deployment has seen clients connect, take
 * their snapshot and receive updates, so its JIT has compiled that path; one started seconds before
 * the kill has not. For {@code seconds}, in rounds: {@code clients} WebSocket clients of
 * {@code /ws/market} connect straight to each replica's address (not through nginx, so the replica
 * that is about to be killed gets none), offering permessage-deflate as browsers do (DEFLATE=0: not),
 * and once every one has its snapshot and an update (or after 10 s) they close. Prints to standard
 * error, per round, the time until every client of each replica was receiving: the cost of a burst of
 * upgrades on that replica as it warms up.
 *
 * <p>Arguments: port seconds clients host...
 */
public final class WarmUp {
    private WarmUp() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: WarmUp port seconds clients host...");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        long end = System.currentTimeMillis() + Long.parseLong(args[1]) * 1000;
        int clients = Integer.parseInt(args[2]);
        List<InetAddress> hosts = new ArrayList<>();
        for (int i = 3; i < args.length; i++) hosts.add(InetAddress.getByName(args[i]));
        boolean deflate = !"0".equals(System.getenv("DEFLATE"));
        int round = 0;
        long upgrades = 0;
        while (System.currentTimeMillis() < end) {
            round++;
            List<RawWsClients> all = new ArrayList<>();
            long t0 = System.currentTimeMillis();
            long[] ready = new long[hosts.size()];
            try {
                for (InetAddress h : hosts) {
                    RawWsClients ws = new RawWsClients(h, port, "/ws/market", Integer.MAX_VALUE, List.of());
                    ws.offerDeflate(deflate);
                    all.add(ws);
                }
                for (RawWsClients ws : all) ws.connect(port, "/ws/market", clients, 0);
                long deadline = t0 + 10_000;
                int pending = hosts.size();
                while (pending > 0 && System.currentTimeMillis() < deadline) {
                    Thread.sleep(20);
                    for (int i = 0; i < all.size(); i++) {
                        if (ready[i] == 0 && all.get(i).open(2) >= clients) {
                            ready[i] = System.currentTimeMillis();
                            pending--;
                        }
                    }
                }
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "warm-up round %d:", round));
                for (int i = 0; i < all.size(); i++) {
                    RawWsClients ws = all.get(i);
                    line.append(String.format(Locale.ROOT, " %s %s", hosts.get(i).getHostAddress(),
                            ready[i] == 0 ? ws.open(2) + "/" + clients + " receiving after 10 s"
                                    : clients + " receiving in " + (ready[i] - t0) + " ms"));
                    upgrades += ws.statuses.getOrDefault(101, new java.util.concurrent.atomic.AtomicInteger()).get();
                }
                System.err.println(line);
            } finally {
                for (RawWsClients ws : all) ws.close();
            }
            Thread.sleep(500);
        }
        System.err.printf(Locale.ROOT, "warm-up: %d rounds, %d upgrades answered 101 over %d replica(s)%n", round, upgrades, hosts.size());
    }
}
