package dev.stackctl.compose;

/**
 * Where a value starts: line and column, both counted from 1 as editors show them, and the file when it is
 * not the one being checked (a value taken from an {@code extends} file, an {@code include}d file or a
 * later {@code -f} file); null means the file the findings are reported for.
 */
public record Position(int line, int column, String file) {
    public static final Position START = new Position(1, 1);

    public Position {
        if (line < 1 || column < 1) {
            throw new IllegalArgumentException("line and column count from 1, got " + line + ":" + column);
        }
    }

    public Position(int line, int column) {
        this(line, column, null);
    }

    /** The same place, named as being in that file. */
    public Position in(String f) {
        return new Position(line, column, f);
    }

    @Override
    public String toString() {
        return (file == null ? "" : file + ":") + line + ":" + column;
    }
}
