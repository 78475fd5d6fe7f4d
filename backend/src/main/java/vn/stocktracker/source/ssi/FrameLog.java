package vn.stocktracker.source.ssi;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The recorded-session format shared by the SSI source (which writes it when {@code SSI_RECORD_FILE} is
 * set) and the replay source (which plays it): UTF-8 text, one frame per line,
 * <pre>
 * &lt;receive time, epoch ms UTC&gt; TAB &lt;the raw SignalR frame text, exactly as received&gt;
 * </pre>
 * Lines starting with {@code #} and blank lines are comments. Keep-alive frames ({@code {}}) are not
 * recorded. A CR or LF inside a frame (legal only as JSON whitespace) is written as a space.
 */
public final class FrameLog implements Closeable {

    /** One parsed line. */
    public record Entry(long receivedMs, String frame) {
    }

    private final BufferedWriter out;

    private FrameLog(BufferedWriter out) {
        this.out = out;
    }

    /** Opens {@code file} for appending (creating it and its directory). */
    public static FrameLog append(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        return new FrameLog(Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND));
    }

    /** Appends one frame and flushes, so a crash loses at most the frame being written. */
    public synchronized void write(long receivedMs, String frame) throws IOException {
        out.write(Long.toString(receivedMs));
        out.write('\t');
        if (frame.indexOf('\n') >= 0 || frame.indexOf('\r') >= 0) {
            frame = frame.replace('\n', ' ').replace('\r', ' ');
        }
        out.write(frame);
        out.write('\n');
        out.flush();
    }

    /**
     * Parses one line; null for comments and blank lines.
     *
     * @throws IllegalArgumentException naming the problem when the line is not {@code millis TAB frame}
     */
    public static Entry parse(String line) {
        if (line.isBlank() || line.startsWith("#")) {
            return null;
        }
        int tab = line.indexOf('\t');
        if (tab <= 0) {
            throw new IllegalArgumentException("expected '<epoch ms><TAB><frame>', found no tab");
        }
        long ms;
        try {
            ms = Long.parseLong(line.substring(0, tab).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + line.substring(0, Math.min(tab, 20)) + "' is not an epoch-ms receive time");
        }
        return new Entry(ms, line.substring(tab + 1));
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
