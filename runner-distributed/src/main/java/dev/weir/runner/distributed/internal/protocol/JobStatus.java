package dev.weir.runner.distributed.internal.protocol;

import java.util.List;
import java.util.Map;

/**
 * Where a job stands: the value of the compacted status topic, keyed by {@link #jobId()},
 * written by the job's coordinator.
 *
 * @param jobId the job; not blank
 * @param state {@link #STARTING}, {@link #WAITING} or the name of a
 *     {@link dev.weir.sdk.PipelineResult.State}
 * @param epoch the job's current (or last) epoch; at least 0
 * @param restarts how many times the job restarted; at least 0
 * @param latestCheckpointId the newest completed checkpoint, or -1 if none
 * @param failure why the job failed or last restarted; {@code null} if it did not
 * @param updatedAtMillis when the coordinator wrote this status (epoch ms); at least 0
 * @param subtaskWorkers the worker running each subtask, keyed by task ({@code chain#subtask});
 *     copied, sorted by key
 * @param steps the latest record counts of each step in each subtask of the current epoch, in
 *     plan order; copied
 * @param subtasks every subtask of the current epoch (state, backpressure, rates), in plan
 *     order; empty in statuses written before subtasks were reported; copied
 */
public record JobStatus(String jobId, String state, long epoch, int restarts,
    long latestCheckpointId, String failure, long updatedAtMillis,
    Map<String, String> subtaskWorkers, List<dev.weir.sdk.SubtaskMetrics> steps,
    List<SubtaskState> subtasks) {

  /** A status without subtask states (what statuses held before they were reported). */
  public JobStatus(String jobId, String state, long epoch, int restarts,
      long latestCheckpointId, String failure, long updatedAtMillis,
      Map<String, String> subtaskWorkers, List<dev.weir.sdk.SubtaskMetrics> steps) {
    this(jobId, state, epoch, restarts, latestCheckpointId, failure, updatedAtMillis,
        subtaskWorkers, steps, List.of());
  }

  /** A status without record counts. */
  public JobStatus(String jobId, String state, long epoch, int restarts,
      long latestCheckpointId, String failure, long updatedAtMillis,
      Map<String, String> subtaskWorkers) {
    this(jobId, state, epoch, restarts, latestCheckpointId, failure, updatedAtMillis,
        subtaskWorkers, List.of(), List.of());
  }

  /** The state of a job whose first epoch has not started yet. */
  public static final String STARTING = "STARTING";

  /** The state of a job that waits for workers: its subtasks need more slots than there are. */
  public static final String WAITING = "WAITING";

  /** Validates the fields and copies {@code subtaskWorkers}, {@code steps}, {@code subtasks}. */
  public JobStatus {
    Checks.notBlank(jobId, "jobId of a job status");
    String of = " of the status of job '" + jobId + "'";
    Checks.state(state, "state" + of, STARTING, WAITING);
    Checks.atLeast(epoch, 0, "epoch" + of);
    Checks.atLeast(restarts, 0, "restarts" + of);
    Checks.atLeast(latestCheckpointId, -1, "latestCheckpointId" + of);
    Checks.atLeast(updatedAtMillis, 0, "updatedAtMillis" + of);
    subtaskWorkers = Checks.sortedCopy(subtaskWorkers, "subtaskWorkers" + of);
    steps = List.copyOf(steps);
    subtasks = List.copyOf(subtasks);
  }
}
