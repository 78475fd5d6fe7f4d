package vn.stocktracker.api.ws;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import vn.stocktracker.api.Json;
import vn.stocktracker.source.SourceState;
import vn.stocktracker.source.SourceStatus;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The messages as they go on the wire: field names, order and nulls as API.md shows them. */
class WsMessageTest {
    private static final ObjectMapper JSON = Json.mapper();

    private static String write(Object o) throws Exception {
        return JSON.writeValueAsString(o);
    }

    @Test
    void snapshotHasTypeChannelTsSeqSymbolsFeedData() throws Exception {
        WsMessage.Feed feed = WsMessage.Feed.of(new SourceStatus(SourceState.STREAMING, "", 10, 1_764_555_300_000L));
        assertThat(write(new WsMessage.Snapshot("market", 5, 7, null, feed, new WsMessage.MarketData(List.of(), null))))
                .isEqualTo("{\"type\":\"snapshot\",\"channel\":\"market\",\"ts\":5,\"seq\":7,\"symbols\":null,"
                        + "\"feed\":{\"state\":\"streaming\",\"lastEventMs\":1764555300000},\"data\":{\"stocks\":[],\"futures\":null}}");
        assertThat(write(new WsMessage.Snapshot("foreign", 5, 7, List.of("FPT"), null, new WsMessage.ForeignData(List.of()))))
                .as("no feed known: no feed field")
                .isEqualTo("{\"type\":\"snapshot\",\"channel\":\"foreign\",\"ts\":5,\"seq\":7,\"symbols\":[\"FPT\"],\"data\":{\"foreign\":[]}}");
    }

    @Test
    void updateHeartbeatAndError() throws Exception {
        assertThat(write(new WsMessage.Update("index", 9, 8, new WsMessage.IndexData(List.of(), null))))
                .isEqualTo("{\"type\":\"update\",\"channel\":\"index\",\"ts\":9,\"seq\":8,\"data\":{\"indices\":[],\"futures\":null}}");
        assertThat(write(new WsMessage.Heartbeat("market", 3, WsMessage.Feed.of(new SourceStatus(SourceState.CONNECTING, "", 0, 0)))))
                .as("lastEventMs is null before the first event")
                .isEqualTo("{\"type\":\"heartbeat\",\"channel\":\"market\",\"ts\":3,\"feed\":{\"state\":\"connecting\",\"lastEventMs\":null}}");
        assertThat(write(WsMessage.Error.badRequest(Channel.FOREIGN, 4, "subscribe: at most 100 symbols")))
                .isEqualTo("{\"type\":\"error\",\"channel\":\"foreign\",\"ts\":4,\"error\":\"bad_request\",\"detail\":\"subscribe: at most 100 symbols\"}");
    }
}
