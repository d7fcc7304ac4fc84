package dev.weir.sdk;

import java.util.List;

/**
 * The state of one subtask of one task (a chain of steps) of a running job, as
 * {@link PipelineResult#subtaskStatus()} reports it.
 *
 * @param task the task's name (the name of its first step)
 * @param steps the steps chained in the task, first step first
 * @param subtask the subtask's index, from 0
 * @param worker where it runs: {@code "local"} on the local runner, a worker's name on the
 *     distributed runner
 * @param state its life-cycle state, e.g. {@code RUNNING}, {@code INPUT_ENDED}, {@code ENDED}
 * @param restarts how often the subtask was started again after a failure
 * @param recordsIn records its first step received in the running attempt
 * @param recordsOut records its last step emitted in the running attempt
 * @param backpressureRatio the share of the last second (0 to 1) it waited for room in a
 *     full output channel
 */
public record SubtaskStatus(String task, List<String> steps, int subtask, String worker,
    String state, int restarts, long recordsIn, long recordsOut, double backpressureRatio) {

  /** Copies the step list. */
  public SubtaskStatus {
    steps = List.copyOf(steps);
  }
}
