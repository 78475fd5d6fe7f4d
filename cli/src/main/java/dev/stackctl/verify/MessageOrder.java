package dev.stackctl.verify;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The deltas protocol's order as one WebSocket client sees it, connection by connection: the first
 * message carrying a seq is a snapshot, and seq never goes back within a connection (so every update
 * applies to what the client holds). Reads only the head of each message: {@code type} and
 * {@code seq} come first in the backend's JSON. Not thread-safe; {@link ClientWatcher} guards it.
 */
final class MessageOrder {
    private static final Pattern TYPE = Pattern.compile("\"type\":\"(\\w+)\"");
    private static final Pattern SEQ = Pattern.compile("\"seq\":(\\d+)");

    private int connections;
    private int withoutSnapshotFirst;
    private int seqWentBack;
    private long checked;
    private long lastSeq = -1;       // of the current connection
    private long lastSeqBefore = -1; // of the connection before the last one
    private long reconnectSeqGap;    // last reconnect's snapshot seq minus the seq held before it

    /** A new connection opened: its first message with a seq must be a snapshot. */
    void opened() {
        connections++;
        if (lastSeq >= 0) {
            lastSeqBefore = lastSeq;
        }
        lastSeq = -1;
    }

    /** One message on the current connection (its head is enough); heartbeats without a seq are skipped. */
    void message(CharSequence head) {
        Matcher type = TYPE.matcher(head);
        Matcher seq = SEQ.matcher(head);
        if (!type.find() || !seq.find()) {
            return;
        }
        long n = Long.parseLong(seq.group(1));
        checked++;
        boolean snapshot = type.group(1).equals("snapshot");
        if (lastSeq < 0) {
            if (!snapshot) {
                withoutSnapshotFirst++;
            } else if (lastSeqBefore >= 0) {
                reconnectSeqGap = n - lastSeqBefore;
            }
        } else if (n < lastSeq) {
            seqWentBack++;
        }
        lastSeq = n;
    }

    /** What broke the order, or null when it held on every connection. */
    String broken() {
        if (withoutSnapshotFirst > 0) {
            return withoutSnapshotFirst + " of " + connections + " connection(s) got an update before their snapshot";
        }
        if (seqWentBack > 0) {
            return "seq went back " + seqWentBack + " time(s) within a connection";
        }
        return null;
    }

    long checked() {
        return checked;
    }

    long reconnectSeqGap() {
        return reconnectSeqGap;
    }

    int connections() {
        return connections;
    }
}
