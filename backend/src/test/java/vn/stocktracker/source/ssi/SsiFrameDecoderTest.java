package vn.stocktracker.source.ssi;

import vn.stocktracker.market.Bar;
import vn.stocktracker.market.ForeignRoom;
import vn.stocktracker.market.IndexUpdate;
import vn.stocktracker.market.MarketEvent;
import vn.stocktracker.market.PriceLevel;
import vn.stocktracker.market.Quote;
import vn.stocktracker.market.Trade;
import vn.stocktracker.market.TradeSide;
import vn.stocktracker.market.TradingSession;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static vn.stocktracker.source.ssi.SsiFrames.broadcast;
import static vn.stocktracker.source.ssi.SsiFrames.content;
import static org.assertj.core.api.Assertions.assertThat;

class SsiFrameDecoderTest {

    private static final Set<String> TRACKED = Set.of("ACB", "FPT", "SSI", "VN30", "VNINDEX", "VN30F2512");
    /** 2025-12-01 10:00:00 Vietnam time. */
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-12-01T03:00:00Z"), ZoneOffset.UTC);

    private final SsiFrameDecoder decoder = new SsiFrameDecoder(TRACKED::contains, CLOCK);
    private final List<MarketEvent> events = new ArrayList<>();

    private SsiFrameDecoder.Kind decode(String frame) {
        return decoder.decode(frame, events::add);
    }

    private static long vn(String isoLocal) {
        return java.time.LocalDateTime.parse(isoLocal).atZone(java.time.ZoneId.of("Asia/Ho_Chi_Minh")).toInstant().toEpochMilli();
    }

    /** SSI's documented X sample for ACB, trimmed to 3 levels. */
    private static java.util.Map<String, Object> acb(double totalVol, double lastPrice) {
        return content("RType", "X", "TradingDate", "14/08/2023", "Time", "14:07:53", "Isin", "ACB", "Symbol", "ACB",
                "Ceiling", 24500.0, "Floor", 21300.0, "RefPrice", 22900.0, "Open", 22900.0, "High", 23050.0,
                "Low", 22800.0, "Close", lastPrice, "LastPrice", lastPrice, "LastVol", 100.0,
                "TotalVal", 201713015000.0, "TotalVol", totalVol,
                "BidPrice1", 22900.0, "BidVol1", 290900.0, "BidPrice2", 22850.0, "BidVol2", 454200.0,
                "BidPrice3", 22800.0, "BidVol3", 678800.0, "BidPrice4", 0.0, "BidVol4", 0.0,
                "AskPrice1", 22950.0, "AskVol1", 109100.0, "AskPrice2", 23000.0, "AskVol2", 208600.0,
                "AskPrice3", 23050.0, "AskVol3", 207200.0, "AskPrice4", 0.0, "AskVol4", 0.0,
                "MarketId", "HOSE", "Exchange", "HOSE", "TradingSession", "LO", "TradingStatus", "N",
                "Change", 50.0, "RatioChange", 0.22);
    }

    @Test
    void firstXFrameIsAQuoteWithExactValuesAndNoTrade() {
        assertThat(decode(broadcast("X", acb(8797700.0, 22950.0)))).isEqualTo(SsiFrameDecoder.Kind.DATA);

        assertThat(events).hasSize(1);
        Quote q = (Quote) events.get(0);
        assertThat(q.symbol()).isEqualTo("ACB");
        assertThat(q.ts()).isEqualTo(vn("2023-08-14T14:07:53"));
        assertThat(q.session()).isEqualTo(TradingSession.CONTINUOUS);
        assertThat(q.refPrice()).isEqualTo(22900);
        assertThat(q.ceiling()).isEqualTo(24500);
        assertThat(q.floor()).isEqualTo(21300);
        assertThat(q.open()).isEqualTo(22900);
        assertThat(q.high()).isEqualTo(23050);
        assertThat(q.low()).isEqualTo(22800);
        assertThat(q.lastPrice()).isEqualTo(22950);
        assertThat(q.totalVol()).isEqualTo(8797700);
        assertThat(q.totalVal()).isEqualTo(201713015000L);
        assertThat(q.bids()).containsExactly(new PriceLevel(22900, 290900), new PriceLevel(22850, 454200),
                new PriceLevel(22800, 678800));
        assertThat(q.asks()).containsExactly(new PriceLevel(22950, 109100), new PriceLevel(23000, 208600),
                new PriceLevel(23050, 207200));
        assertThat(decoder.counters().payloads).isEqualTo(1);
    }

    @Test
    void growingTotalVolEmitsTheTradeBeforeTheQuote() {
        decode(broadcast("X", acb(8797700.0, 22950.0)));
        events.clear();

        decode(broadcast("X", acb(8800200.0, 23000.0)));

        assertThat(events).hasSize(2);
        Trade t = (Trade) events.get(0);
        assertThat(t).isEqualTo(new Trade("ACB", vn("2023-08-14T14:07:53"), TradingSession.CONTINUOUS, 23000, 2500,
                8800200, 201713015000L, TradeSide.UNKNOWN));
        assertThat(events.get(1)).isInstanceOf(Quote.class);
        assertThat(((Quote) events.get(1)).lastPrice()).isEqualTo(23000);
    }

    @Test
    void mixedKeyCasingAndNumbersAsStringsAreRead() {
        decode(broadcast("x", content("rtype", "X", "SYMBOL", " fpt ", "tradingdate", "01/12/2025", "TIME", "09:30:05",
                "refprice", "118000", "CEILING", "126,200", "Floor", " 109800 ", "lastprice", "118500.0",
                "TotalVol", "1,523,400", "totalVAL", "180512340000", "bidprice1", "118400", "BIDVOL1", "12300",
                "askPrice1", "118500", "askvol1", "4400", "tradingSession", "lo")));

        Quote q = (Quote) events.get(0);
        assertThat(q.symbol()).isEqualTo("FPT");
        assertThat(q.ts()).isEqualTo(vn("2025-12-01T09:30:05"));
        assertThat(q.refPrice()).isEqualTo(118000);
        assertThat(q.ceiling()).isEqualTo(126200);
        assertThat(q.floor()).isEqualTo(109800);
        assertThat(q.lastPrice()).isEqualTo(118500);
        assertThat(q.totalVol()).isEqualTo(1523400);
        assertThat(q.totalVal()).isEqualTo(180512340000L);
        assertThat(q.bids()).containsExactly(new PriceLevel(118400, 12300));
        assertThat(q.asks()).containsExactly(new PriceLevel(118500, 4400));
        assertThat(q.session()).isEqualTo(TradingSession.CONTINUOUS);
    }

    @Test
    void quoteAndTradeFramesMergeAndTheTradeSideIsKept() {
        decode(broadcast("X-QUOTE", content("RType", "X-QUOTE", "TradingDate", "14/08/2023", "Time", "14:00:28",
                "Symbol", "ACB", "BidPrice1", 22900.0, "BidVol1", 290900.0, "AskPrice1", 22950.0, "AskVol1", 109100.0,
                "TradingSession", "LO")));
        decode(broadcast("X-TRADE", content("RType", "X-TRADE", "TradingDate", "14/08/2023", "Time", "14:07:50",
                "Symbol", "ACB", "RefPrice", 22900.0, "Ceiling", 24500.0, "Floor", 21300.0, "LastPrice", 22950.0,
                "LastVol", 100.0, "TotalVol", 8797600.0, "TotalVal", 201710720000.0, "Highest", 23050, "Lowest", 22800,
                "Side", "BU")));
        events.clear();
        decode(broadcast("X-TRADE", content("RType", "X-TRADE", "TradingDate", "14/08/2023", "Time", "14:07:53",
                "Symbol", "ACB", "LastPrice", 22900.0, "LastVol", 100.0, "TotalVol", 8797700.0,
                "TotalVal", 201713015000.0, "Side", "SD")));

        Trade t = (Trade) events.get(0);
        assertThat(t.side()).isEqualTo(TradeSide.SELL);
        assertThat(t.volume()).isEqualTo(100);
        assertThat(t.price()).isEqualTo(22900);
        Quote q = (Quote) events.get(1);
        assertThat(q.bids()).containsExactly(new PriceLevel(22900, 290900));
        assertThat(q.asks()).containsExactly(new PriceLevel(22950, 109100));
        assertThat(q.high()).isEqualTo(23050);
        assertThat(q.low()).isEqualTo(22800);
        assertThat(q.refPrice()).isEqualTo(22900);
    }

    @Test
    void foreignRoomReadsFPrefixedFieldsAndNeverGoesDownWithinADay() {
        decode(broadcast("R", content("RType", "R", "TradingDate", "14/08/2023", "Time", "14:24:02", "Symbol", "SSI",
                "TotalRoom", 1501130137.0, "CurrentRoom", 806887173.0, "FBuyVol", 863352.0, "FSellVol", 825308.0,
                "FBuyVal", 25123543200.0, "FSellVal", 24016462800.0)));
        // a partial frame: BuyVol missing, SellVol lower (stale) -> the last values are kept
        decode(broadcast("R", content("RType", "R", "TradingDate", "14/08/2023", "Time", "14:25:00", "Symbol", "SSI",
                "CurrentRoom", "806880000", "SellVol", 0, "BuyVal", 25130000000.0)));
        // the next trading date starts from zero again
        decode(broadcast("R", content("RType", "R", "TradingDate", "15/08/2023", "Time", "09:15:00", "Symbol", "SSI",
                "BuyVol", 1000, "SellVol", 500, "BuyVal", 30000000, "SellVal", 15000000)));

        assertThat(events).containsExactly(
                new ForeignRoom("SSI", vn("2023-08-14T14:24:02"), 1501130137L, 806887173L, 863352, 825308,
                        25123543200L, 24016462800L),
                new ForeignRoom("SSI", vn("2023-08-14T14:25:00"), 1501130137L, 806880000L, 863352, 825308,
                        25130000000L, 24016462800L),
                new ForeignRoom("SSI", vn("2023-08-15T09:15:00"), 1501130137L, 806880000L, 1000, 500,
                        30000000, 15000000));
    }

    @Test
    void indexContentMayBeAnObjectAndUsesDocumentedNames() {
        String payload = "{\"DataType\":\"MI\",\"Content\":{\"IndexId\":\"VN30\",\"IndexValEst\":1200.03,"
                + "\"IndexValue\":1238.76,\"PriorIndexValue\":1226.16,\"TradingDate\":\"02/04/2021\",\"Time\":\"11:28:13\","
                + "\"TotalTrade\":0.0,\"TotalQtty\":191838100.0,\"TotalValue\":7289093000000.0,\"IndexName\":\"VN30\","
                + "\"Advances\":25,\"Nochanges\":2,\"Declines\":3,\"Ceilings\":0,\"Floors\":0,\"Change\":12.6,"
                + "\"RatioChange\":1.03,\"TradingSession\":null,\"MarketId\":null,\"RType\":\"MI\"}}";
        decode("{\"C\":\"d-9\",\"M\":[{\"H\":\"FcMarketDataV2Hub\",\"M\":\"Broadcast\",\"A\":[" + payload + "]}]}");

        assertThat(events).containsExactly(new IndexUpdate("VN30", vn("2021-04-02T11:28:13"), null, 1238.76, 1226.16,
                191838100L, 7289093000000L, 25, 2, 3, 0, 0));
    }

    @Test
    void barsAndFuturesPricesInHundredthsOfAPoint() {
        decode(broadcast("B", content("RType", "B", "Symbol", "VN30F2512", "TradingTime", "14:28:33",
                "Open", 1325.4, "High", 1326.0, "Low", 1324.9, "Close", 1325.7, "Volume", 35, "Value", 0)));
        decode(broadcast("X", content("RType", "X", "Symbol", "VN30F2512", "TradingDate", "01/12/2025",
                "Time", "14:28:34", "LastPrice", 1325.7, "TotalVol", 120000, "RefPrice", 1318.2,
                "BidPrice1", 1325.6, "BidVol1", 12, "AskPrice1", 1325.7, "AskVol1", 30)));

        assertThat(events.get(0)).isEqualTo(new Bar("VN30F2512", vn("2025-12-01T14:28:33"), 132540, 132600, 132490,
                132570, 35));
        Quote q = (Quote) events.get(1);
        assertThat(q.lastPrice()).isEqualTo(132570);
        assertThat(q.refPrice()).isEqualTo(131820);
        assertThat(q.bids()).containsExactly(new PriceLevel(132560, 12));
    }

    @Test
    void aContractsOpenInterestIsReadWhenThePayloadCarriesIt() {
        decode(broadcast("X", content("RType", "X", "Symbol", "VN30F2512", "LastPrice", 1325.7, "TotalVol", 100,
                "OpenInterest", "41,250")));
        decode(broadcast("X", content("RType", "X", "Symbol", "VN30F2512", "LastPrice", 1325.8, "TotalVol", 101)));
        decode(broadcast("X", content("RType", "X", "Symbol", "FPT", "LastPrice", 118000, "TotalVol", 5, "OI", 9)));

        assertThat(events).filteredOn(Quote.class::isInstance).extracting(e -> ((Quote) e).openInterest())
                .containsExactly(41_250L, 41_250L, -1L);
    }

    @Test
    void controlFramesAreRecognised() {
        assertThat(decode("{}")).isEqualTo(SsiFrameDecoder.Kind.KEEP_ALIVE);
        assertThat(decode("{\"C\":\"d-1,0|A,0|B,1\",\"S\":1,\"M\":[]}")).isEqualTo(SsiFrameDecoder.Kind.INIT);
        assertThat(decode("{\"I\":\"0\"}")).isEqualTo(SsiFrameDecoder.Kind.CONTROL);
        assertThat(decoder.lastInvocationId()).isEqualTo("0");
        assertThat(decode("{\"I\":\"1\",\"E\":\"Channel not allowed\"}")).isEqualTo(SsiFrameDecoder.Kind.CONTROL);
        assertThat(decoder.lastError()).isEqualTo("Channel not allowed");
        assertThat(decode("{\"C\":\"d-2\",\"T\":1,\"M\":[]}")).isEqualTo(SsiFrameDecoder.Kind.CONTROL);
        assertThat(decoder.lastAskedToReconnect()).isTrue();
        assertThat(events).isEmpty();
        assertThat(decoder.counters().keepAlives).isEqualTo(1);
    }

    @Test
    void malformedFramesAreCountedAndSkippedAndTheStreamGoesOn() {
        List<String> bad = List.of(
                "not json",
                "{\"C\":\"d-1\",\"M\":[{\"H\":\"FcMarketDataV2Hub\",\"M\":\"Broadcast\",\"A\":[\"{\\\"DataType\\\":\\\"X\\\"",
                broadcast("d-3", List.of(SsiFrames.payloadRaw("X", "{\"Symbol\":\"ACB\",\"LastPrice\":"))),
                broadcast("d-4", List.of(SsiFrames.payloadRaw("X", "[1,2,3]"))),
                broadcast("d-5", List.of("{\"DataType\":\"X\"}")),
                "{} trailing",
                "");
        for (String frame : bad) {
            assertThat(decode(frame)).as(frame).isEqualTo(SsiFrameDecoder.Kind.MALFORMED);
        }
        // valid JSON, but an X payload without a symbol: counted as an invalid payload
        decode(broadcast("X", content("RType", "X", "LastPrice", 1000)));

        decode(broadcast("X", acb(8797700.0, 22950.0)));

        assertThat(decoder.counters().malformedFrames).isEqualTo(bad.size());
        assertThat(decoder.counters().invalidPayloads).isEqualTo(1);
        assertThat(decoder.lastMalformed()).contains("without Symbol");
        assertThat(events).hasSize(1);
        assertThat(((Quote) events.get(0)).symbol()).isEqualTo("ACB");
    }

    @Test
    void untrackedSymbolsAndUnknownTypesProduceNothing() {
        decode(broadcast("X", content("RType", "X", "Symbol", "TAR", "LastPrice", 21800.0, "TotalVol", 1282900.0)));
        decode(broadcast("OL", content("RType", "OL", "Symbol", "ACB")));
        decode(broadcast("F", content("RType", "F", "Symbol", "ACB", "TradingSession", "ATC")));

        assertThat(events).isEmpty();
        assertThat(decoder.counters().untracked).isEqualTo(1);
        assertThat(decoder.counters().ignored).isEqualTo(2);

        // the F frame set ACB's session, which the next quote without a session carries
        decode(broadcast("X", content("RType", "X", "Symbol", "ACB", "LastPrice", 22900.0, "TotalVol", 100)));
        assertThat(((Quote) events.get(0)).session()).isEqualTo(TradingSession.ATC);
    }

    @Test
    void afterAReconnectTheFirstFrameReseedsInsteadOfReportingTheGapAsOneTrade() {
        decode(broadcast("X", acb(8797700.0, 22950.0)));
        decoder.reseed();
        events.clear();

        decode(broadcast("X", acb(9900000.0, 23000.0)));
        decode(broadcast("X", acb(9900300.0, 23000.0)));

        assertThat(events).hasSize(3);
        assertThat(events.get(0)).isInstanceOf(Quote.class);
        assertThat(((Quote) events.get(0)).totalVol()).isEqualTo(9900000);
        assertThat(((Trade) events.get(1)).volume()).isEqualTo(300);
    }

    @Test
    void severalPayloadsInOneFrameKeepTheirOrder() {
        String frame = broadcast("d-7", List.of(
                SsiFrames.payload("MI", content("IndexId", "VNINDEX", "IndexValue", "1250.5", "PriorIndexValue", 1245.0,
                        "TradingDate", "01/12/2025", "Time", "10:00:00")),
                SsiFrames.payload("R", content("Symbol", "FPT", "TradingDate", "01/12/2025", "Time", "10:00:01",
                        "BuyVol", 10, "SellVol", 20, "BuyVal", 1180000, "SellVal", 2360000))));
        decode(frame);
        assertThat(events).extracting(MarketEvent::symbol).containsExactly("VNINDEX", "FPT");
        assertThat(((IndexUpdate) events.get(0)).value()).isEqualTo(1250.5);
    }
}
