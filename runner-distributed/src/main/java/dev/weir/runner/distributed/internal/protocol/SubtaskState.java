package dev.weir.runner.distributed.internal.protocol;

import dev.weir.runtime.checkpoint.TaskId;
import java.util.List;
import java.util.Objects;

/**
 * One subtask of a job's current epoch as its coordinator sees it: part of {@link JobStatus}.
 *
 * @param task the subtask
 * @param state {@link #RUNNING}, {@link #INPUT_ENDED}, {@link #ENDED} or {@link #FAILED}
 * @param backpressureRatio the share (0 to 1) of its last reporting interval in which it
 *     waited for room in an output channel
 * @param rates the rates of each step of its chain, first step first; copied
 */
public record SubtaskState(TaskId task, String state, double backpressureRatio,
    List<StepRate> rates) {

  /** The subtask runs (also before its first report of the epoch). */
  public static final String RUNNING = "RUNNING";
  /** The subtask's input ended; it waits for the final checkpoint. */
  public static final String INPUT_ENDED = "INPUT_ENDED";
  /** The subtask ended (its input ended and the final checkpoint completed, or it stopped). */
  public static final String ENDED = "ENDED";
  /** The subtask failed; the job rolls back. */
  public static final String FAILED = "FAILED";

  /** Validates the fields and copies {@code rates}. */
  public SubtaskState {
    Objects.requireNonNull(task, "task of a subtask state");
    Objects.requireNonNull(state, "state of subtask " + task);
    if (!List.of(RUNNING, INPUT_ENDED, ENDED, FAILED).contains(state)) {
      throw new IllegalArgumentException("state of subtask " + task + " must be one of "
          + List.of(RUNNING, INPUT_ENDED, ENDED, FAILED) + ", was '" + state + "'");
    }
    Checks.ratio(backpressureRatio, "backpressureRatio of subtask " + task);
    rates = List.copyOf(rates);
  }
}
