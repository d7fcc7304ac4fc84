package dev.weir.runtime.task;

import dev.weir.sdk.spi.FaultInjector;

import dev.weir.sdk.WeirException;
import dev.weir.sdk.io.DeadLetter;
import dev.weir.sdk.io.SourceOutput;

/**
 * What a source's reader emits into, adapted to the head of its chain: counts records (and
 * gives the fault injector its say before each), passes on only watermarks that advance or end
 * an idle spell, turns {@link #markIdle()} into the idle marker, and routes dead letters to their
 * side output when the source declared that it sends them. Used by the task thread only.
 */
final class SourceEmitter implements SourceOutput<Object> {

  private final String stepName;
  private final int subtask;
  private final boolean emitsDeadLetters;
  private final NodeOutput out;
  private final StepCounters counters;
  private final FaultInjector faults;
  private long watermark = Long.MIN_VALUE;
  private boolean idle;

  /**
   * @param faults the active fault injector, or {@code null} when none is active
   */
  SourceEmitter(String stepName, int subtask, boolean emitsDeadLetters, NodeOutput out,
      StepCounters counters, FaultInjector faults) {
    this.stepName = stepName;
    this.subtask = subtask;
    this.emitsDeadLetters = emitsDeadLetters;
    this.out = out;
    this.counters = counters;
    this.faults = faults;
  }

  @Override
  public void emit(Object value) {
    emit(value, Long.MIN_VALUE);
  }

  @Override
  public void emit(Object value, long timestamp) {
    if (faults != null) {
      faults.beforeRecord(stepName, subtask, counters.recordsIn);
    }
    counters.recordsIn++;
    out.emit(value, timestamp);
  }

  @Override
  public void emitWatermark(long wm) {
    if (wm >= Watermark.IDLE) {
      throw new IllegalArgumentException("source step '" + stepName + "' emitted watermark "
          + wm + ", which is reserved; the largest watermark is " + (Watermark.IDLE - 1));
    }
    if (wm > watermark || idle && wm == watermark && wm != Long.MIN_VALUE) {
      watermark = wm;
      idle = false;
      out.emitWatermark(wm);
    }
  }

  @Override
  public void markIdle() {
    if (!idle) {
      idle = true;
      out.emitWatermark(Watermark.IDLE);
    }
  }

  @Override
  public void deadLetter(DeadLetter letter) {
    if (!emitsDeadLetters) {
      throw new WeirException("source step '" + stepName + "' sent a dead letter, but its "
          + "source says it sends none (Source.emitsDeadLetters() is false): " + letter.describe(),
          null, stepName, subtask);
    }
    out.emitSide(DeadLetter.TAG, letter, letter.timestamp());
  }
}
