package dev.weir.sdk;

import java.util.Map;
import java.util.Objects;

/**
 * Figures of one completed checkpoint.
 *
 * @param checkpointId the checkpoint
 * @param triggerTimestamp when it was triggered (epoch millis)
 * @param durationMs from trigger to the manifest being written
 * @param syncMsMax the longest synchronous part of any subtask
 * @param asyncMsMax the longest asynchronous part of any subtask
 * @param alignmentMsMax the longest barrier alignment of any subtask
 * @param fullBytes bytes written as full snapshots
 * @param deltaBytes bytes written as incremental deltas
 * @param bytesPerStep bytes written, by step
 * @param trigger what started it
 * @param savepoint whether it was taken for a savepoint
 */
public record CheckpointMetrics(long checkpointId, long triggerTimestamp, long durationMs,
    long syncMsMax, long asyncMsMax, long alignmentMsMax, long fullBytes, long deltaBytes,
    Map<String, Long> bytesPerStep, CheckpointTrigger trigger, boolean savepoint) {

  /** Checks that the trigger is present. */
  public CheckpointMetrics {
    Objects.requireNonNull(trigger, "trigger");
  }

  /** The figures of a checkpoint the interval triggered (the form before triggers were reported). */
  public CheckpointMetrics(long checkpointId, long triggerTimestamp, long durationMs,
      long syncMsMax, long asyncMsMax, long alignmentMsMax, long fullBytes, long deltaBytes,
      Map<String, Long> bytesPerStep) {
    this(checkpointId, triggerTimestamp, durationMs, syncMsMax, asyncMsMax, alignmentMsMax,
        fullBytes, deltaBytes, bytesPerStep, CheckpointTrigger.INTERVAL, false);
  }

  /** All bytes this checkpoint wrote. */
  public long bytes() {
    return fullBytes + deltaBytes;
  }

  /**
   * Whether every state was written in full: no step wrote an incremental delta (a delta
   * checkpoint writes the changed keyed state only, on top of an earlier full one).
   */
  public boolean full() {
    return deltaBytes == 0;
  }

  /** These figures with {@code trigger} and {@code savepoint} set. */
  public CheckpointMetrics withTrigger(CheckpointTrigger trigger, boolean savepoint) {
    return new CheckpointMetrics(checkpointId, triggerTimestamp, durationMs, syncMsMax,
        asyncMsMax, alignmentMsMax, fullBytes, deltaBytes, bytesPerStep, trigger, savepoint);
  }
}
