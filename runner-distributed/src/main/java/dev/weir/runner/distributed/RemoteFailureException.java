package dev.weir.runner.distributed;

import dev.weir.sdk.WeirException;

/**
 * What a subtask threw on a worker, as the job's client sees it: the worker reports the
 * exception as text (its class and message), so this carries that text and prints exactly it.
 * It is the cause of the {@link dev.weir.sdk.UserFunctionException} that
 * {@link DistributedJob#failure()} returns for a failed user function; the full stack trace is
 * in the log of the worker that ran the subtask.
 */
public final class RemoteFailureException extends WeirException {
  private static final long serialVersionUID = 1L;

  /** @param text the exception as the worker printed it, e.g. {@code java.lang.X: message} */
  public RemoteFailureException(String text) {
    super(text);
  }

  /** The exception as the worker printed it. */
  @Override
  public String toString() {
    return getMessage();
  }
}
