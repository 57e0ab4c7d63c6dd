package vmlp.serve;

/**
 * A client's mistake: answered with a 4xx status and a JSON error body, never a 500, and the
 * server goes on serving.
 */
final class BadRequestException extends Exception {

    private final int status;
    private final String kind;

    BadRequestException(int status, String kind, String message) {
        super(message, null, false, false);
        this.status = status;
        this.kind = kind;
    }

    /** The HTTP status: 400, 404, 405, 413 or 415. */
    int status() {
        return status;
    }

    /** A short machine-readable name of the mistake, also the label of the error counter. */
    String kind() {
        return kind;
    }
}
