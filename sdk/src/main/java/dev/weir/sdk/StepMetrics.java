package dev.weir.sdk;

/**
 * Counters of one step, summed over its subtasks.
 *
 * <pre>{@code
 * StepMetrics m = result.metrics().step("perMinute");
 * long late = m.sideOutputDropped();   // e.g. too-late records of a window step nobody reads
 * }</pre>
 *
 * @param stepName the step
 * @param recordsIn records the step received
 * @param recordsOut records the step emitted on its main and side outputs
 * @param sideOutputDropped records emitted on side outputs that no step reads (a window
 *     step's too-late records when its late output is not read)
 * @param watermark the step's input watermark, the minimum over its subtasks; only for steps
 *     that head a task with inputs, else {@code Long.MIN_VALUE}
 */
public record StepMetrics(String stepName, long recordsIn, long recordsOut, long sideOutputDropped,
    long watermark) {

  /** Record counts only. */
  public StepMetrics(String stepName, long recordsIn, long recordsOut) {
    this(stepName, recordsIn, recordsOut, 0, Long.MIN_VALUE);
  }
}
