package dev.weir.runner.distributed.internal.protocol;

/**
 * Bytes read from a control-plane topic are not a valid message of the expected kind: another
 * format version, truncated, garbage, or a message whose fields break its rules.
 */
public final class MalformedMessageException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** With {@code message} naming what was being decoded and why it failed. */
  public MalformedMessageException(String message) {
    super(message);
  }

  /** With {@code message} naming what was being decoded and why, and the cause. */
  public MalformedMessageException(String message, Throwable cause) {
    super(message, cause);
  }
}
