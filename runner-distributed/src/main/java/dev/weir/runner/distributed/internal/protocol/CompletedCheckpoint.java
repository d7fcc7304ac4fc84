package dev.weir.runner.distributed.internal.protocol;

import dev.weir.sdk.CheckpointMetrics;
import java.util.Objects;

/**
 * A checkpoint a job's coordinator completed: the value of the job's checkpoints topic (the
 * job's checkpoint history, read by clients), keyed by the checkpoint id.
 *
 * @param epoch the epoch whose coordinator completed it; at least 1
 * @param metrics the checkpoint's figures, as the runtime measured them
 */
public record CompletedCheckpoint(long epoch, CheckpointMetrics metrics) {

  /** Validates the fields. */
  public CompletedCheckpoint {
    Objects.requireNonNull(metrics, "metrics of a completed checkpoint");
    String of = " of completed checkpoint " + metrics.checkpointId();
    Checks.atLeast(epoch, 1, "epoch" + of);
    Checks.checkpointId(metrics.checkpointId(), "checkpointId" + of);
    Checks.atLeast(metrics.durationMs(), 0, "durationMs" + of);
    Checks.atLeast(metrics.fullBytes(), 0, "fullBytes" + of);
    Checks.atLeast(metrics.deltaBytes(), 0, "deltaBytes" + of);
  }
}
