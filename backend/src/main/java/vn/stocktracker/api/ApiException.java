package vn.stocktracker.api;

/** A request that cannot be served; mapped to a JSON problem body by {@link HttpApi}. */
public final class ApiException extends RuntimeException {
    private final int status;
    private final String parameter;

    public ApiException(int status, String parameter, String detail) {
        super(detail);
        this.status = status;
        this.parameter = parameter;
    }

    public static ApiException badParameter(String parameter, String detail) {
        return new ApiException(400, parameter, parameter + ": " + detail);
    }

    public int status() {
        return status;
    }

    public String parameter() {
        return parameter;
    }
}
