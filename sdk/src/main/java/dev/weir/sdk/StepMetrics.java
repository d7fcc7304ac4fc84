package dev.weir.sdk;

/**
 * Counters of one step, summed over its subtasks.
 *
 * @param stepName the step
 * @param recordsIn records the step received
 * @param recordsOut records the step emitted on its main and side outputs
 * @param sideOutputDropped records emitted to a side output that no step reads (counted,
 *     never silently lost: read the side output with {@code sideOutput(tag)} to keep them)
 */
public record StepMetrics(String stepName, long recordsIn, long recordsOut, long sideOutputDropped) {
}
