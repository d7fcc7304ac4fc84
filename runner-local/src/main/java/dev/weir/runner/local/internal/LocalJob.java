package dev.weir.runner.local.internal;

import dev.weir.runtime.checkpoint.AttemptCheckpoints;
import dev.weir.sdk.checkpoint.CheckpointConfig;
import dev.weir.sdk.CheckpointFailureReason;
import dev.weir.runtime.checkpoint.CheckpointIdCounter;
import dev.weir.runtime.checkpoint.RestoreLoader;
import dev.weir.runtime.checkpoint.RestoreScope;
import dev.weir.runtime.failure.RestartPolicy;
import dev.weir.runtime.graph.PipelineImpl;
import dev.weir.runtime.plan.PhysicalPlan;
import dev.weir.sdk.spi.FaultInjector;
import dev.weir.runtime.task.MetricsSampler;
import dev.weir.runtime.task.Task;
import dev.weir.runtime.task.TaskServices;
import dev.weir.runtime.time.SystemScheduler;
import dev.weir.sdk.CheckpointFailure;
import dev.weir.sdk.CheckpointMetrics;
import dev.weir.sdk.CheckpointTrigger;
import dev.weir.sdk.SubtaskStatus;
import dev.weir.sdk.JobMetrics;
import dev.weir.sdk.PipelineExecutionException;
import dev.weir.sdk.PipelineResult;
import dev.weir.sdk.RestartStrategy;
import dev.weir.sdk.checkpoint.CheckpointManifest;
import dev.weir.sdk.checkpoint.CheckpointStore;
import dev.weir.sdk.checkpoint.IncompatibleStateException;
import dev.weir.sdk.spi.Savepoint;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A job on the local runner. A driver thread runs attempts: each restores the latest
 * checkpoint that verifies (if the job has a store), runs every task, and ends when all
 * finished (after the final checkpoint) or at the first failure; a failure restarts the job
 * under the restart strategy, or fails it.
 *
 * <p>About 610 lines: the driver loop and the calls other threads make (stop, drain, cancel,
 * triggerCheckpoint, savepoint, stopWithSavepoint, and the status a console reads) share the
 * job's volatile state and its attempt; the savepoint's format and copy live in {@code Savepoint}. The decisions live in the
 * runtime: which checkpoint to restore ({@code RestoreScope}, {@code RestoreLoader}), whether
 * to restart ({@code RestartPolicy}), the checkpoint side of an attempt
 * ({@code AttemptCheckpoints}) and the metrics ({@code JobMetricsAssembler}).
 */
public final class LocalJob implements PipelineResult {
  private static final Logger LOG = LoggerFactory.getLogger(LocalJob.class);

  /** What the runner configured for this job. */
  public record Config(int batchSize, int channelCapacity, Clock clock, CheckpointStore store,
      RestartStrategy restartStrategy, boolean startFresh, boolean allowNonRestoredState,
      FaultInjector faults, int asyncThreads, boolean snapshotWarmup, Path fromSavepoint,
      java.util.Map<String, String> renamedSteps) {
  }

  /** A stop-with-savepoint in progress: where to write it, and who waits for it. */
  private record StopSavepoint(Path directory, CompletableFuture<Path> done) {
  }

  private final PipelineImpl pipeline;
  private final PhysicalPlan plan;
  private final Config config;
  /** Which checkpoints this run's attempts may restore; only the driver thread uses it. */
  private final RestoreScope restoreScope;
  private final RestartPolicy restartPolicy;
  private final CheckpointConfig checkpointConfig;
  private final CountDownLatch done = new CountDownLatch(1);
  private final CountDownLatch cancelSignal = new CountDownLatch(1);
  private final Thread driver;
  private final List<CheckpointMetrics> checkpoints = new CopyOnWriteArrayList<>();
  /** The most recent aborted checkpoints, at most {@link #FAILED_CHECKPOINTS_KEPT}. */
  private final java.util.Deque<CheckpointFailure> failedCheckpoints =
      new java.util.concurrent.ConcurrentLinkedDeque<>();
  private static final int FAILED_CHECKPOINTS_KEPT = 100;
  private final MetricsSampler sampler = new MetricsSampler();
  private final dev.weir.sdk.JobPlan description;
  private final AtomicInteger restarts = new AtomicInteger();
  private final List<Long> restoredIds = new CopyOnWriteArrayList<>();
  private final List<Long> recoveryMillis = new CopyOnWriteArrayList<>();
  private volatile long lastFailureNanos;
  /** One thread for retention passes, so they never run concurrently and never block a checkpoint. */
  private final ExecutorService retention = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "weir-retention");
    t.setDaemon(true);
    return t;
  });
  private volatile State state = State.RUNNING;
  private volatile Throwable failure;
  private volatile boolean cancelRequested;
  private volatile boolean stopRequested;
  private volatile boolean drainRequested;
  /** Set once the stop checkpoint is committed: the cancelled attempt ends the job DONE. */
  private volatile boolean stopCompleted;
  private volatile LocalAttempt attempt;
  private volatile CompletableFuture<AttemptCheckpoints> attemptCheckpoints = new CompletableFuture<>();
  /** The savepoint the run starts from, or null. */
  private final Savepoint fromSavepoint;
  /** The savepoint's manifest with the configured step renames applied, or null. */
  private final CheckpointManifest savepointManifest;
  private volatile StopSavepoint stopSavepoint;

  public LocalJob(PipelineImpl pipeline, PhysicalPlan plan, Config config) {
    this.pipeline = pipeline;
    this.plan = plan;
    this.config = config;
    this.checkpointConfig = CheckpointConfig.fromMap(pipeline.options().settings());
    String runId = java.util.UUID.randomUUID().toString();
    if (config.fromSavepoint() == null) {
      if (!config.renamedSteps().isEmpty()) {
        throw new IllegalArgumentException("job '" + plan.jobName() + "': renameStep "
            + config.renamedSteps() + " maps the state of a savepoint; set fromSavepoint too");
      }
      this.fromSavepoint = null;
      this.savepointManifest = null;
    } else {
      this.fromSavepoint = openSavepoint(config.fromSavepoint());
      this.savepointManifest = renamedManifest(fromSavepoint, config.fromSavepoint());
    }
    // From a savepoint, the store's earlier checkpoints are not this run's to resume.
    this.restoreScope = config.startFresh() || fromSavepoint != null ? RestoreScope.fresh(runId)
        : RestoreScope.resuming(runId);
    this.restartPolicy = new RestartPolicy(config.restartStrategy(), config.store() != null);
    this.description = plan.describe();
    this.driver = new Thread(this::drive, "weir-" + plan.jobName() + "-driver");
    this.driver.setDaemon(true);
  }

  public void start() {
    driver.start();
  }

  private Savepoint openSavepoint(Path dir) {
    try {
      Savepoint s = Savepoint.open(dir);
      RestoreLoader.check(renamedManifest(s, dir), plan, config.allowNonRestoredState());
      return s;
    } catch (IOException e) {
      throw new IllegalArgumentException("job '" + plan.jobName() + "' cannot start from "
          + "savepoint " + dir + ": " + e.getMessage(), e);
    } catch (IncompatibleStateException e) {
      throw new IncompatibleStateException("job '" + plan.jobName() + "' cannot start from "
          + "savepoint " + dir + ": " + e.getMessage(), e.stepName().orElse(""), e.state(), e.field(),
          e.rule(), e.problems());
    }
  }

  private CheckpointManifest renamedManifest(Savepoint s, Path dir) {
    try {
      return s.manifest().withRenamedSteps(config.renamedSteps());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("job '" + plan.jobName() + "' cannot start from "
          + "savepoint " + dir + ": " + e.getMessage(), e);
    }
  }

  private boolean checkpointing() {
    return config.store() != null;
  }

  private void drive() {
    ExecutorService async = Executors.newFixedThreadPool(config.asyncThreads(), r -> {
      Thread t = new Thread(r, "weir-" + plan.jobName() + "-snapshot");
      t.setDaemon(true);
      return t;
    });
    SystemScheduler scheduler = new SystemScheduler();
    try {
      if (checkpointing()) {
        config.store().prepare(plan.jobName());
      }
      if (checkpointing() && config.snapshotWarmup()) {
        async.execute(() -> {
          try {
            dev.weir.runtime.checkpoint.SnapshotWarmup.run(plan);
          } catch (IOException | RuntimeException e) {
            LOG.warn("Job '{}': the snapshot warm-up failed, so the first checkpoints may take "
                + "longer (the job is not affected): {}", plan.jobName(), e.toString());
          }
        });
      }
      CheckpointIdCounter ids = checkpointing()
          ? CheckpointIdCounter.resumingAfter(config.store().highestCheckpointId(plan.jobName()))
          : CheckpointIdCounter.fresh();
      for (int attemptNo = 0; ; attemptNo++) {
        Throwable t = runAttempt(attemptNo, ids, async, scheduler);
        if (cancelRequested) {
          state = State.CANCELLED;
          return;
        }
        if (stopCompleted) {
          state = State.STOPPED;
          return;
        }
        if (t == null) {
          state = State.DONE;
          return;
        }
        RestartPolicy.Decision decision = restartPolicy.onFailure(attemptNo + 1, t);
        if (decision instanceof RestartPolicy.Fail fail) {
          if (checkpointing()) {
            LOG.warn("Job '{}' failed (attempt {}): {}; not restarting: {}", plan.jobName(),
                attemptNo, t.toString(), fail.reason());
          }
          failure = t;
          state = State.FAILED;
          return;
        }
        Duration delay = ((RestartPolicy.Restart) decision).delay();
        restarts.incrementAndGet();
        LOG.warn("Job '{}' failed (attempt {}): {}; restarting in {} ms from the latest checkpoint "
            + "of this run", plan.jobName(), attemptNo, t.toString(), delay.toMillis());
        if (cancelSignal.await(delay.toMillis(), TimeUnit.MILLISECONDS) || cancelRequested) {
          state = State.CANCELLED;
          return;
        }
      }
    } catch (InterruptedException e) {
      state = State.CANCELLED;
    } catch (Throwable t) {
      failure = t;
      state = State.FAILED;
    } finally {
      attemptCheckpoints.completeExceptionally(new IllegalStateException("job '" + plan.jobName()
          + "' has ended"));
      StopSavepoint sp = stopSavepoint;
      if (sp != null) {
        sp.done().completeExceptionally(new IllegalStateException("job '" + plan.jobName()
            + "' ended " + state + " before its stop savepoint was written"
            + (failure == null ? "" : ": " + failure)));
      }
      async.shutdownNow();
      retention.shutdown();
      try {
        // The caller may close the store once the job ended: finish pending retention first.
        if (!retention.awaitTermination(30, TimeUnit.SECONDS)) {
          LOG.warn("Job '{}': retention did not finish within 30 s", plan.jobName());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      scheduler.close();
      done.countDown();
    }
  }

  private Throwable runAttempt(int attemptNo, CheckpointIdCounter ids,
      ExecutorService async, SystemScheduler scheduler) throws Exception {
    CheckpointManifest restored = null;
    CheckpointStore restoreStore = config.store();
    if (checkpointing()) {
      restored = RestoreLoader.select(config.store(), plan, config.allowNonRestoredState(),
          restoreScope).orElse(null);
      if (restored != null) {
        restoredIds.add(restored.checkpointId());
        LOG.info("Job '{}': restoring checkpoint {} (attempt {})", plan.jobName(),
            restored.checkpointId(), attemptNo);
      }
    }
    if (restored == null && fromSavepoint != null) {
      restored = restoreSavepoint();
      restoreStore = fromSavepoint.store();
      restoredIds.add(restored.checkpointId());
      LOG.info("Job '{}': restoring {} (attempt {})", plan.jobName(), fromSavepoint, attemptNo);
    }
    LocalAttempt[] self = new LocalAttempt[1];
    AttemptCheckpoints cps = checkpointing()
        ? new AttemptCheckpoints(plan, restoreScope.runId(), () -> drainRequested, config.store(), checkpointConfig,
            Clock.systemUTC(), t -> self[0].fail(t), checkpoints::add, this::checkpointFailed,
            retention)
        : null;
    TaskServices services = new TaskServices(config.store(), async, cps, restored,
        config.faults(), t -> self[0].fail(t), restoreStore);
    LocalAttempt a = new LocalAttempt(plan, new LocalAttempt.Settings(plan.jobName(), attemptNo,
        config.clock(), config.batchSize(), config.channelCapacity(), checkpointing(),
        checkpointConfig.maxDeltaChain()), services);
    self[0] = a;
    attempt = a;
    if (cancelRequested) {
      return null;
    }
    if (cps != null) {
      cps.start(a, scheduler, ids); // before the tasks run: they report to it at once
      a.onFirstFailure(() -> cps.stop(CheckpointFailureReason.JOB_FAILING));
    }
    a.start();
    if (drainRequested) {
      a.tasks().forEach(Task::requestEndOfInput);
    } else if (stopRequested) {
      a.tasks().forEach(Task::requestPause);
    }
    if (cps != null) {
      attemptCheckpoints.complete(cps);
    }
    Throwable t = a.await();
    if (cps != null) {
      attemptCheckpoints = new CompletableFuture<>();
    }
    if (lastFailureNanos != 0 && a.firstRecordNanos() != 0) {
      recoveryMillis.add((a.firstRecordNanos() - lastFailureNanos) / 1_000_000);
    }
    lastFailureNanos = a.failedAtNanos();
    if (cps != null) {
      cps.stop(t == null ? CheckpointFailureReason.CANCELLED : CheckpointFailureReason.JOB_FAILING);
    }
    if (t != null) {
      a.abortSinks(t);
    }
    return t;
  }

  /** The savepoint's manifest once every blob of it verified (length and checksum). */
  private CheckpointManifest restoreSavepoint() throws IOException {
    CheckpointStore s = fromSavepoint.store();
    for (dev.weir.sdk.checkpoint.StateHandle h : savepointManifest.referencedHandles()) {
      try {
        s.verify(h);
      } catch (IOException e) {
        throw new IOException("job '" + plan.jobName() + "' cannot restore " + fromSavepoint
            + ": " + e.getMessage(), e);
      }
    }
    return savepointManifest;
  }

  @Override
  public CompletableFuture<Path> savepoint(Path directory) {
    java.util.Objects.requireNonNull(directory, "directory");
    requireCheckpointing("take a savepoint");
    return trigger(CheckpointTrigger.SAVEPOINT)
        .thenApplyAsync(id -> writeSavepoint(id, directory), retention);
  }

  @Override
  public synchronized CompletableFuture<Path> stopWithSavepoint(Path directory) {
    java.util.Objects.requireNonNull(directory, "directory");
    requireCheckpointing("stop with a savepoint");
    if (state.isTerminal() || stopRequested || drainRequested) {
      return CompletableFuture.failedFuture(new IllegalStateException("job '" + plan.jobName()
          + "' is " + (state.isTerminal() ? "over (" + state + ")" : "stopping already")
          + ": no stop savepoint"));
    }
    StopSavepoint s = new StopSavepoint(directory, new CompletableFuture<>());
    stopSavepoint = s;
    stop();
    return s.done();
  }

  /**
   * Copies checkpoint {@code id} into a savepoint under {@code directory}. Runs on the
   * retention thread, so no retention pass discards the checkpoint's blobs meanwhile.
   */
  private Path writeSavepoint(long id, Path directory) {
    try {
      CheckpointManifest m = config.store().manifest(plan.jobName(), id).orElseThrow(() ->
          new IOException("checkpoint " + id + " completed but the store does not list it"));
      Savepoint s = Savepoint.write(config.store(), m, directory);
      LOG.info("Job '{}': savepoint of checkpoint {} written to {} ({} bytes)", plan.jobName(),
          id, s.directory(), s.totalBytes());
      return s.directory();
    } catch (IOException e) {
      throw new java.util.concurrent.CompletionException(new IOException("job '" + plan.jobName()
          + "': writing the savepoint of checkpoint " + id + " to " + directory + " failed: "
          + e.getMessage(), e));
    }
  }

  private void checkpointFailed(CheckpointFailure f) {
    failedCheckpoints.addLast(f);
    while (failedCheckpoints.size() > FAILED_CHECKPOINTS_KEPT) {
      failedCheckpoints.pollFirst();
    }
  }

  private void requireCheckpointing(String what) {
    if (!checkpointing()) {
      throw new IllegalStateException("job '" + plan.jobName() + "' takes no checkpoints, so it "
          + "cannot " + what + "; give the runner a store: "
          + "LocalRunner.builder().checkpointStore(store)");
    }
  }

  @Override
  public String jobName() {
    return plan.jobName();
  }

  @Override
  public State state() {
    return state;
  }

  @Override
  public State waitUntilFinish(Duration timeout) {
    try {
      long nanos;
      try {
        nanos = timeout.toNanos();
      } catch (ArithmeticException e) {
        nanos = Long.MAX_VALUE;
      }
      if (!done.await(nanos, TimeUnit.NANOSECONDS)) {
        return state;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return state;
    }
    if (state == State.FAILED) {
      throw new PipelineExecutionException(plan.jobName(), failure);
    }
    return state;
  }

  @Override
  public void drain() {
    drainRequested = true;
    LocalAttempt a = attempt;
    if (a != null) {
      a.tasks().forEach(Task::requestEndOfInput);
    }
  }

  @Override
  public synchronized void stop() {
    if (state.isTerminal() || stopRequested || drainRequested) {
      return;
    }
    if (!checkpointing()) {
      drain(); // nothing to resume from: end the input so sinks commit everything
      return;
    }
    stopRequested = true;
    LocalAttempt a = attempt;
    if (a != null) {
      a.tasks().forEach(Task::requestPause);
    }
    Thread t = new Thread(this::stopWithCheckpoint, "weir-" + plan.jobName() + "-stop");
    t.setDaemon(true);
    t.start();
  }

  /**
   * Takes the stop checkpoint (again after a failed try or a restart), waits until every task
   * processed its completion (sinks committed it), then ends the attempt.
   */
  private void stopWithCheckpoint() {
    for (int attemptNo = 1; !state.isTerminal(); attemptNo++) {
      long id;
      try {
        id = trigger(CheckpointTrigger.STOP).get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (java.util.concurrent.ExecutionException | RuntimeException e) {
        if (state.isTerminal()) {
          return;
        }
        LOG.warn("Job '{}': the stop checkpoint failed (try {}): {}; trying again in 100 ms",
            plan.jobName(), attemptNo, e.toString());
        // A failing attempt refuses checkpoints until it is replaced: do not spin meanwhile.
        try {
          if (cancelSignal.await(100, TimeUnit.MILLISECONDS)) {
            return;
          }
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return;
        }
        continue;
      }
      LocalAttempt a = attempt;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!a.tasks().stream().allMatch(task -> task.ended()
          || task.lastNotifiedCheckpoint() >= id)) {
        if (System.nanoTime() > deadline || state.isTerminal()) {
          LOG.warn("Job '{}': not every task committed stop checkpoint {} within 60 s; "
              + "ending anyway (a resumed run commits it again)", plan.jobName(), id);
          break;
        }
        java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
      }
      StopSavepoint sp = stopSavepoint;
      if (sp != null) {
        // The job still stops if the savepoint cannot be written: its stop checkpoint is in the
        // store, and the caller learns why there is no savepoint.
        try {
          sp.done().complete(retention.submit(() -> writeSavepoint(id, sp.directory())).get());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          sp.done().completeExceptionally(e);
        } catch (java.util.concurrent.ExecutionException | RuntimeException e) {
          Throwable cause = e instanceof java.util.concurrent.ExecutionException ? e.getCause() : e;
          sp.done().completeExceptionally(cause instanceof java.util.concurrent.CompletionException
              && cause.getCause() != null ? cause.getCause() : cause);
        }
      }
      LOG.info("Job '{}': stopped with checkpoint {}", plan.jobName(), id);
      stopCompleted = true;
      a.cancelAll();
      return;
    }
  }

  @Override
  public void cancel() {
    cancelRequested = true;
    cancelSignal.countDown();
    LocalAttempt a = attempt;
    if (a != null) {
      a.cancelAll();
    }
    try {
      driver.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public Optional<Throwable> failure() {
    return Optional.ofNullable(failure);
  }

  /**
   * Triggers a checkpoint in the running attempt; during a restart, in the next attempt once
   * it runs.
   */
  @Override
  public CompletableFuture<Long> triggerCheckpoint() {
    return trigger(CheckpointTrigger.ON_DEMAND);
  }

  private CompletableFuture<Long> trigger(CheckpointTrigger trigger) {
    if (!checkpointing()) {
      throw new IllegalStateException("job '" + plan.jobName() + "' takes no checkpoints; give "
          + "the runner a store: LocalRunner.builder().checkpointStore(store)");
    }
    if (state.isTerminal()) {
      return CompletableFuture.failedFuture(new IllegalStateException("job '" + plan.jobName()
          + "' has ended (" + state + ")"));
    }
    return attemptCheckpoints.thenCompose(cps -> cps.trigger(trigger));
  }

  @Override
  public List<CheckpointMetrics> checkpoints() {
    return List.copyOf(checkpoints);
  }

  @Override
  public int restarts() {
    return restarts.get();
  }

  @Override
  public JobMetrics metrics() {
    return sample().metrics();
  }

  private MetricsSampler.Sample sample() {
    LocalAttempt a = attempt;
    return sampler.sample(pipeline.nodes(), a == null ? List.of() : a.tasks(),
        a == null ? -1 : a.number(), System.nanoTime());
  }

  @Override
  public List<CheckpointFailure> failedCheckpoints() {
    return List.copyOf(failedCheckpoints);
  }

  @Override
  public Optional<dev.weir.sdk.JobPlan> plan() {
    return Optional.of(description);
  }

  @Override
  public List<SubtaskStatus> subtaskStatus() {
    LocalAttempt a = attempt;
    if (a == null) {
      return List.of();
    }
    MetricsSampler.Sample sample = sample();
    List<SubtaskStatus> out = new ArrayList<>();
    for (Task t : a.tasks()) {
      List<dev.weir.runtime.task.StepCounters> counters = t.counters();
      List<String> steps = t.config().chain().nodes().stream()
          .map(dev.weir.runtime.graph.LogicalNode::name).toList();
      long in = counters.isEmpty() ? 0 : counters.get(0).recordsIn();
      long outRecords = counters.isEmpty() ? 0 : counters.get(counters.size() - 1).recordsOut();
      out.add(new SubtaskStatus(t.config().chain().name(), steps, t.id().subtask(), "local", t.state().name(),
          restarts.get(), in, outRecords, sample.backpressure().getOrDefault(t.id(), 0.0)));
    }
    return out;
  }

  @Override
  public String runId() {
    return restoreScope.runId();
  }

  @Override
  public List<Long> restoredCheckpointIds() {
    return List.copyOf(restoredIds);
  }

  @Override
  public List<Long> recoveryMillis() {
    return List.copyOf(recoveryMillis);
  }

  /** The running attempt (for tests that inspect channels). */
  public LocalAttempt currentAttempt() {
    return attempt;
  }

  List<Task> tasks() {
    LocalAttempt a = attempt;
    return a == null ? List.of() : new ArrayList<>(a.tasks());
  }
}
