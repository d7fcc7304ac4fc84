package dev.weir.console;

import dev.weir.sdk.SubtaskStatus;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What the console reads and acts on: the jobs of one place, e.g. the jobs this JVM runs
 * ({@link RegisteredJobs}) or, later, the jobs a distributed cluster reports on its status
 * topics. Every method answers from the job's current status; an unknown id is an empty
 * {@link Optional} (the console answers 404).
 *
 * <h2>Threading</h2>
 * Implementations must be thread-safe: the console calls them from several HTTP threads.
 */
public interface JobSource {

  /** Every job known, oldest first. */
  List<JobSummary> jobs();

  /** The job's state, plan and metrics. */
  Optional<JobDetail> job(String id);

  /** The job's checkpoint history: completed and failed checkpoints, savepoints. */
  Optional<CheckpointHistory> checkpoints(String id);

  /** The job's subtasks, by task in plan order, then by subtask index. */
  Optional<List<SubtaskStatus>> subtasks(String id);

  /**
   * Starts {@code action} on the job. The future completes when the action did what it says
   * (the checkpoint completed, the savepoint is written, the stop was requested, the job was
   * cancelled), or exceptionally with the reason: an {@link IllegalStateException} when the job
   * cannot do it now (it has ended, or takes no checkpoints), anything else when it failed.
   */
  Optional<CompletableFuture<ActionOutcome>> act(String id, JobAction action);
}
