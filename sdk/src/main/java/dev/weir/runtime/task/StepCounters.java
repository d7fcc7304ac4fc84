package dev.weir.runtime.task;

/**
 * Record counters of one step in one subtask. Written by the task thread only (plain
 * fields, no per-record synchronization); other threads read them approximately while the
 * job runs and exactly after the task thread ended.
 */
public final class StepCounters {
  private final String stepName;
  long recordsIn;
  long recordsOut;
  long sideOutputDropped;
  /** The input watermark of a step heading a task with inputs (written by the task thread). */
  volatile long watermark = Long.MIN_VALUE;

  public StepCounters(String stepName) {
    this.stepName = stepName;
  }

  public String stepName() {
    return stepName;
  }

  public long recordsIn() {
    return recordsIn;
  }

  public long recordsOut() {
    return recordsOut;
  }

  /** The step's input watermark, {@code Long.MIN_VALUE} before the first one. */
  public long watermark() {
    return watermark;
  }

  /** Records emitted to side outputs that no step reads. */
  public long sideOutputDropped() {
    return sideOutputDropped;
  }
}
