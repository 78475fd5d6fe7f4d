package dev.stackctl.verify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MessageOrderTest {
    private static String snapshot(long seq) {
        return "{\"type\":\"snapshot\",\"channel\":\"market\",\"ts\":5,\"seq\":" + seq + ",\"symbols\":null,\"data\":{";
    }

    private static String update(long seq) {
        return "{\"type\":\"update\",\"channel\":\"market\",\"ts\":9,\"seq\":" + seq + ",\"data\":{\"stocks\":[";
    }

    private static final String HEARTBEAT = "{\"type\":\"heartbeat\",\"channel\":\"market\",\"ts\":3,\"feed\":{\"state\":\"live\"}}";

    @Test
    void aSnapshotThenRisingUpdatesOnEveryConnectionHolds() {
        MessageOrder order = new MessageOrder();
        order.opened();
        order.message(snapshot(20));
        order.message(HEARTBEAT);
        order.message(update(21));
        order.message(update(21)); // the same seq again is not going back
        order.message(update(25));
        order.opened();
        order.message(snapshot(31));
        order.message(update(32));

        assertThat(order.broken()).isNull();
        assertThat(order.checked()).as("heartbeats carry no seq").isEqualTo(6);
        assertThat(order.connections()).isEqualTo(2);
        assertThat(order.reconnectSeqGap()).as("snapshot 31 after holding 25").isEqualTo(6);
    }

    @Test
    void anUpdateBeforeTheSnapshotIsNamed() {
        MessageOrder order = new MessageOrder();
        order.opened();
        order.message(snapshot(3));
        order.opened();
        order.message(update(4));

        assertThat(order.broken()).isEqualTo("1 of 2 connection(s) got an update before their snapshot");
    }

    @Test
    void seqGoingBackWithinAConnectionIsNamed() {
        MessageOrder order = new MessageOrder();
        order.opened();
        order.message(snapshot(30));
        order.message(update(31));
        order.message(snapshot(20)); // a board taken back under the client

        assertThat(order.broken()).isEqualTo("seq went back 1 time(s) within a connection");
    }

    @Test
    void aReconnectSnapshotBehindWhatTheClientHeldIsANegativeGap() {
        MessageOrder order = new MessageOrder();
        order.opened();
        order.message(snapshot(40));
        order.message(update(44));
        order.opened(); // a connection that broke before any message does not erase what was held
        order.opened();
        order.message(snapshot(41));

        assertThat(order.broken()).isNull();
        assertThat(order.reconnectSeqGap()).isEqualTo(-3);
    }

    @Test
    void messagesWithoutATypeOrSeqAreNotChecked() {
        MessageOrder order = new MessageOrder();
        order.opened();
        order.message("{\"error\":\"bad\"}");
        order.message("not json at all");

        assertThat(order.checked()).isZero();
        assertThat(order.broken()).isNull();
    }
}
