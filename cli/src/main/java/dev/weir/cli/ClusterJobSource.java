package dev.weir.cli;

import dev.weir.console.ActionOutcome;
import dev.weir.console.CheckpointHistory;
import dev.weir.console.JobAction;
import dev.weir.console.JobDetail;
import dev.weir.console.JobSource;
import dev.weir.console.JobSummary;
import dev.weir.console.RegisteredJobs;
import dev.weir.runner.distributed.DistributedRunner;
import dev.weir.sdk.SubtaskStatus;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The jobs of a Weir cluster for the web console: every job of the cluster's status topic, each
 * answered by its {@link dev.weir.runner.distributed.DistributedJob} (state, metrics with rates
 * and backpressure, subtasks with their workers, checkpoint history from the job's checkpoints
 * topic; checkpoint, savepoint, stop and cancel as requests to the job's coordinator). The
 * console's own bookkeeping (savepoints taken through it, when it first saw a job end) is
 * {@link RegisteredJobs}'s: each job the status topic names is registered once, when the
 * console first lists or is asked about it.
 *
 * <h2>Threading</h2>
 * Thread-safe.
 */
final class ClusterJobSource implements JobSource {
  private final DistributedRunner runner;
  private final RegisteredJobs registered;

  /**
   * @param runner the cluster's client; the caller closes it
   * @param savepointDirectory where savepoints go when an action names no directory
   */
  ClusterJobSource(DistributedRunner runner, Path savepointDirectory) {
    this.runner = Objects.requireNonNull(runner, "runner");
    this.registered = new RegisteredJobs(savepointDirectory, "distributed");
  }

  /** Registers every job the status topic names now (registering again does nothing). */
  private void refresh() {
    runner.jobs().keySet().forEach(id -> registered.register(runner.job(id)));
  }

  /** The registered answer, after a refresh if the job is not registered yet. */
  private <T> Optional<T> known(String id, java.util.function.Function<String, Optional<T>> get) {
    Optional<T> answer = get.apply(id);
    if (answer.isEmpty()) {
      refresh();
      answer = get.apply(id);
    }
    return answer;
  }

  @Override
  public List<JobSummary> jobs() {
    refresh();
    return registered.jobs();
  }

  @Override
  public Optional<JobDetail> job(String id) {
    return known(id, registered::job);
  }

  @Override
  public Optional<CheckpointHistory> checkpoints(String id) {
    return known(id, registered::checkpoints);
  }

  @Override
  public Optional<List<SubtaskStatus>> subtasks(String id) {
    return known(id, registered::subtasks);
  }

  @Override
  public Optional<CompletableFuture<ActionOutcome>> act(String id, JobAction action) {
    return known(id, i -> registered.act(i, action));
  }
}
