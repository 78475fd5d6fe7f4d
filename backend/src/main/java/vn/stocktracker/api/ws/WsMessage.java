package vn.stocktracker.api.ws;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import vn.stocktracker.market.FuturesView;
import vn.stocktracker.market.IndexView;
import vn.stocktracker.market.alert.Alert;
import vn.stocktracker.source.SourceStatus;

import java.util.List;

/**
 * Every message the server sends on a WebSocket (API.md "WebSocket"), written by Jackson in the order
 * shown there: {@code type}, {@code channel}, {@code ts}, then the message's own fields.
 */
public sealed interface WsMessage {

    @JsonProperty("type")
    String type();

    /** {@code {"state":...,"lastEventMs":...}}: the market-data feed behind the socket. */
    record Feed(String state, Long lastEventMs) {
        /** The feed object of a source status, or null when the status is unknown. */
        static Feed of(SourceStatus s) {
            return s == null ? null : new Feed(s.state().wireName(), s.lastEventMs() > 0 ? s.lastEventMs() : null);
        }
    }

    /** First message after connect, after each subscribe, and after the live state started again. */
    @JsonPropertyOrder({"type", "channel", "ts", "seq", "symbols", "feed", "data"})
    record Snapshot(String channel, long ts, long seq, List<String> symbols,
                    @JsonInclude(JsonInclude.Include.NON_NULL) Feed feed, Object data) implements WsMessage {
        @Override
        public String type() {
            return "snapshot";
        }
    }

    /** Coalesced changes: deltas on /ws/market, whole rows elsewhere. */
    @JsonPropertyOrder({"type", "channel", "ts", "seq", "data"})
    record Update(String channel, long ts, long seq, Object data) implements WsMessage {
        @Override
        public String type() {
            return "update";
        }
    }

    @JsonPropertyOrder({"type", "channel", "ts", "feed"})
    record Heartbeat(String channel, long ts, @JsonInclude(JsonInclude.Include.NON_NULL) Feed feed) implements WsMessage {
        @Override
        public String type() {
            return "heartbeat";
        }
    }

    /** The answer to a client message that could not be taken. */
    @JsonPropertyOrder({"type", "channel", "ts", "error", "detail"})
    record Error(String channel, long ts, String error, String detail) implements WsMessage {
        static Error badRequest(Channel channel, long ts, String detail) {
            return new Error(channel.wire(), ts, "bad_request", detail);
        }

        @Override
        public String type() {
            return "error";
        }
    }

    /** {@code data} of /ws/market: stock rows (whole in snapshots, deltas in updates) and the futures row or null. */
    record MarketData(List<?> stocks, Object futures) {
    }

    /** {@code data} of /ws/foreign. */
    record ForeignData(List<?> foreign) {
    }

    /** {@code data} of /ws/alerts: the day's alerts newest first in snapshots, new ones in the order fired in updates. */
    record AlertsData(List<Alert> alerts) {
    }

    /** {@code data} of /ws/index. */
    record IndexData(List<IndexView> indices, FuturesView futures) {
    }
}
