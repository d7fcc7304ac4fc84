package dev.weir.runner.distributed;

import dev.weir.runner.distributed.internal.protocol.FailureText;
import dev.weir.runner.distributed.internal.protocol.JobRequest;
import dev.weir.runner.distributed.internal.protocol.JobStatus;
import dev.weir.sdk.CheckpointMetrics;
import dev.weir.sdk.JobMetrics;
import dev.weir.sdk.PipelineExecutionException;
import dev.weir.sdk.PipelineResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A job running on a Weir cluster, as its submitter sees it: state, restarts, latest checkpoint
 * and failure come from the cluster's status topic (written by the job's coordinator), so the
 * handle works from any process, also after the submitter restarted
 * ({@link DistributedRunner#job(String)}).
 *
 * <p>Not yet offered on the distributed runner: {@link #drain()} throws
 * {@link UnsupportedOperationException} (see docs/distributed.md).
 */
public final class DistributedJob implements PipelineResult {
  private final DistributedRunner runner;
  private final String jobId;

  /** The job's plan once known (it does not change for the life of the job). */
  private volatile dev.weir.sdk.JobPlan plan;

  DistributedJob(DistributedRunner runner, String jobId) {
    this.runner = runner;
    this.jobId = jobId;
  }

  /**
   * The job's physical plan (steps, chains, exchanges, parallelism), planned in this process
   * from the job's definition when the job's class is on this process's classpath, as its
   * submitter and workers plan it; empty for a job submitted with a jar, a job whose class is
   * not here, or one that ended or was cancelled before this handle first asked.
   */
  @Override
  public Optional<dev.weir.sdk.JobPlan> plan() {
    dev.weir.sdk.JobPlan known = plan;
    if (known == null) {
      known = runner.plan(jobId).orElse(null);
      plan = known;
    }
    return Optional.ofNullable(known);
  }

  /** The job id (the job name plus a random suffix). */
  @Override
  public String jobName() {
    return jobId;
  }

  /** The latest status written by the job's coordinator, if any yet. */
  Optional<JobStatus> status() {
    return runner.status(jobId);
  }

  /** The id of the latest completed checkpoint, or -1. */
  public long latestCheckpointId() {
    return status().map(JobStatus::latestCheckpointId).orElse(-1L);
  }

  /** The job's current epoch (one per rebalance of its workers), or 0 before it started. */
  public long epoch() {
    return status().map(JobStatus::epoch).orElse(0L);
  }

  /** Which worker runs each subtask (and the coordinator) in the current epoch. */
  public Map<String, String> placement() {
    return status().map(JobStatus::subtaskWorkers).orElse(Map.of());
  }

  @Override
  public State state() {
    Optional<JobStatus> s = status();
    if (s.isEmpty()) {
      return State.RUNNING;
    }
    return switch (s.get().state()) {
      case "DONE" -> State.DONE;
      case "FAILED", "REFUSED_BY_WORKER" -> State.FAILED;
      case "CANCELLED" -> State.CANCELLED;
      case "STOPPED" -> State.STOPPED;
      default -> State.RUNNING;
    };
  }

  @Override
  public State waitUntilFinish(Duration timeout) {
    long deadline = System.nanoTime() + Math.min(timeout.toNanos(), Long.MAX_VALUE / 2);
    State st = state();
    while (!st.isTerminal()) {
      long left = (deadline - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        return st;
      }
      try {
        runner.statusView().awaitChange(Math.min(left, 500));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return st;
      }
      st = state();
    }
    if (st == State.FAILED) {
      throw new PipelineExecutionException(jobId, failure().orElse(null));
    }
    return st;
  }

  @Override
  public void cancel() {
    if (state().isTerminal()) {
      return;
    }
    runner.cancel(jobId);
    waitUntilFinish(Duration.ofSeconds(60));
  }

  /**
   * Asks the job's coordinator to stop the job and returns once the request is written:
   * sources stop reading, the job takes a final checkpoint, sinks commit it, and the job ends
   * {@link State#STOPPED} without draining. A job submitted later from the job's checkpoint
   * (or savepoint) goes on from there. The request is served again by the coordinator of a
   * later epoch if the job rolls back meanwhile. Does nothing if the job has ended.
   */
  @Override
  public void stop() {
    if (!state().isTerminal()) {
      runner.requestStop(jobId, false);
    }
  }

  /**
   * {@link #stop()} with a savepoint: the stop's final checkpoint is marked as a savepoint in
   * the cluster's store and, once the job is {@link State#STOPPED}, copied by this client into
   * a new directory under {@code directory}, as {@link #savepoint} does. Completes with that
   * directory, or exceptionally if the job ended otherwise (its input ended first, it failed or
   * was cancelled) or did not stop within 2 minutes.
   */
  @Override
  public CompletableFuture<java.nio.file.Path> stopWithSavepoint(java.nio.file.Path directory) {
    java.util.Objects.requireNonNull(directory, "directory");
    if (state().isTerminal()) {
      return CompletableFuture.failedFuture(new IllegalStateException("job '" + jobId
          + "' is over (" + state() + "): no stop savepoint"));
    }
    runner.requestStop(jobId, true);
    return CompletableFuture.supplyAsync(() -> {
      State end = waitUntilFinish(DistributedRunner.REQUEST_TIMEOUT);
      if (end != State.STOPPED) {
        throw new java.util.concurrent.CompletionException(new IllegalStateException("job '"
            + jobId + "' " + (end.isTerminal() ? "ended " + end : "did not stop within "
            + DistributedRunner.REQUEST_TIMEOUT.toSeconds() + " s") + ": no stop savepoint"));
      }
      return runner.exportSavepoint(jobId, latestCheckpointId(), directory);
    }, runnable -> {
      Thread t = new Thread(runnable, "weir-stop-savepoint-" + jobId);
      t.setDaemon(true);
      t.start();
    });
  }

  @Override
  public void drain() {
    throw new UnsupportedOperationException("drain is not offered by the distributed runner yet");
  }

  /**
   * Why the job failed, once it is FAILED: for a failed user function a
   * {@link dev.weir.sdk.UserFunctionException} naming the step and subtask (its cause a
   * {@link RemoteFailureException} with what the function threw), else a
   * {@link dev.weir.sdk.WeirException} with the reason the job's coordinator recorded.
   */
  @Override
  public Optional<Throwable> failure() {
    if (state() != State.FAILED) {
      return Optional.empty();
    }
    Throwable failure = status().map(JobStatus::failure).<Throwable>map(FailureText::parse)
        .orElseGet(() -> new dev.weir.sdk.WeirException("job '" + jobId + "' failed without a "
            + "recorded reason; see the logs of its workers"));
    return Optional.of(failure);
  }

  /**
   * The record counts, rates, watermarks and backpressure of every step and subtask of the
   * job's current (or last) epoch, as its tasks last reported them to its coordinator (every
   * second while they run, exactly when they end), read from the status topic: approximate and
   * up to about two seconds old while the job runs, exact once it is DONE or STOPPED. Counts
   * start again at each epoch (after a restart they count from the restored checkpoint). A
   * step's rates are the sums over its subtasks of their rates over their last reporting
   * interval (about a second; 0 once a subtask ended); its backpressure ratio is the largest of
   * its subtasks' (the share of that interval in which the subtask's task waited for its
   * readers, see docs/distributed.md). Side-output drops are not reported (0).
   */
  @Override
  public JobMetrics metrics() {
    return status().map(StatusViews::metrics).orElseGet(() -> new JobMetrics(Map.of()));
  }

  /**
   * Every subtask of the job's current (or last) epoch, in plan order: its chain's steps, the
   * worker that runs it, its state ({@code RUNNING}, {@code INPUT_ENDED}, {@code ENDED},
   * {@code FAILED}), the job's restarts (a rollback restarts every subtask), the records its
   * first step received and its last step emitted in this epoch, and its backpressure ratio.
   * Empty before the job's first epoch started (and for a job whose coordinator ran a Weir that
   * did not report subtasks).
   */
  @Override
  public List<dev.weir.sdk.SubtaskStatus> subtaskStatus() {
    return status().map(StatusViews::subtasks).orElse(List.of());
  }

  /**
   * Asks the job's coordinator for a checkpoint now; completes with the id of the first
   * checkpoint that completes after the request (within 2 minutes), or exceptionally if the job
   * ends first.
   */
  @Override
  public CompletableFuture<Long> triggerCheckpoint() {
    return runner.request(jobId, JobRequest.Kind.CHECKPOINT);
  }

  /**
   * Asks the job's coordinator for a savepoint now: a checkpoint whose manifest is marked as a
   * savepoint in the cluster's store (so its retention keeps it), then copied by this client
   * into a new directory under {@code directory} (on the client's machine), self-contained and
   * relocatable like the local runner's. The job goes on.
   */
  @Override
  public CompletableFuture<java.nio.file.Path> savepoint(java.nio.file.Path directory) {
    java.util.Objects.requireNonNull(directory, "directory");
    return runner.request(jobId, JobRequest.Kind.SAVEPOINT)
        .thenApply(id -> runner.exportSavepoint(jobId, id, directory));
  }

  /**
   * The job's completed checkpoints, oldest first, across all its epochs (read from the job's
   * checkpoints topic on each call).
   */
  @Override
  public List<CheckpointMetrics> checkpoints() {
    return runner.checkpointHistory(jobId);
  }

  @Override
  public int restarts() {
    return status().map(JobStatus::restarts).orElse(0);
  }

  @Override
  public String runId() {
    return jobId;
  }

  @Override
  public List<Long> restoredCheckpointIds() {
    return List.of();
  }

  @Override
  public List<Long> recoveryMillis() {
    return List.of();
  }

  @Override
  public String toString() {
    return "DistributedJob(" + jobId + ", " + status().map(JobStatus::state).orElse("SUBMITTED") + ")";
  }
}
