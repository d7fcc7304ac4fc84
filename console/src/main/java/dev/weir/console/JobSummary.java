package dev.weir.console;

/**
 * A line of the job list.
 *
 * @param id the job's id (on the local runner, the run id: one per start of a job)
 * @param name the job's name
 * @param state {@code RUNNING}, {@code DONE}, {@code STOPPED}, {@code FAILED} or
 *     {@code CANCELLED}
 * @param startTime when the console learned of the job (epoch millis)
 * @param endTime when the console first saw it ended (epoch millis), or -1 while it runs
 * @param restarts how often it restarted after a failure
 * @param runner which runner runs it, e.g. {@code local}
 */
public record JobSummary(String id, String name, String state, long startTime, long endTime,
    int restarts, String runner) {
}
