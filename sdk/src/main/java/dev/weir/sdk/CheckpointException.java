package dev.weir.sdk;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * A checkpoint did not complete: returned (as the failure of a future) when a checkpoint that
 * was requested on demand is aborted, or when it cannot be started.
 *
 * <p>{@link #reason()} is the machine-readable cause, such as
 * {@link CheckpointFailureReason#TIMEOUT}, {@link CheckpointFailureReason#TASK_FAILURE} or
 * {@link CheckpointFailureReason#STORE_FAILURE}; the message explains it for people. Older
 * complete checkpoints stay valid when a checkpoint fails.
 */
public class CheckpointException extends WeirException {

  private final CheckpointFailureReason reason;
  private final long checkpointId;

  /**
   * @param reason the cause, never null
   * @param checkpointId the id of the failed checkpoint, or a negative number if it had no id yet
   * @param message what failed and why
   * @param cause the underlying error, or null
   */
  public CheckpointException(CheckpointFailureReason reason, long checkpointId, String message,
      Throwable cause) {
    super(Objects.requireNonNull(message, "message"), cause);
    this.reason = Objects.requireNonNull(reason, "reason");
    this.checkpointId = checkpointId;
  }

  /** The cause, e.g. {@link CheckpointFailureReason#TIMEOUT}. */
  public CheckpointFailureReason reason() {
    return reason;
  }

  /** The id of the failed checkpoint; empty if it failed before an id was assigned. */
  public OptionalLong checkpointId() {
    return checkpointId < 0 ? OptionalLong.empty() : OptionalLong.of(checkpointId);
  }
}
