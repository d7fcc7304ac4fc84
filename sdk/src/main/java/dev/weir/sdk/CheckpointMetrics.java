package dev.weir.sdk;

import java.util.Map;

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
 */
public record CheckpointMetrics(long checkpointId, long triggerTimestamp, long durationMs,
    long syncMsMax, long asyncMsMax, long alignmentMsMax, long fullBytes, long deltaBytes,
    Map<String, Long> bytesPerStep) {

  /** All bytes this checkpoint wrote. */
  public long bytes() {
    return fullBytes + deltaBytes;
  }
}
