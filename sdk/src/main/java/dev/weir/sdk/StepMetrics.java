package dev.weir.sdk;

/**
 * Counters of one step, summed over its subtasks.
 *
 * @param stepName the step
 * @param recordsIn records the step received
 * @param recordsOut records the step emitted on its main and side outputs
 */
public record StepMetrics(String stepName, long recordsIn, long recordsOut) {
}
