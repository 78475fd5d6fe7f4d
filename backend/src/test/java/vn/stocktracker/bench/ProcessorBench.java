package vn.stocktracker.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import vn.stocktracker.market.Bar;
import vn.stocktracker.market.ForeignRoom;
import vn.stocktracker.market.IndexUpdate;
import vn.stocktracker.market.Instruments;
import vn.stocktracker.market.MarketEvent;
import vn.stocktracker.market.MarketProcessor;
import vn.stocktracker.market.ProcessorOutput;
import vn.stocktracker.market.Quote;
import vn.stocktracker.market.Trade;
import vn.stocktracker.market.TradingSession;
import vn.stocktracker.market.alert.AlertConfig;
import vn.stocktracker.source.sim.MarketSimulator;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * JMH micro benchmark: events per second through {@link MarketProcessor#apply} on one thread, over
 * already-parsed events from the simulator (the realistic mix: trades + quotes, foreign room, indices,
 * futures), with an output that receives every storage row (as the writer would, minus the queue). One
 * invocation applies {@value #EVENTS} events to a fresh processor. Baseline in the same run: a loop that
 * only dispatches on the event type, the floor any processor pays, and the processor with alerts and the
 * day's analysis off (their cost). Run by {@code bench/backend/run.sh processor}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(2)
public class ProcessorBench {

    static final int EVENTS = 200_000;
    private static final LocalDate DAY = LocalDate.of(2025, 12, 1);

    private MarketEvent[] events;
    private Instruments instruments;
    private MarketProcessor processor;
    private MarketProcessor withoutAnalysis;
    private ProcessorOutput output;

    @Setup
    public void events(Blackhole bh) {
        instruments = Instruments.create(List.of(), DAY);
        long ts = DAY.atTime(9, 15).atZone(Instruments.VN).toInstant().toEpochMilli();
        MarketSimulator sim = new MarketSimulator(42, instruments);
        List<MarketEvent> out = new ArrayList<>(EVENTS + 200);
        while (out.size() < EVENTS) {
            sim.step(ts, TradingSession.CONTINUOUS, out::add);
            ts += out.size() % 7 == 0 ? 1 : 0;
        }
        events = out.subList(0, EVENTS).toArray(MarketEvent[]::new);
        output = new ProcessorOutput() {
            @Override
            public void tick(TickRow row) {
                bh.consume(row);
            }

            @Override
            public void foreign(ForeignRow row) {
                bh.consume(row);
            }

            @Override
            public void index(IndexRow row) {
                bh.consume(row);
            }

            @Override
            public void futures(FuturesRow row) {
                bh.consume(row);
            }

            @Override
            public void alert(AlertRow row) {
                bh.consume(row);
            }
        };
    }

    /** A fresh processor for every pass over the events: the day's state starts empty each time. */
    @Setup(Level.Invocation)
    public void freshProcessor() {
        processor = new MarketProcessor(instruments, output);
        withoutAnalysis = new MarketProcessor(instruments, output, AlertConfig.DEFAULTS.disabled(), false);
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public Object processor() {
        for (MarketEvent e : events) {
            processor.apply(e);
        }
        return processor.drainChanges();
    }

    /**
     * The same events with the alert rules and the day's analysis (session/side values, sparklines, the
     * basis and foreign-flow series) switched off: {@code processor} over this is what they cost.
     */
    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public Object processorWithoutAlertsAndAnalysis() {
        for (MarketEvent e : events) {
            withoutAnalysis.apply(e);
        }
        return withoutAnalysis.drainChanges();
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long dispatchOnly() {
        long k = 0;
        for (MarketEvent e : events) {
            k += switch (e) {
                case Trade t -> t.volume();
                case Quote q -> q.bestBid();
                case ForeignRoom f -> f.buyVol();
                case IndexUpdate i -> i.advances();
                case Bar b -> b.volume();
            };
        }
        return k;
    }
}
