package vn.stocktracker.source.ssi;

import vn.stocktracker.source.MarketDataSource;
import vn.stocktracker.source.SourceContext;
import vn.stocktracker.source.SourceProvider;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.stocktracker.market.Instruments;

import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** {@code MARKET_SOURCE=ssi}: found by {@link vn.stocktracker.source.SourceRegistry}. */
public final class SsiSourceProvider implements SourceProvider {

    private static final Logger LOG = LoggerFactory.getLogger(SsiSourceProvider.class);
    /** The most the start waits for SSI's VN30 list. */
    static final int LOOKUP_SECONDS = 5;

    @Override
    public String name() {
        return "ssi";
    }

    @Override
    public List<String> validate(SourceContext context) {
        return SsiConfig.validate(context.env());
    }

    /**
     * SSI's {@code IndexComponents?indexCode=VN30}, asked with the configured credentials and at most
     * {@value #LOOKUP_SECONDS} s in all, so a slow or unreachable SSI delays the start by that much at
     * most; any failure means the built-in list, said in one log line.
     */
    @Override
    public Optional<List<String>> vn30Components(SourceContext context) {
        SsiConfig config = SsiConfig.fromEnv(context.env());
        Duration bound = Duration.ofSeconds(LOOKUP_SECONDS);
        Duration timeout = config.timeout().compareTo(bound) < 0 ? config.timeout() : bound;
        HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).build();
        SsiConfig quick = new SsiConfig(config.consumerId(), config.consumerSecret(), config.baseUrl(), config.streamUrl(),
                config.channels(), config.recordFile(), config.reconnectMin(), config.reconnectMax(), config.authRetry(), timeout);
        SsiRestClient rest = new SsiRestClient(quick, http, new SsiAuth(quick, http, context.clock()));
        CompletableFuture<List<String>> lookup = CompletableFuture.supplyAsync(() -> {
            try {
                return rest.indexComponents(Instruments.VN30_INDEX);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CompletionException(e);
            } catch (IOException | SsiAuthException e) {
                throw new CompletionException(e);
            }
        }, Executors.newVirtualThreadPerTaskExecutor());
        String fallback = "; tracking the built-in list of " + Instruments.VN30.size() + " (" + String.join(",", Instruments.VN30) + ")";
        try {
            List<String> vn30 = lookup.get(LOOKUP_SECONDS, TimeUnit.SECONDS);
            if (vn30.isEmpty()) {
                LOG.warn("SSI IndexComponents listed no VN30 component{}", fallback);
                return Optional.empty();
            }
            List<String> added = new ArrayList<>(vn30);
            added.removeAll(Instruments.VN30);
            List<String> gone = new ArrayList<>(Instruments.VN30);
            gone.removeAll(vn30);
            LOG.info("VN30 components from SSI IndexComponents: {} symbols{}", vn30.size(),
                    added.isEmpty() && gone.isEmpty() ? ", the same as the built-in list"
                            : "; new against the built-in list: " + added + ", gone: " + gone);
            return Optional.of(List.copyOf(vn30));
        } catch (TimeoutException e) {
            lookup.cancel(true);
            LOG.warn("SSI IndexComponents did not answer within {} s{}", LOOKUP_SECONDS, fallback);
        } catch (ExecutionException e) {
            LOG.warn("SSI IndexComponents failed ({}){}", e.getCause().getMessage(), fallback);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("SSI IndexComponents lookup interrupted{}", fallback);
        }
        return Optional.empty();
    }

    @Override
    public MarketDataSource create(SourceContext context) {
        return new SsiSource(SsiConfig.fromEnv(context.env()), context.instruments(), context.clock());
    }
}
