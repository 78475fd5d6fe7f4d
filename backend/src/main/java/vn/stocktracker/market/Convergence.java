package vn.stocktracker.market;

/**
 * Whether the futures basis is moving toward zero (converging, as it must by expiry) or away from it,
 * from the least-squares slope of |basis| over the last {@link #POINTS} minute points.
 *
 * @param state  {@code converging} (slope below -{@link #THRESHOLD}), {@code diverging} (above
 *               +{@link #THRESHOLD}), {@code steady} (in between) or {@code unknown} (fewer than 3 points)
 * @param slope  change of |basis| in points per minute, 3 decimals
 * @param points how many minute points the slope is taken over
 */
public record Convergence(String state, double slope, int points) {
    static final int POINTS = 10;
    static final double THRESHOLD = 0.05;
    public static final Convergence UNKNOWN = new Convergence("unknown", 0, 0);

    /** From per-minute basis values, oldest first, one minute apart. */
    static Convergence of(double[] basis) {
        int n = basis.length;
        if (n < 3) {
            return new Convergence("unknown", 0, n);
        }
        double mx = (n - 1) / 2.0;
        double my = 0;
        for (double b : basis) {
            my += Math.abs(b);
        }
        my /= n;
        double num = 0;
        double den = 0;
        for (int i = 0; i < n; i++) {
            num += (i - mx) * (Math.abs(basis[i]) - my);
            den += (i - mx) * (i - mx);
        }
        double slope = Math.round(num / den * 1000.0) / 1000.0;
        String state = slope < -THRESHOLD ? "converging" : slope > THRESHOLD ? "diverging" : "steady";
        return new Convergence(state, slope, n);
    }
}
