package vn.stocktracker.source.ssi;

import java.util.Arrays;

/** For {@link HandWrittenFrameParser} only (benchmark comparison). A growable, reusable char buffer (one per parsing layer, so a frame is decoded without copying strings). */
final class HandWrittenCharBuf {

    char[] data;
    int length;

    HandWrittenCharBuf(int capacity) {
        data = new char[capacity];
    }

    void clear() {
        length = 0;
    }

    void append(char c) {
        if (length == data.length) {
            data = Arrays.copyOf(data, data.length * 2);
        }
        data[length++] = c;
    }

    void append(char[] src, int from, int to) {
        int n = to - from;
        if (length + n > data.length) {
            data = Arrays.copyOf(data, Math.max(data.length * 2, length + n));
        }
        System.arraycopy(src, from, data, length, n);
        length += n;
    }

    /** Replaces the content with {@code s}. */
    void set(String s) {
        int n = s.length();
        if (n > data.length) {
            data = new char[Math.max(n, data.length * 2)];
        }
        s.getChars(0, n, data, 0);
        length = n;
    }

    @Override
    public String toString() {
        return new String(data, 0, length);
    }
}
