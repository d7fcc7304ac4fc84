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

  /** Records emitted to side outputs that no step reads. */
  public long sideOutputDropped() {
    return sideOutputDropped;
  }
}
