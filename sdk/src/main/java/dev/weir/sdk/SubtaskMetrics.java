package dev.weir.sdk;

/**
 * The record counts of one subtask of one step, as {@link StepMetrics} has them summed over
 * the step's subtasks: shows skew between subtasks (a hot key, an idle partition).
 *
 * <pre>{@code
 * for (SubtaskMetrics s : result.metrics().subtasks("count")) {
 *   System.out.printf("count[%d]: %d in%n", s.subtask(), s.recordsIn());
 * }
 * }</pre>
 *
 * @param stepName the step
 * @param subtask the subtask's index, from 0
 * @param recordsIn records this subtask received (counted since the running attempt started)
 * @param recordsOut records this subtask emitted on its main and side outputs
 * @param watermark this subtask's current event-time watermark, {@link Long#MIN_VALUE} before
 *     the first
 */
public record SubtaskMetrics(String stepName, int subtask, long recordsIn, long recordsOut,
    long watermark) {
}
