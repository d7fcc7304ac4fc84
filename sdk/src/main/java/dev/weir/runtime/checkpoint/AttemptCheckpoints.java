package dev.weir.runtime.checkpoint;

import dev.weir.sdk.checkpoint.CheckpointConfig;

import dev.weir.sdk.CheckpointFailureReason;
import dev.weir.runtime.plan.PhysicalPlan;
import dev.weir.runtime.snapshot.TaskSnapshot;
import dev.weir.runtime.time.Scheduler;
import dev.weir.sdk.CheckpointException;
import dev.weir.sdk.CheckpointFailure;
import dev.weir.sdk.CheckpointMetrics;
import dev.weir.sdk.CheckpointTrigger;
import dev.weir.sdk.checkpoint.CheckpointManifest;
import dev.weir.sdk.checkpoint.CheckpointStore;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checkpoint side of one attempt of a job, for every runner: drives the
 * {@link CheckpointCoordinator}, delivers its triggers and notifications to the attempt's
 * {@link CheckpointParticipants}, writes manifests, applies retention, and takes the final
 * checkpoint once every task processed all its input. Tasks report to it as their
 * {@link CheckpointResponder}.
 */
public final class AttemptCheckpoints implements CheckpointResponder, CheckpointCoordinator.Actions<TaskSnapshot> {
  private static final Logger LOG = LoggerFactory.getLogger(AttemptCheckpoints.class);
  private static final int FINAL_CHECKPOINT_ATTEMPTS = 5;

  private final PhysicalPlan plan;
  private final String runId;
  private final CheckpointStore store;
  private final CheckpointConfig config;
  private final Clock clock;
  private final Consumer<Throwable> failAttempt;
  private final Consumer<CheckpointMetrics> completed;
  private final Consumer<CheckpointFailure> failed;
  /** What triggered each checkpoint in flight. */
  private final Map<Long, CheckpointTrigger> triggers = new ConcurrentHashMap<>();
  /** Checkpoints in flight whose manifest was written as a savepoint. */
  private final Set<Long> savepointManifests = ConcurrentHashMap.newKeySet();
  private final java.util.function.BooleanSupplier drained;
  private final java.util.concurrent.Executor retention;
  private volatile CheckpointParticipants tasks;
  private final Set<TaskId> inputEnded = ConcurrentHashMap.newKeySet();
  private final Map<Long, Map<TaskId, TaskSnapshot>> acksById = new ConcurrentHashMap<>();
  private final Map<Long, Long> triggerTimes = new ConcurrentHashMap<>();
  /** Checkpoints triggered after every task's input ended: their manifests say finished. */
  private final Set<Long> finishedIds = ConcurrentHashMap.newKeySet();
  /** Ids of checkpoints that serve a savepoint request. */
  private final java.util.Set<Long> savepointIds = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private volatile CheckpointCoordinator<TaskSnapshot> coordinator;
  private final java.util.concurrent.atomic.AtomicBoolean finalTriggered = new java.util.concurrent.atomic.AtomicBoolean();
  private volatile long finalCheckpointId = -1;
  private int finalAttempts;

  /**
   * @param runId the run, written into every manifest
   * @param drained whether the job was asked to drain: its final checkpoint is then not
   *     {@linkplain CheckpointManifest#finished() finished}, since its sources did not reach
   *     the end of their input by themselves and a resumed run continues reading them
   * @param clock the time of checkpoint scheduling, timeouts and manifests: real time, not the
   *     processing-time clock of timers (a test's manual clock must not stop checkpoints)
   */
  public AttemptCheckpoints(PhysicalPlan plan, String runId, java.util.function.BooleanSupplier drained,
      CheckpointStore store, CheckpointConfig config, Clock clock, Consumer<Throwable> failAttempt,
      Consumer<CheckpointMetrics> completed, java.util.concurrent.Executor retention) {
    this(plan, runId, drained, store, config, clock, failAttempt, completed, f -> { }, retention);
  }

  /**
   * {@link #AttemptCheckpoints(PhysicalPlan, String, java.util.function.BooleanSupplier,
   * CheckpointStore, CheckpointConfig, Clock, Consumer, Consumer, java.util.concurrent.Executor)}
   * that also reports each aborted checkpoint to {@code failed}.
   */
  public AttemptCheckpoints(PhysicalPlan plan, String runId, java.util.function.BooleanSupplier drained,
      CheckpointStore store, CheckpointConfig config, Clock clock, Consumer<Throwable> failAttempt,
      Consumer<CheckpointMetrics> completed, Consumer<CheckpointFailure> failed,
      java.util.concurrent.Executor retention) {
    this.failed = failed;
    this.drained = drained;
    this.retention = retention;
    this.plan = plan;
    this.runId = runId;
    this.store = store;
    this.config = config;
    this.clock = clock;
    this.failAttempt = failAttempt;
    this.completed = completed;
  }

  /** Starts checkpointing the attempt's {@code participants}, with ids from {@code ids}. */
  public void start(CheckpointParticipants participants, Scheduler scheduler,
      CheckpointIdCounter ids) {
    tasks = participants;
    coordinator = new CheckpointCoordinator<>(config, clock, scheduler, participants.taskIds(),
        ids, this);
    coordinator.start();
  }

  /** Stops the coordinator: pending checkpoints abort with {@code reason}. */
  public void stop(CheckpointFailureReason reason) {
    if (coordinator != null) {
      coordinator.stop(reason);
    }
  }

  /** Takes a checkpoint on demand; completes with its id once it is complete. */
  public CompletableFuture<Long> trigger() {
    return coordinator.triggerCheckpoint();
  }

  /** {@link #trigger()}, reporting {@code trigger} as what started it (a stop, a savepoint). */
  public CompletableFuture<Long> trigger(CheckpointTrigger trigger) {
    return coordinator.triggerCheckpoint(trigger);
  }

  /**
   * Takes a checkpoint on demand whose manifest is marked as a savepoint (kept by retention);
   * completes with its id once it is complete.
   */
  public CompletableFuture<Long> triggerSavepoint() {
    return coordinator.triggerSavepoint();
  }

  @Override
  public void savepoint(long checkpointId) {
    savepointIds.add(checkpointId);
  }

  @Override
  public void triggered(long checkpointId, CheckpointTrigger trigger) {
    triggers.put(checkpointId, trigger);
  }

  // ---- CheckpointResponder (task threads and async writers)

  @Override
  public void acknowledge(TaskId task, long checkpointId, TaskSnapshot snapshot) {
    coordinator.acknowledge(task, checkpointId, snapshot);
  }

  @Override
  public void decline(TaskId task, long checkpointId, Throwable cause) {
    LOG.warn("Job '{}': task {} could not write checkpoint {}: {}", plan.jobName(), task,
        checkpointId, cause.toString());
    coordinator.declineCheckpoint(task, checkpointId, cause);
  }

  @Override
  public void recordsRead(long n) {
    if (config.everyRecords() > 0) {
      coordinator.reportRecords(n);
    }
  }

  @Override
  public boolean wantsStateBytes() {
    return config.everyStateBytes() > 0;
  }

  @Override
  public void stateBytesChanged(long bytes) {
    coordinator.reportStateBytes(bytes);
  }

  @Override
  public void inputEnded(TaskId task) {
    inputEnded.add(task);
    if (inputEnded.size() == tasks.taskIds().size() && finalTriggered.compareAndSet(false, true)) {
      LOG.info("Job '{}': all input processed; taking the final checkpoint", plan.jobName());
      triggerFinal();
    }
  }

  private void triggerFinal() {
    coordinator.triggerCheckpoint(CheckpointTrigger.FINAL).whenComplete((id, error) -> {
      if (error == null) {
        finalCheckpointId = id;
        tasks.finish();
      } else if (++finalAttempts < FINAL_CHECKPOINT_ATTEMPTS) {
        LOG.warn("Job '{}': the final checkpoint failed ({}); trying again", plan.jobName(),
            error.toString());
        triggerFinal();
      } else {
        failAttempt.accept(new CheckpointException(CheckpointFailureReason.FINAL_CHECKPOINT_FAILED, -1,
            "job '" + plan.jobName() + "' processed all input but its final checkpoint failed "
                + FINAL_CHECKPOINT_ATTEMPTS + " times; see the log for each failure", error));
      }
    });
  }

  /** The id of the final checkpoint once it completed, else -1. */
  public long finalCheckpointId() {
    return finalCheckpointId;
  }

  // ---- CheckpointCoordinator.Actions (called under the coordinator's lock)

  @Override
  public void triggerSources(long checkpointId, long timestamp) {
    triggerTimes.put(checkpointId, timestamp);
    if (finalTriggered.get() && !drained.getAsBoolean()) {
      finishedIds.add(checkpointId);
    }
    tasks.triggerCheckpoint(checkpointId, timestamp);
  }

  @Override
  public void persistManifest(long checkpointId, long timestamp, Map<TaskId, TaskSnapshot> acks)
      throws IOException {
    boolean savepoint = savepointIds.remove(checkpointId);
    CheckpointManifest manifest = ManifestAssembler.manifest(plan, runId, checkpointId, timestamp,
        savepoint, finishedIds.remove(checkpointId), acks);
    if (savepoint) {
      savepointManifests.add(checkpointId);
    }
    store.writeManifest(manifest);
    acksById.put(checkpointId, Map.copyOf(acks));
    // The checkpoint is committed now. Older ones are discarded off the coordinator's lock,
    // one retention pass at a time; a failure there must not undo this checkpoint.
    retention.execute(() -> {
      try {
        List<Long> dropped = CheckpointRetention.apply(store, plan.jobName(), config.retained());
        if (!dropped.isEmpty()) {
          LOG.debug("Job '{}': retention dropped checkpoints {}", plan.jobName(), dropped);
        }
      } catch (IOException | RuntimeException e) {
        LOG.warn("Job '{}': checkpoint {} is complete, but discarding older checkpoints failed: {}",
            plan.jobName(), checkpointId, e.toString());
      }
    });
  }

  @Override
  public void notifyComplete(long checkpointId) {
    Map<TaskId, TaskSnapshot> acks = acksById.remove(checkpointId);
    Long trigger = triggerTimes.remove(checkpointId);
    CheckpointTrigger cause = triggers.remove(checkpointId);
    boolean savepoint = savepointManifests.remove(checkpointId);
    if (acks != null && trigger != null) {
      CheckpointTrigger t = cause == null ? CheckpointTrigger.INTERVAL : cause;
      CheckpointMetrics m = ManifestAssembler.metrics(checkpointId, trigger, clock.millis(), acks)
          .withTrigger(t, savepoint || t == CheckpointTrigger.SAVEPOINT);
      LOG.info("Job '{}': checkpoint {} complete in {} ms (sync max {} ms, async max {} ms, "
              + "alignment max {} ms), {} bytes full, {} bytes delta", plan.jobName(), checkpointId,
          m.durationMs(), m.syncMsMax(), m.asyncMsMax(), m.alignmentMsMax(), m.fullBytes(),
          m.deltaBytes());
      completed.accept(m);
    }
    tasks.notifyCheckpointComplete(checkpointId);
  }

  @Override
  public void notifyAborted(long checkpointId, CheckpointFailureReason reason) {
    notifyAborted(checkpointId, reason, reason.message());
  }

  @Override
  public void notifyAborted(long checkpointId, CheckpointFailureReason reason, String message) {
    Long triggeredAt = triggerTimes.get(checkpointId);
    CheckpointTrigger cause = triggers.remove(checkpointId);
    savepointManifests.remove(checkpointId);
    if (triggeredAt != null) {
      failed.accept(new CheckpointFailure(checkpointId, triggeredAt, clock.millis(),
          cause == null ? CheckpointTrigger.INTERVAL : cause, reason, message));
    }
    triggerTimes.remove(checkpointId);
    savepointIds.remove(checkpointId);
    finishedIds.remove(checkpointId);
    acksById.remove(checkpointId);
    LOG.warn("Job '{}': checkpoint {} aborted: {}", plan.jobName(), checkpointId, reason.message());
    tasks.notifyCheckpointAborted(checkpointId);
  }

  @Override
  public void failJob(String message) {
    failAttempt.accept(new CheckpointException(CheckpointFailureReason.TOO_MANY_FAILURES, -1, message, null));
  }

  @Override
  public String toString() {
    CheckpointParticipants t = tasks;
    return t == null ? "(not started)"
        : t.taskIds().stream().map(Object::toString).sorted().collect(Collectors.joining(", "));
  }
}
