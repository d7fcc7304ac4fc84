package dev.weir.sdk.fn;

/**
 * Registers and deletes timers for the current key of a {@link KeyedProcessFn}.
 *
 * <p>Timers are per key and per timestamp: registering the same timestamp twice fires once.
 * A timer calls {@link KeyedProcessFn#onTimer} with the key it was registered for.
 *
 * <h2>Checkpointing</h2>
 * Pending timers are part of the step's keyed state and survive a restore.
 *
 * <h2>End of input</h2>
 * When all inputs of a bounded job have ended, time advances to the end: pending
 * event-time and then processing-time timers fire in timestamp order, as in Beam.
 */
public interface TimerService {
  /** The runner's current processing time in epoch milliseconds. */
  long currentProcessingTime();

  /** The current watermark of this subtask, {@code Long.MIN_VALUE} before the first. */
  long currentWatermark();

  /** Fires {@code onTimer} when processing time reaches {@code timestamp}. */
  void registerProcessingTimeTimer(long timestamp);

  /** Deletes a processing-time timer of the current key; no-op when absent. */
  void deleteProcessingTimeTimer(long timestamp);

  /** Fires {@code onTimer} when the watermark passes {@code timestamp}. */
  void registerEventTimeTimer(long timestamp);

  /** Deletes an event-time timer of the current key; no-op when absent. */
  void deleteEventTimeTimer(long timestamp);
}
