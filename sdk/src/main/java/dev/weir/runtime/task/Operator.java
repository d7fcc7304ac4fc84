package dev.weir.runtime.task;

import dev.weir.runtime.snapshot.OperatorSnapshot;

/**
 * One step's logic inside a task's chain. The task calls it from one thread only.
 *
 * <p>Life cycle: {@link #open}, then any number of records and watermarks, then
 * {@link #endInput} once every input ended (bounded jobs), then {@link #close}. Keyed
 * operators receive the record's key and key group from the exchange.
 */
public interface Operator {

  /** Prepares the operator; {@code context.output()} is where it emits. */
  void open(OperatorContext context);

  /**
   * Processes one record.
   *
   * @param key the record's key for keyed operators, else {@code null}
   * @param keyGroup the key's key group for keyed operators, else {@code -1}
   */
  void processRecord(Object value, long timestamp, Object key, int keyGroup);

  /** Advances event time; the default forwards the watermark. */
  default void processWatermark(long watermark, Output output) {
    output.emitWatermark(watermark);
  }

  /**
   * The earliest processing time at which {@link #onProcessingTime} has work, or
   * {@code Long.MAX_VALUE}.
   */
  default long nextProcessingTime() {
    return Long.MAX_VALUE;
  }

  /** Fires what is due at processing time {@code now}. */
  default void onProcessingTime(long now) {
  }

  /** All inputs ended: flush what waits for more input (fire pending timers, commit). */
  default void endInput() {
  }

  /**
   * The synchronous part of checkpoint {@code checkpointId}, taken on the task thread when
   * the barrier passes: captures the operator's state, or returns {@code null} when it has
   * none.
   */
  default OperatorSnapshot snapshotState(long checkpointId) throws Exception {
    return null;
  }

  /**
   * An estimate of the bytes of state this operator changed since the previous call (for
   * {@code checkpoint.every.state.bytes}); 0 for stateless operators.
   */
  default long takeStateBytesChanged() {
    return 0;
  }

  /** Checkpoint {@code checkpointId} completed (sinks commit what it covers). */
  default void notifyCheckpointComplete(long checkpointId) throws Exception {
  }

  /**
   * Whether {@link #notifyCheckpointComplete} commits output to the outside world (a sink's
   * second phase); the task runs its fault hook {@code beforeCommit} before such an operator.
   */
  default boolean commitsOnCheckpointComplete() {
    return false;
  }

  /** Releases resources; called once, also after a failure. */
  default void close() throws Exception {
  }
}
