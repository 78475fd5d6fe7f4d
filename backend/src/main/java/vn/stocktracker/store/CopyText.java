package vn.stocktracker.store;

import org.postgresql.copy.CopyIn;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A byte buffer that formats rows in PostgreSQL's COPY text format and streams them to a
 * {@link CopyIn} in 128 KiB chunks, so the server parses one chunk while the next is formatted.
 * Values written here are ASCII (codes, numbers, times) except symbols, which are checked. Not
 * thread-safe (one per writer thread).
 */
final class CopyText {
    private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final int FLUSH_AT = 128 * 1024;

    private final byte[] buf = new byte[FLUSH_AT + 4096];
    private int len;
    private CopyIn target;
    private long cachedSecond = Long.MIN_VALUE;
    private final byte[] cachedText = new byte[19];
    private final byte[] digits = new byte[20];

    void begin(CopyIn in) {
        this.target = in;
        this.len = 0;
    }

    /** Flushes what is buffered and ends the COPY; returns the rows the server reports. */
    long end() throws SQLException {
        flush();
        long n = target.endCopy();
        target = null;
        return n;
    }

    private void flush() throws SQLException {
        if (len > 0) {
            target.writeToCopy(buf, 0, len);
            len = 0;
        }
    }

    /** Ends a row; flushes when the buffer is full enough. */
    void endRow() throws SQLException {
        buf[len++] = '\n';
        if (len >= FLUSH_AT) {
            flush();
        }
    }

    void tab() {
        buf[len++] = '\t';
    }

    /** An ASCII text value without tabs, newlines or backslashes (symbols, session names). */
    void text(String s) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '\\') {
                throw new IllegalArgumentException("unexpected character in COPY text value: " + s);
            }
            buf[len++] = (byte) c;
        }
    }

    /**
     * Any text (UTF-8), escaped for COPY: backslash, tab, newline and carriage return. Flushes first
     * when the value might not fit the buffer's headroom, so its length is not limited.
     */
    void escaped(String s) throws SQLException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        for (byte x : b) {
            if (len >= FLUSH_AT) {
                flush();
            }
            switch (x) {
                case '\\' -> {
                    buf[len++] = '\\';
                    buf[len++] = '\\';
                }
                case '\t' -> {
                    buf[len++] = '\\';
                    buf[len++] = 't';
                }
                case '\n' -> {
                    buf[len++] = '\\';
                    buf[len++] = 'n';
                }
                case '\r' -> {
                    buf[len++] = '\\';
                    buf[len++] = 'r';
                }
                default -> buf[len++] = x;
            }
        }
    }

    void ch(char c) {
        buf[len++] = (byte) c;
    }

    void number(long v) {
        if (v < 0) {
            buf[len++] = '-';
            if (v == Long.MIN_VALUE) {
                text(Long.toString(v).substring(1));
                return;
            }
            v = -v;
        }
        int i = digits.length;
        do {
            digits[--i] = (byte) ('0' + (v % 10));
            v /= 10;
        } while (v != 0);
        int n = digits.length - i;
        System.arraycopy(digits, i, buf, len, n);
        len += n;
    }

    void number(double v) {
        text(Double.toString(v));
    }

    /** Hundredths as a decimal with two places ({@code 132540} -> {@code 1325.40}). */
    void hundredths(long v) {
        if (v < 0) {
            buf[len++] = '-';
            v = -v;
        }
        number(v / 100);
        buf[len++] = '.';
        long f = v % 100;
        buf[len++] = (byte) ('0' + f / 10);
        buf[len++] = (byte) ('0' + f % 10);
    }

    /** An epoch-ms instant as {@code yyyy-MM-dd HH:mm:ss.SSS+00}. */
    void timestamp(long epochMs) {
        long sec = Math.floorDiv(epochMs, 1000L);
        if (sec != cachedSecond) {
            cachedSecond = sec;
            byte[] t = SECOND.format(Instant.ofEpochSecond(sec)).getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(t, 0, cachedText, 0, 19);
        }
        System.arraycopy(cachedText, 0, buf, len, 19);
        len += 19;
        int ms = (int) Math.floorMod(epochMs, 1000L);
        buf[len++] = '.';
        buf[len++] = (byte) ('0' + ms / 100);
        buf[len++] = (byte) ('0' + (ms / 10) % 10);
        buf[len++] = (byte) ('0' + ms % 10);
        buf[len++] = '+';
        buf[len++] = '0';
        buf[len++] = '0';
    }
}
