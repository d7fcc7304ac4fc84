package dev.weir.runtime.checkpoint;

import dev.weir.sdk.checkpoint.CheckpointConfig;

import java.util.Objects;

/**
 * Decides when the next automatic checkpoint is due: now, at a known time, or only after an
 * event (more records, more state bytes, a checkpoint ending).
 *
 * <p>A pure decision: the same {@link Inputs} always give the same {@link Decision}. Rules:
 * nothing triggers while {@link CheckpointConfig#maxConcurrent()} checkpoints are in flight, or
 * while any is in flight if a minimum pause is set; the periodic trigger is due
 * {@code intervalMs} after the last trigger; the count triggers are due once their counter
 * reaches the threshold; whatever is due waits until {@code minPauseMs} after the last completion.
 * On-demand checkpoints do not ask this policy.
 */
public final class CheckpointTriggerPolicy {

  /** Marks a time that has not happened yet (no trigger or no completion so far). */
  public static final long NEVER = Long.MIN_VALUE;

  /** What made a checkpoint due. */
  public enum TriggerReason { INTERVAL, RECORDS, STATE_BYTES }

  /** The answer of {@link #decide(Inputs)}. */
  public sealed interface Decision permits TriggerNow, WaitUntil, WaitForEvent { }

  /** Trigger a checkpoint now. */
  public record TriggerNow(TriggerReason reason) implements Decision { }

  /** Nothing is due before {@code timeMillis}; ask again then (or on an earlier event). */
  public record WaitUntil(long timeMillis) implements Decision { }

  /** Nothing is due until a counter grows or an in-flight checkpoint ends. */
  public record WaitForEvent() implements Decision { }

  /**
   * What the policy looks at.
   *
   * @param now the current time in epoch millis
   * @param lastTriggerTime the last trigger (or coordinator start), or {@link #NEVER}
   * @param lastCompletionTime the last completed checkpoint, or {@link #NEVER}
   * @param recordsSinceTrigger records read by the sources since the last trigger
   * @param stateBytesSinceTrigger bytes of state change reported since the last trigger
   * @param inFlight checkpoints triggered and not yet ended
   */
  public record Inputs(long now, long lastTriggerTime, long lastCompletionTime,
      long recordsSinceTrigger, long stateBytesSinceTrigger, int inFlight) { }

  private final CheckpointConfig config;

  /** A policy applying the trigger settings of {@code config}. */
  public CheckpointTriggerPolicy(CheckpointConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /** Decides for {@code in}; see the class comment for the rules. */
  public Decision decide(Inputs in) {
    Objects.requireNonNull(in, "in");
    if (!config.hasAutomaticTrigger()
        || in.inFlight() >= config.maxConcurrent()
        || (config.minPauseMs() > 0 && in.inFlight() > 0)) {
      return new WaitForEvent();
    }
    TriggerReason reason = null;
    long dueAt = Long.MAX_VALUE;
    if (config.everyRecords() > 0 && in.recordsSinceTrigger() >= config.everyRecords()) {
      reason = TriggerReason.RECORDS;
      dueAt = in.now();
    } else if (config.everyStateBytes() > 0
        && in.stateBytesSinceTrigger() >= config.everyStateBytes()) {
      reason = TriggerReason.STATE_BYTES;
      dueAt = in.now();
    } else if (config.intervalMs() > 0) {
      reason = TriggerReason.INTERVAL;
      dueAt = in.lastTriggerTime() == NEVER
          ? in.now() : saturatedAdd(in.lastTriggerTime(), config.intervalMs());
    }
    if (reason == null) {
      return new WaitForEvent();
    }
    long notBefore = in.lastCompletionTime() == NEVER
        ? Long.MIN_VALUE : saturatedAdd(in.lastCompletionTime(), config.minPauseMs());
    long at = Math.max(dueAt, notBefore);
    return at <= in.now() ? new TriggerNow(reason) : new WaitUntil(at);
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
  }
}
