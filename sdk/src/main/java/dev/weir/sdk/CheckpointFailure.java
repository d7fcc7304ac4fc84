package dev.weir.sdk;

import java.util.Objects;

/**
 * A checkpoint that was triggered and aborted, as {@link PipelineResult#failedCheckpoints()}
 * lists it.
 *
 * <pre>{@code
 * for (CheckpointFailure f : result.failedCheckpoints()) {
 *   System.out.println(f.checkpointId() + ": " + f.reason() + " - " + f.message());
 * }
 * }</pre>
 *
 * @param checkpointId the checkpoint
 * @param triggerTimestamp when it was triggered (epoch millis)
 * @param failureTimestamp when it was aborted (epoch millis)
 * @param trigger what started it
 * @param reason why it was aborted
 * @param message the abort's explanation for people (the reason, its detail and cause)
 */
public record CheckpointFailure(long checkpointId, long triggerTimestamp, long failureTimestamp,
    CheckpointTrigger trigger, CheckpointFailureReason reason, String message) {

  /** Checks that trigger, reason and message are present. */
  public CheckpointFailure {
    Objects.requireNonNull(trigger, "trigger");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
  }
}
