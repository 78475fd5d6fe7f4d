package vn.stocktracker.stream;

import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisProtocol;

import java.net.URI;

/** Where Redis is and how to log in: makes the one connection each stream thread owns. */
public record RedisLink(HostAndPort address, String password, String clientName) {

    public static RedisLink of(String url, String password, String clientName) {
        URI u = URI.create(url);
        return new RedisLink(new HostAndPort(u.getHost(), u.getPort() < 0 ? 6379 : u.getPort()), password, clientName);
    }

    /** A new connection; {@code socketMs} must exceed any blocking read on it. */
    public Jedis connect(int socketMs) {
        DefaultJedisClientConfig.Builder cfg = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(1_000).socketTimeoutMillis(socketMs).clientName(clientName)
                .protocol(RedisProtocol.RESP2);
        if (password != null && !password.isEmpty()) {
            cfg.password(password);
        }
        Jedis j = new Jedis(address, cfg.build());
        j.ping();
        return j;
    }

    static void closeQuietly(Jedis j) {
        if (j != null) {
            try {
                j.close();
            } catch (RuntimeException ignored) {
                // already broken
            }
        }
    }

    static String message(Exception e) {
        Throwable t = e;
        while (t.getMessage() == null && t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
