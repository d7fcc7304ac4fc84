package dev.weir.sdk;

import java.time.Duration;
import java.util.Optional;

/**
 * A handle on a running or finished job.
 *
 * <pre>{@code
 * PipelineResult result = LocalRunner.create().run(pipeline);
 * result.waitUntilFinish(Duration.ofMinutes(1));   // throws if the job failed
 * long words = result.metrics().step("split").recordsOut();
 * }</pre>
 *
 * <h2>Threading</h2>
 * Thread-safe.
 */
public interface PipelineResult {

  /** The life cycle of a job. */
  enum State {
    /** Tasks are running (or restarting after a failure). */
    RUNNING,
    /** All inputs ended and all output was committed. */
    DONE,
    /**
     * Stopped by {@link #stop()} with a final checkpoint before its input ended, and nothing
     * drained: timers and end-of-input results did not fire. A new run of the job (not started
     * fresh) resumes from that checkpoint exactly.
     */
    STOPPED,
    /** The job failed and will not restart; see {@link #failure()}. */
    FAILED,
    /** The job was cancelled. */
    CANCELLED;

    /** Whether the job has ended in this state. */
    public boolean isTerminal() {
      return this != RUNNING;
    }
  }

  /** The job's name. */
  String jobName();

  /** The current state. */
  State state();

  /**
   * Waits until the job ends or the timeout passes, and returns the state then
   * ({@link State#RUNNING} on timeout).
   *
   * @throws PipelineExecutionException if the job failed; its cause names the failing step
   */
  State waitUntilFinish(Duration timeout);

  /** Waits without a time limit; see {@link #waitUntilFinish(Duration)}. */
  default State waitUntilFinish() {
    return waitUntilFinish(Duration.ofMillis(Long.MAX_VALUE));
  }

  /** Cancels the job; returns when its tasks have stopped. */
  void cancel();

  /**
   * Stops the job with a final checkpoint and returns at once: sources stop reading, the job
   * takes a checkpoint, exactly-once sinks commit it, and the job ends {@link State#STOPPED}.
   * Nothing is drained: timers and open windows stay pending in the checkpoint, so a later run
   * with the same checkpoint store resumes exactly where this one stopped (records read after
   * the checkpoint are read again there). Without a checkpoint store there is nothing to
   * resume from, and {@code stop()} behaves as {@link #drain()}. Does nothing if the job
   * already ended or is stopping; {@link #waitUntilFinish} waits for the end.
   */
  void stop();

  /**
   * Ends the job as if every source's input had ended, and returns at once: the watermark
   * reaches the end of time, so pending event-time timers and windows fire, the job takes the
   * final checkpoint of a bounded job, sinks commit, and the job ends {@link State#DONE}. Use
   * it when the results of incomplete windows are wanted now; a run resumed after a drain
   * starts new windows for the same keys and times.
   */
  void drain();

  /** Why the job failed, once it has. */
  Optional<Throwable> failure();

  /** Per-step metrics. */
  JobMetrics metrics();

  /**
   * Takes a checkpoint now; the future completes with its id when the checkpoint is complete,
   * or exceptionally with a {@link CheckpointException}.
   *
   * @throws IllegalStateException if the job takes no checkpoints (no checkpoint store)
   */
  java.util.concurrent.CompletableFuture<Long> triggerCheckpoint();

  /**
   * Takes a savepoint now: a checkpoint copied out of the checkpoint store into a new directory
   * under {@code directory} ({@code savepoint-<job>-<id>}), self-contained (every blob it needs
   * is a file there), relocatable (the directory can be moved or copied and restored from its
   * new place) and never removed by the store's retention. The job goes on running. A later run
   * restores it with its runner's {@code fromSavepoint} option, also after a change of
   * parallelism (up to the max parallelism), of code, or of steps (see
   * {@code allowNonRestoredState}).
   *
   * <p>The future completes with the savepoint's directory, or exceptionally with the reason
   * (a failed checkpoint, a blob that did not verify, a directory that cannot be written).
   * Runners without savepoints complete it with an {@link UnsupportedOperationException}.
   *
   * @throws IllegalStateException if the job takes no checkpoints (no checkpoint store)
   */
  default java.util.concurrent.CompletableFuture<java.nio.file.Path> savepoint(
      java.nio.file.Path directory) {
    return java.util.concurrent.CompletableFuture.failedFuture(new UnsupportedOperationException(
        "savepoints are not offered by " + getClass().getSimpleName() + " yet"));
  }

  /**
   * {@link #stop()} with a savepoint: the stop's final checkpoint is saved as
   * {@link #savepoint(java.nio.file.Path)} saves one, then the job ends {@link State#STOPPED}
   * without draining (timers and open windows stay pending in the savepoint). The future
   * completes with the savepoint's directory once it is written, or exceptionally if the job
   * ended otherwise (failed, cancelled, or its input ended first).
   *
   * @throws IllegalStateException if the job takes no checkpoints (no checkpoint store)
   */
  default java.util.concurrent.CompletableFuture<java.nio.file.Path> stopWithSavepoint(
      java.nio.file.Path directory) {
    return java.util.concurrent.CompletableFuture.failedFuture(new UnsupportedOperationException(
        "savepoints are not offered by " + getClass().getSimpleName() + " yet"));
  }

  /** Figures of the checkpoints completed so far, oldest first. */
  java.util.List<CheckpointMetrics> checkpoints();

  /**
   * Checkpoints that were triggered and aborted, oldest first, with their reasons (the most
   * recent ones; a runner keeps a bounded history). Runners that do not record them return an
   * empty list.
   */
  default java.util.List<CheckpointFailure> failedCheckpoints() {
    return java.util.List.of();
  }

  /**
   * The state of every subtask of the running attempt (empty before the first attempt and on
   * runners that do not report it), by task in plan order, then by subtask index.
   */
  default java.util.List<SubtaskStatus> subtaskStatus() {
    return java.util.List.of();
  }

  /** The job's physical plan (steps, chains, exchanges), if the runner reports it. */
  default Optional<JobPlan> plan() {
    return Optional.empty();
  }

  /** How often the job restarted after a failure. */
  int restarts();

  /**
   * The id of this run: one start of the job, kept across its restarts and written into every
   * checkpoint manifest it takes (see {@code CheckpointManifest.runId()}).
   */
  String runId();

  /**
   * The checkpoint each attempt restored, oldest attempt first; attempts that started from
   * empty state are absent (so a run that never restored returns an empty list).
   */
  java.util.List<Long> restoredCheckpointIds();

  /**
   * For each restart, the milliseconds from the failure to the first record a task of the
   * next attempt processed (known once that attempt processed a record), oldest first.
   */
  java.util.List<Long> recoveryMillis();
}
