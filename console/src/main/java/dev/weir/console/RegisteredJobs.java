package dev.weir.console;

import dev.weir.sdk.PipelineResult;
import dev.weir.sdk.SubtaskStatus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The jobs of this JVM, as their {@link PipelineResult}s report them: a runner registers each
 * job it starts (the local runner does, with {@code LocalRunner.builder().console(port)}).
 * Jobs stay listed after they ended, as in Flink's list of completed jobs.
 *
 * <h2>Threading</h2>
 * Thread-safe.
 */
public final class RegisteredJobs implements JobSource {

  private final Map<String, Registered> jobs = new LinkedHashMap<>();
  private final Path savepointDirectory;
  private final String runner;

  /**
   * @param savepointDirectory where savepoints go when an action names no directory
   * @param runner the runner's name shown in the job list, e.g. {@code local}
   */
  public RegisteredJobs(Path savepointDirectory, String runner) {
    this.savepointDirectory = Objects.requireNonNull(savepointDirectory, "savepointDirectory");
    this.runner = Objects.requireNonNull(runner, "runner");
  }

  /** One registered job and what the console learned of it. */
  private static final class Registered {
    final PipelineResult result;
    final long startTime = System.currentTimeMillis();
    volatile long endTime = -1;
    final List<CheckpointHistory.SavepointEntry> savepoints = new CopyOnWriteArrayList<>();

    Registered(PipelineResult result) {
      this.result = result;
    }
  }

  /** Lists {@code job} from now on, under its run id. */
  public synchronized void register(PipelineResult job) {
    jobs.putIfAbsent(job.runId(), new Registered(job));
  }

  @Override
  public synchronized List<JobSummary> jobs() {
    List<JobSummary> out = new ArrayList<>();
    jobs.values().forEach(r -> out.add(summary(r)));
    return out;
  }

  private synchronized Optional<Registered> find(String id) {
    return Optional.ofNullable(jobs.get(id));
  }

  private JobSummary summary(Registered r) {
    PipelineResult.State state = r.result.state();
    if (state.isTerminal() && r.endTime < 0) {
      r.endTime = System.currentTimeMillis();
    }
    return new JobSummary(r.result.runId(), r.result.jobName(), state.name(), r.startTime,
        r.endTime, r.result.restarts(), runner);
  }

  @Override
  public Optional<JobDetail> job(String id) {
    return find(id).map(r -> new JobDetail(summary(r), r.result.plan(), r.result.metrics(),
        r.result.failure().map(Throwable::toString)));
  }

  @Override
  public Optional<CheckpointHistory> checkpoints(String id) {
    return find(id).map(r -> new CheckpointHistory(r.result.checkpoints(),
        r.result.failedCheckpoints(), r.savepoints));
  }

  @Override
  public Optional<List<SubtaskStatus>> subtasks(String id) {
    return find(id).map(r -> r.result.subtaskStatus());
  }

  @Override
  public Optional<CompletableFuture<ActionOutcome>> act(String id, JobAction action) {
    return find(id).map(r -> start(r, action));
  }

  private CompletableFuture<ActionOutcome> start(Registered r, JobAction action) {
    PipelineResult job = r.result;
    if (job.state().isTerminal()) {
      return CompletableFuture.failedFuture(new IllegalStateException("job '" + job.jobName()
          + "' (" + job.runId() + ") has ended " + job.state() + ": no " + action.name()));
    }
    try {
      if (action instanceof JobAction.TriggerCheckpoint) {
        return job.triggerCheckpoint().thenApply(n ->
            outcome(job, action, OptionalLong.of(n), null, "checkpoint " + n + " completed"));
      } else if (action instanceof JobAction.Savepoint s) {
        return job.savepoint(s.directory().orElse(savepointDirectory))
            .thenApply(path -> savepointWritten(r, action, path));
      } else if (action instanceof JobAction.Stop s && s.savepoint()) {
        return job.stopWithSavepoint(s.directory().orElse(savepointDirectory))
            .thenApply(path -> savepointWritten(r, action, path));
      } else if (action instanceof JobAction.Stop) {
        job.stop();
        return CompletableFuture.completedFuture(outcome(job, action, OptionalLong.empty(), null,
            "the job is stopping with a final checkpoint"));
      } else {
        return CompletableFuture.supplyAsync(() -> {
          job.cancel();
          return outcome(job, action, OptionalLong.empty(), null, "the job was cancelled");
        }, RegisteredJobs::daemon);
      }
    } catch (RuntimeException e) {
      // e.g. IllegalStateException: the job takes no checkpoints
      return CompletableFuture.failedFuture(e);
    }
  }

  private static void daemon(Runnable r) {
    Thread t = new Thread(r, "weir-console-action");
    t.setDaemon(true);
    t.start();
  }

  private ActionOutcome savepointWritten(Registered r, JobAction action, Path path) {
    long id = checkpointIdOf(path);
    r.savepoints.add(new CheckpointHistory.SavepointEntry(id, path.toString(),
        System.currentTimeMillis()));
    return outcome(r.result, action, id < 0 ? OptionalLong.empty() : OptionalLong.of(id),
        path.toString(), "savepoint written to " + path);
  }

  /** The checkpoint id of a savepoint directory, named {@code savepoint-<job>-<id>}; else -1. */
  static long checkpointIdOf(Path directory) {
    String name = directory.getFileName().toString();
    int dash = name.lastIndexOf('-');
    try {
      return dash < 0 ? -1 : Long.parseLong(name.substring(dash + 1));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static ActionOutcome outcome(PipelineResult job, JobAction action, OptionalLong id,
      String savepoint, String message) {
    return new ActionOutcome(action.name(), job.state().name(), id, Optional.ofNullable(savepoint),
        message);
  }
}
