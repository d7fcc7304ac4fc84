package dev.weir.console.internal;

/** A request the API refuses: its HTTP status and a message for the JSON error body. */
public final class HttpError extends RuntimeException {
  private final int status;

  public HttpError(int status, String message) {
    super(message);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
