package dev.stackctl.compose;

/** Where a value starts in its file: line and column, both counted from 1 as editors show them. */
public record Position(int line, int column) {
    public static final Position START = new Position(1, 1);

    public Position {
        if (line < 1 || column < 1) {
            throw new IllegalArgumentException("line and column count from 1, got " + line + ":" + column);
        }
    }

    @Override
    public String toString() {
        return line + ":" + column;
    }
}
