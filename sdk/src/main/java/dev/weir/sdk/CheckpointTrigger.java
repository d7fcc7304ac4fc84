package dev.weir.sdk;

/**
 * What started a checkpoint, as {@link CheckpointMetrics#trigger()} and
 * {@link CheckpointFailure#trigger()} report it.
 */
public enum CheckpointTrigger {
  /** The checkpoint interval ({@code checkpoint.interval.ms}) elapsed. */
  INTERVAL,
  /** The sources read {@code checkpoint.every.records} records since the last trigger. */
  RECORDS,
  /** The state changed by {@code checkpoint.every.state.bytes} bytes since the last trigger. */
  STATE_BYTES,
  /** {@link PipelineResult#triggerCheckpoint()} asked for it. */
  ON_DEMAND,
  /** A savepoint was asked for ({@link PipelineResult#savepoint}). */
  SAVEPOINT,
  /** The stop of the job ({@link PipelineResult#stop()}) takes it. */
  STOP,
  /** The final checkpoint of a job whose input ended. */
  FINAL
}
