package vn.stocktracker.api;

import org.eclipse.jetty.ee10.servlet.SessionHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.session.DefaultSessionCache;
import org.eclipse.jetty.session.NullSessionDataStore;
import org.eclipse.jetty.session.SessionCache;

/**
 * Servlet HTTP sessions, which this API never uses, kept from piling up. Javalin reads the session's
 * attributes for every WebSocket upgrade (to copy them into the socket's context), and reading them
 * creates a session; Jetty's default cache keeps every session until it expires, and its default
 * expiry is never. So each connect of a board left a session behind for the life of the process, and
 * its 101 answer set a JSESSIONID cookie. Here a session lives only as long as the request that made
 * it (evicted when that request ends, stored nowhere) and no cookie is sent.
 */
public final class HttpSessions {
    private HttpSessions() {
    }

    /** Configures Javalin's session handler (before the server starts). */
    public static void dropWhenRequestEnds(SessionHandler handler) {
        handler.setUsingCookies(false);
        DefaultSessionCache cache = new DefaultSessionCache(handler);
        cache.setEvictionPolicy(SessionCache.EVICT_ON_SESSION_EXIT);
        cache.setSessionDataStore(new NullSessionDataStore());
        handler.setSessionCache(cache);
    }

    /** Sessions held in memory by the server's session handler now (0 when it has none). */
    public static long held(Server server) {
        SessionHandler handler = server.getDescendant(SessionHandler.class);
        return handler != null && handler.getSessionCache() instanceof DefaultSessionCache c ? c.getSessionsCurrent() : 0;
    }
}
