package dev.weir.sdk;

/**
 * Counters of one step, summed over its subtasks, with its current rates.
 *
 * <pre>{@code
 * StepMetrics m = result.metrics().step("perMinute");
 * long late = m.sideOutputDropped();   // e.g. too-late records of a window step nobody reads
 * double busy = m.backpressureRatio(); // 0.9: its task waits for downstream 90% of the time
 * }</pre>
 *
 * @param stepName the step
 * @param recordsIn records the step received
 * @param recordsOut records the step emitted on its main and side outputs
 * @param sideOutputDropped records emitted on side outputs that no step reads (a window
 *     step's too-late records when its late output is not read)
 * @param watermark the step's input watermark, the minimum over its subtasks; only for steps
 *     that head a task with inputs, else {@code Long.MIN_VALUE}
 * @param recordsInPerSecond records received per second, over about the last second between
 *     two reads of the metrics (0 when the runner has no earlier reading of this attempt)
 * @param recordsOutPerSecond records emitted per second, over the same time
 * @param backpressureRatio the share of that time (0 to 1) in which a subtask of the step's
 *     task waited for room in a full output channel (backpressure from downstream); the
 *     largest over its subtasks, as Flink shows it
 */
public record StepMetrics(String stepName, long recordsIn, long recordsOut, long sideOutputDropped,
    long watermark, double recordsInPerSecond, double recordsOutPerSecond,
    double backpressureRatio) {

  /** Counters without rates (the form before rates were reported). */
  public StepMetrics(String stepName, long recordsIn, long recordsOut, long sideOutputDropped,
      long watermark) {
    this(stepName, recordsIn, recordsOut, sideOutputDropped, watermark, 0, 0, 0);
  }

  /** Record counts only. */
  public StepMetrics(String stepName, long recordsIn, long recordsOut) {
    this(stepName, recordsIn, recordsOut, 0, Long.MIN_VALUE);
  }

  /** These counters with the given rates. */
  public StepMetrics withRates(double inPerSecond, double outPerSecond, double backpressure) {
    return new StepMetrics(stepName, recordsIn, recordsOut, sideOutputDropped, watermark,
        inPerSecond, outPerSecond, backpressure);
  }
}
