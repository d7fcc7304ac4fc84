package dev.weir.runtime.checkpoint;

import dev.weir.sdk.checkpoint.CheckpointConfig;

import dev.weir.sdk.CheckpointFailureReason;
import dev.weir.runtime.checkpoint.CheckpointTriggerPolicy.Decision;
import dev.weir.runtime.checkpoint.CheckpointTriggerPolicy.TriggerNow;
import dev.weir.runtime.checkpoint.CheckpointTriggerPolicy.WaitUntil;
import dev.weir.runtime.time.Cancellable;
import dev.weir.runtime.time.RearmableTimer;
import dev.weir.runtime.time.Scheduler;
import dev.weir.sdk.CheckpointException;
import dev.weir.sdk.CheckpointTrigger;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job-wide event loop of the checkpoint protocol: triggers checkpoints, collects the tasks'
 * acknowledgements, commits each checkpoint by writing its manifest and tells the job the outcome.
 *
 * <p>It only routes events: when to trigger is the {@link CheckpointTriggerPolicy}'s decision, the
 * acknowledgements are a {@link PendingCheckpoint}'s, failure counting is the
 * {@link CheckpointFailureTracker}'s, and all I/O goes through {@link Actions}. Invariants: ids
 * grow; at most {@link CheckpointConfig#maxConcurrent()} checkpoints are in flight; a checkpoint is
 * reported complete only after {@link Actions#persistManifest} returned; each checkpoint ends
 * exactly once, completed or aborted; when a checkpoint completes, older in-flight ones are
 * aborted as {@link CheckpointFailureReason#SUBSUMED}.
 *
 * <h2>Threading</h2>
 * Every public method holds this object's lock, so task threads and the scheduler's timer thread
 * may call in concurrently; it creates no threads. {@link Actions} run while the lock is held: they
 * may call back into the coordinator on the same thread, but must not wait for another thread that
 * does. Futures returned by {@link #triggerCheckpoint()} complete under the lock too; chain slow
 * work with an {@code *Async} method.
 *
 * <p>About 460 lines, nearly half of them javadoc: one lock guards one state machine (the
 * checkpoints in flight, the queued on-demand requests and the trigger timer), and every public
 * method is an event of it; the decisions it routes are already classes of their own.
 *
 * @param <A> the acknowledgement payload, e.g. a task's state handles
 */
public final class CheckpointCoordinator<A> {

  /** The I/O the coordinator asks the runtime to do. */
  public interface Actions<A> {
    /**
     * Inject barrier {@code checkpointId} at every running source. Tasks that already finished
     * cannot receive a barrier; the runtime acknowledges for them (with their final snapshot).
     * Throwing aborts the checkpoint as a trigger failure.
     */
    void triggerSources(long checkpointId, long timestamp);

    /** Write the manifest: the commit point. Throwing aborts the checkpoint as a store failure. */
    void persistManifest(long checkpointId, long timestamp, Map<TaskId, A> acks) throws IOException;

    /** The checkpoint is complete: sinks may commit. */
    void notifyComplete(long checkpointId);

    /** The checkpoint was aborted: tasks drop its alignment, sinks abort what they prepared. */
    void notifyAborted(long checkpointId, CheckpointFailureReason reason);

    /** Too many checkpoints failed in a row; the job must fail over. */
    void failJob(String message);

    /**
     * Checkpoint {@code checkpointId} serves a savepoint request: its manifest is marked as a
     * savepoint (which retention keeps). Called before {@link #triggerSources} for that id.
     */
    default void savepoint(long checkpointId) {
    }

    /** Checkpoint {@code checkpointId} is triggered by {@code trigger}; called before {@link #triggerSources}. */
    default void triggered(long checkpointId, CheckpointTrigger trigger) {
    }

    /**
     * {@link #notifyAborted(long, CheckpointFailureReason)} with the abort's explanation for
     * people (reason, detail and cause); the coordinator calls this one.
     */
    default void notifyAborted(long checkpointId, CheckpointFailureReason reason, String message) {
      notifyAborted(checkpointId, reason);
    }
  }

  private enum State { NEW, RUNNING, STOPPED }

  private static final Logger LOG = LoggerFactory.getLogger(CheckpointCoordinator.class);

  private final CheckpointConfig config;
  private final Clock clock;
  private final Scheduler scheduler;
  private final Set<TaskId> tasks;
  private final CheckpointIdCounter ids;
  private final Actions<A> actions;
  private final CheckpointTriggerPolicy policy;
  private final CheckpointFailureTracker failures;
  private final CheckpointStatsTracker stats = new CheckpointStatsTracker();
  private final RearmableTimer timer;
  private final NavigableMap<Long, InFlight<A>> inFlight = new TreeMap<>();
  private final List<CompletableFuture<Long>> queuedRequests = new ArrayList<>();
  /** Requests (by identity) whose checkpoint is a savepoint. */
  private final java.util.Set<CompletableFuture<Long>> savepointRequests =
      java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
  /** What asked for each on-demand request (by identity). */
  private final Map<CompletableFuture<Long>, CheckpointTrigger> requestTriggers =
      new java.util.IdentityHashMap<>();
  private State state = State.NEW;
  private long lastTriggerTime = CheckpointTriggerPolicy.NEVER;
  private long lastCompletionTime = CheckpointTriggerPolicy.NEVER;
  private long records;
  private long stateBytes;

  /**
   * @param config the job's checkpoint settings
   * @param clock the time source
   * @param scheduler runs the trigger timer and the timeouts
   * @param tasks every task that must acknowledge a checkpoint; not empty
   * @param ids the id source; share one across the coordinators of a job's attempts
   * @param actions the runtime's side of the protocol
   */
  public CheckpointCoordinator(CheckpointConfig config, Clock clock, Scheduler scheduler,
      Set<TaskId> tasks, CheckpointIdCounter ids, Actions<A> actions) {
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.tasks = Set.copyOf(Objects.requireNonNull(tasks, "tasks"));
    if (this.tasks.isEmpty()) {
      throw new IllegalArgumentException("a checkpoint coordinator needs at least one task");
    }
    this.ids = Objects.requireNonNull(ids, "ids");
    this.actions = Objects.requireNonNull(actions, "actions");
    this.policy = new CheckpointTriggerPolicy(config);
    this.failures = new CheckpointFailureTracker(config.tolerableFailures());
    this.timer = new RearmableTimer(scheduler, clock);
  }

  /** Starts automatic triggering; the first periodic checkpoint is one interval from now. */
  public synchronized void start() {
    if (state != State.NEW) {
      throw new IllegalStateException("the checkpoint coordinator was already started");
    }
    state = State.RUNNING;
    lastTriggerTime = clock.millis();
    reschedule();
  }

  /**
   * Requests a checkpoint now, regardless of the interval and the minimum pause. If the maximum
   * number is in flight, the request waits and is served, together with other waiting requests,
   * by the next checkpoint that can start.
   *
   * @return completes with the id once the checkpoint is complete, or exceptionally with a
   *     {@link CheckpointException} naming the reason
   */
  public synchronized CompletableFuture<Long> triggerCheckpoint() {
    return triggerCheckpoint(CheckpointTrigger.ON_DEMAND);
  }

  /** {@link #triggerCheckpoint()}, reporting {@code trigger} as what started it. */
  public synchronized CompletableFuture<Long> triggerCheckpoint(CheckpointTrigger trigger) {
    Objects.requireNonNull(trigger, "trigger");
    if (state == State.NEW) {
      throw new IllegalStateException("start() the checkpoint coordinator before triggering");
    }
    CompletableFuture<Long> request = new CompletableFuture<>();
    requestTriggers.put(request, trigger);
    request.whenComplete((id, error) -> requestTriggers.remove(request));
    if (state == State.STOPPED) {
      request.completeExceptionally(notStarted(CheckpointFailureReason.CANCELLED));
    } else if (inFlight.size() >= config.maxConcurrent()) {
      queuedRequests.add(request);
    } else {
      trigger(List.of(request));
      reschedule();
    }
    return request;
  }

  /**
   * {@link #triggerCheckpoint()} for a savepoint: the checkpoint that serves the request is
   * marked as one ({@link Actions#savepoint}).
   */
  public synchronized CompletableFuture<Long> triggerSavepoint() {
    if (state == State.NEW) {
      throw new IllegalStateException("start() the checkpoint coordinator before triggering");
    }
    CompletableFuture<Long> request = new CompletableFuture<>();
    if (state == State.STOPPED) {
      request.completeExceptionally(notStarted(CheckpointFailureReason.CANCELLED));
      return request;
    }
    savepointRequests.add(request);
    requestTriggers.put(request, CheckpointTrigger.SAVEPOINT);
    request.whenComplete((id, error) -> {
      savepointRequests.remove(request);
      requestTriggers.remove(request);
    });
    if (inFlight.size() >= config.maxConcurrent()) {
      queuedRequests.add(request);
    } else {
      trigger(List.of(request));
      reschedule();
    }
    return request;
  }

  /** Sources read {@code n} more records (report in batches, not per record). */
  public synchronized void reportRecords(long n) {
    records = addCount(records, n, "records");
    if (config.everyRecords() > 0 && records >= config.everyRecords()) {
      reschedule();
    }
  }

  /** Tasks changed {@code n} more bytes of state. */
  public synchronized void reportStateBytes(long n) {
    stateBytes = addCount(stateBytes, n, "state bytes");
    if (config.everyStateBytes() > 0 && stateBytes >= config.everyStateBytes()) {
      reschedule();
    }
  }

  /** {@code task} took and persisted its snapshot for {@code checkpointId}. */
  public synchronized AckResult acknowledge(TaskId task, long checkpointId, A payload) {
    InFlight<A> checkpoint = inFlight.get(checkpointId);
    if (checkpoint == null) {
      Objects.requireNonNull(task, "task");
      Objects.requireNonNull(payload, "payload");
      return AckResult.DISCARDED;
    }
    AckResult result = checkpoint.pending.acknowledge(task, payload, clock.millis());
    if (result == AckResult.ACCEPTED && checkpoint.pending.isFullyAcknowledged()) {
      complete(checkpoint);
    }
    return result;
  }

  /** {@code task} could not snapshot {@code checkpointId}: the checkpoint is aborted. */
  public synchronized AckResult declineCheckpoint(TaskId task, long checkpointId, Throwable cause) {
    Objects.requireNonNull(task, "task");
    InFlight<A> checkpoint = inFlight.get(checkpointId);
    if (checkpoint == null) {
      return AckResult.DISCARDED;
    }
    if (!checkpoint.pending.expectedTasks().contains(task)) {
      return AckResult.UNKNOWN_TASK;
    }
    abort(checkpoint, CheckpointFailureReason.TASK_FAILURE, "task " + task + " declined", cause);
    afterCheckpointEnded();
    return AckResult.ACCEPTED;
  }

  /** Stops triggering and aborts what is in flight as {@link CheckpointFailureReason#CANCELLED}. */
  public synchronized void stop() {
    stop(CheckpointFailureReason.CANCELLED);
  }

  /**
   * Stops triggering and aborts what is in flight with {@code reason}, e.g.
   * {@link CheckpointFailureReason#JOB_FAILING} before a failover. Idempotent.
   */
  public synchronized void stop(CheckpointFailureReason reason) {
    Objects.requireNonNull(reason, "reason");
    if (state == State.STOPPED) {
      return;
    }
    state = State.STOPPED;
    timer.disarm();
    for (InFlight<A> checkpoint : new ArrayList<>(inFlight.values())) {
      abort(checkpoint, reason, "", null);
    }
    queuedRequests.forEach(r -> r.completeExceptionally(notStarted(reason)));
    queuedRequests.clear();
  }

  /** Ids of the checkpoints in flight, ascending. */
  public synchronized Set<Long> inFlightIds() {
    return new TreeSet<>(inFlight.keySet());
  }

  /** The recent history of ended checkpoints, oldest first. */
  public synchronized List<CheckpointStats> stats() {
    return stats.history();
  }

  /** Checkpoints completed by this coordinator. */
  public synchronized long completedCount() {
    return stats.completedCount();
  }

  /** Checkpoints failed under this coordinator. */
  public synchronized long failedCount() {
    return stats.failedCount();
  }

  // --- event handling; every method below runs under the lock -----------------------------

  private void trigger(List<CompletableFuture<Long>> requests) {
    trigger(requests, CheckpointTrigger.INTERVAL);
  }

  /** Triggers a checkpoint; {@code policyTrigger} names it when no request asked for it. */
  private void trigger(List<CompletableFuture<Long>> requests, CheckpointTrigger policyTrigger) {
    long id = ids.next();
    long now = clock.millis();
    InFlight<A> checkpoint = new InFlight<>(new PendingCheckpoint<>(id, now, tasks), requests);
    inFlight.put(id, checkpoint);
    lastTriggerTime = now;
    records = 0;
    stateBytes = 0;
    checkpoint.timeout =
        scheduler.schedule(Duration.ofMillis(config.timeoutMs()), () -> onTimeout(id));
    try {
      if (requests.stream().anyMatch(savepointRequests::contains)) {
        actions.savepoint(id);
      }
      // Requests served together: the weightiest names it (final > stop > savepoint > on demand).
      actions.triggered(id, requests.stream().map(requestTriggers::get)
          .filter(Objects::nonNull).max(java.util.Comparator.naturalOrder())
          .orElse(policyTrigger));
      actions.triggerSources(id, now);
    } catch (RuntimeException e) {
      abort(checkpoint, CheckpointFailureReason.TRIGGER_FAILURE, "", e);
      afterCheckpointEnded();
    }
  }

  private synchronized void onTimeout(long id) {
    InFlight<A> checkpoint = inFlight.get(id);
    if (checkpoint != null) {
      abort(checkpoint, CheckpointFailureReason.TIMEOUT, "after " + config.timeoutMs()
          + " ms; missing " + checkpoint.pending.missingTasks(), null);
      afterCheckpointEnded();
    }
  }

  private void complete(InFlight<A> checkpoint) {
    PendingCheckpoint<A> pending = checkpoint.pending;
    try {
      actions.persistManifest(pending.id(), pending.triggerTimestamp(), pending.acks());
    } catch (IOException | RuntimeException e) {
      abort(checkpoint, CheckpointFailureReason.STORE_FAILURE, "", e);
      afterCheckpointEnded();
      return;
    }
    pending.markCompleted();
    long id = pending.id();
    end(checkpoint);
    lastCompletionTime = clock.millis();
    failures.onSuccess();
    stats.record(CheckpointStats.of(pending, lastCompletionTime));
    for (InFlight<A> older : new ArrayList<>(inFlight.headMap(id, false).values())) {
      abort(older, CheckpointFailureReason.SUBSUMED, "by checkpoint " + id, null);
    }
    LOG.debug("Checkpoint {} complete in {} ms", id,
        lastCompletionTime - pending.triggerTimestamp());
    actions.notifyComplete(id);
    checkpoint.requests.forEach(r -> r.complete(id));
    afterCheckpointEnded();
  }

  /** Ends {@code checkpoint} as aborted; the caller then runs {@link #afterCheckpointEnded()}. */
  private void abort(InFlight<A> checkpoint, CheckpointFailureReason reason, String detail,
      Throwable cause) {
    PendingCheckpoint<A> pending = checkpoint.pending;
    if (!pending.abort(reason)) {
      return;
    }
    end(checkpoint);
    stats.record(CheckpointStats.of(pending, clock.millis()));
    String message = "Checkpoint " + pending.id() + " failed: " + reason.message()
        + (detail.isEmpty() ? "" : " (" + detail + ")") + (cause == null ? "" : ": " + cause);
    if (reason.countsAsFailure()) {
      LOG.warn(message, cause);
    } else {
      LOG.info(message);
    }
    actions.notifyAborted(pending.id(), reason, message);
    CheckpointException failure =
        new CheckpointException(reason, pending.id(), message, cause);
    checkpoint.requests.forEach(r -> r.completeExceptionally(failure));
    if (state == State.RUNNING && failures.onFailure(reason)) {
      stop(CheckpointFailureReason.JOB_FAILING);
      actions.failJob(message + "; that is " + failures.consecutiveFailures()
          + " failed checkpoints in a row and " + CheckpointConfig.TOLERABLE_FAILURES_CONFIG
          + " is " + failures.tolerable() + ". Raise it to tolerate more, or fix the cause.");
    }
  }

  private void end(InFlight<A> checkpoint) {
    inFlight.remove(checkpoint.pending.id());
    checkpoint.timeout.cancel();
  }

  private void afterCheckpointEnded() {
    if (state != State.RUNNING) {
      return;
    }
    if (!queuedRequests.isEmpty() && inFlight.size() < config.maxConcurrent()) {
      List<CompletableFuture<Long>> requests = List.copyOf(queuedRequests);
      queuedRequests.clear();
      trigger(requests);
    }
    reschedule();
  }

  /** Asks the policy and arms (or disarms) the trigger timer accordingly. */
  private void reschedule() {
    if (state != State.RUNNING) {
      return;
    }
    Decision decision = policy.decide(new CheckpointTriggerPolicy.Inputs(clock.millis(),
        lastTriggerTime, lastCompletionTime, records, stateBytes, inFlight.size()));
    if (decision instanceof TriggerNow now) {
      timer.disarm();
      trigger(List.of(), switch (now.reason()) {
        case INTERVAL -> CheckpointTrigger.INTERVAL;
        case RECORDS -> CheckpointTrigger.RECORDS;
        case STATE_BYTES -> CheckpointTrigger.STATE_BYTES;
      });
      reschedule();
    } else if (decision instanceof WaitUntil wait) {
      timer.armAt(wait.timeMillis(), this::onTimer);
    } else {
      timer.disarm();
    }
  }

  private synchronized void onTimer() {
    reschedule();
  }

  private static CheckpointException notStarted(CheckpointFailureReason reason) {
    return new CheckpointException(reason, -1,
        "Checkpoint not started: " + reason.message(), null);
  }

  private static long addCount(long total, long n, String what) {
    if (n < 0) {
      throw new IllegalArgumentException(what + " reported must be >= 0, was " + n);
    }
    long sum = total + n;
    return sum < 0 ? Long.MAX_VALUE : sum;
  }

  /** A checkpoint in flight with its timeout and the on-demand requests it serves. */
  private static final class InFlight<A> {
    final PendingCheckpoint<A> pending;
    final List<CompletableFuture<Long>> requests;
    Cancellable timeout = () -> { };

    InFlight(PendingCheckpoint<A> pending, List<CompletableFuture<Long>> requests) {
      this.pending = pending;
      this.requests = requests;
    }
  }
}
