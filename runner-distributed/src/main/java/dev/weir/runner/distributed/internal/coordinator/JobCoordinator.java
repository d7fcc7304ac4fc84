package dev.weir.runner.distributed.internal.coordinator;

import dev.weir.runner.distributed.internal.ClusterTopics;
import dev.weir.runner.distributed.internal.TaskLayout;
import dev.weir.runner.distributed.internal.exchange.ExchangeTopics;
import dev.weir.runner.distributed.internal.protocol.CompletedCheckpoint;
import dev.weir.runner.distributed.internal.protocol.ControlMessage;
import dev.weir.runner.distributed.internal.protocol.JobRequest;
import dev.weir.runner.distributed.internal.protocol.FailureText;
import dev.weir.runner.distributed.internal.protocol.ProtocolCodec;
import dev.weir.runner.distributed.internal.protocol.TaskReport;
import dev.weir.runner.distributed.internal.worker.TopicTail;
import dev.weir.runtime.checkpoint.AttemptCheckpoints;
import dev.weir.runtime.checkpoint.CheckpointIdCounter;
import dev.weir.runtime.checkpoint.CheckpointParticipants;
import dev.weir.runtime.checkpoint.TaskId;
import dev.weir.runtime.failure.RestartPolicy;
import dev.weir.runtime.plan.PhysicalPlan;
import dev.weir.runtime.time.SystemScheduler;
import dev.weir.sdk.CheckpointFailureReason;
import dev.weir.sdk.CheckpointMetrics;
import dev.weir.sdk.RestartStrategy;
import dev.weir.sdk.checkpoint.CheckpointConfig;
import dev.weir.sdk.checkpoint.CheckpointStore;
import dev.weir.sdk.checkpoint.StateHandle;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator of one job for one rebalance, on the worker that holds task-topic partition
 * 0: fences older coordinators, starts the next epoch (restart decision, checkpoint to restore,
 * exchange start offsets, {@code START}), then drives checkpoints through the runtime's
 * {@link AttemptCheckpoints} over the control and reports topics, trims exchanges behind
 * completed checkpoints, and ends the job when every subtask ended after the final checkpoint.
 *
 * <p>One thread; {@link #stop()} (on revocation) ends it and waits.
 *
 * <p>About 470 lines, kept in one class on purpose: the epoch's start sequence, the reports and
 * requests it reacts to and the job's status all read and write the same few fields (epoch,
 * restarts, latest checkpoint, the end written once under {@code statusLock}), and splitting
 * them would spread that state over classes. What needs none of it lives apart: where an epoch
 * starts ({@link EpochStart}), the stop ({@link StopSequence}), the status of its subtasks
 * ({@link StatusAssembler}), the control log, the status
 * writer and the job's history.
 */
public final class JobCoordinator implements CheckpointParticipants {
  private static final Logger LOG = LoggerFactory.getLogger(JobCoordinator.class);

  /** What the coordinator needs from its worker. */
  public record Context(String jobId, PhysicalPlan plan, TaskLayout layout, ClusterTopics topics,
      Map<String, Object> kafka, Admin admin,
      java.util.concurrent.Callable<CheckpointStore> fencedStore,
      CheckpointConfig checkpoints, RestartStrategy restartStrategy,
      boolean allowNonRestoredState, boolean resume, StatusWriter status,
      Consumer<Collection<StateHandle>> finishedBlobs) {
  }

  /**
   * How long the coordinator of a job's first rebalance waits before it starts epoch 1: workers
   * that learn of a new job at the same moment join its group one after the other, and each
   * join is a rebalance, so starting at once would cost a rollback per late joiner.
   */
  static final long FIRST_START_SETTLE_MILLIS = 500;

  private final Context ctx;
  private final String rebalanceId;
  private final int missingSlots;
  private final Map<Integer, String> workers;
  private final Consumer<Throwable> requestRollback;
  private final Thread thread;
  private final CountDownLatch stopSignal = new CountDownLatch(1);
  private final Set<TaskId> ended = ConcurrentHashMap.newKeySet();
  private final Map<Long, Map<String, Long>> positionsByCheckpoint = new ConcurrentHashMap<>();
  private final ExecutorService background = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "weir-coordinator-background");
    t.setDaemon(true);
    return t;
  });
  private volatile boolean stopping;
  private volatile ControlLog control;
  private CheckpointStore store;
  private volatile AttemptCheckpoints checkpoints;
  private volatile long epoch;
  private volatile int restarts;
  private volatile long latestCheckpoint = -1;
  private volatile String lastFailure;
  /** The stop of the running epoch; set with {@link #checkpoints}. */
  private volatile StopSequence stop;
  /** Guards the job's status: nothing writes RUNNING after its end was written. */
  private final Object statusLock = new Object();
  private boolean jobEnded;
  /** The epoch's subtasks as their reports tell: the job's status. */
  private final StatusAssembler statusOf;
  /** How often the coordinator writes new counts, rates and backpressure into the status. */
  static final long METRICS_STATUS_INTERVAL_MILLIS = 1_000;

  /**
   * @param requestRollback asks the worker to rebalance the job's group (a failed checkpoint
   *     limit, a lost task): every subtask rolls back
   */
  public JobCoordinator(Context ctx, String rebalanceId, int missingSlots,
      Map<Integer, String> workers, Consumer<Throwable> requestRollback) {
    this.ctx = ctx;
    this.rebalanceId = rebalanceId;
    this.missingSlots = missingSlots;
    this.workers = workers;
    this.requestRollback = requestRollback;
    this.statusOf = new StatusAssembler(ctx.jobId(), ctx.plan(), ctx.layout(), workers);
    this.thread = new Thread(this::run, "weir-" + ctx.jobId() + "-coordinator");
    this.thread.setDaemon(true);
  }

  public void start() {
    thread.start();
  }

  private void run() {
    long settleUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(FIRST_START_SETTLE_MILLIS);
    SystemScheduler scheduler = new SystemScheduler();
    TopicTail reports = null;
    TopicTail requests = null;
    try {
      control = new ControlLog(ctx.kafka(), ctx.topics().control(ctx.jobId()),
          ctx.topics().coordinatorTransactionalId(ctx.jobId()));
      store = ctx.fencedStore().call();
      Optional<ControlMessage.Start> last = ControlLog.lastStart(ctx.kafka(),
          ctx.topics().control(ctx.jobId()));
      epoch = last.map(s -> s.epoch() + 1).orElse(1L);
      restarts = last.map(s -> s.restarts() + 1).orElse(0);
      if (JobHistory.cancelRequested(ctx.kafka(), ctx.topics().jobs(), ctx.jobId())) {
        endJob("CANCELLED", null);
        return;
      }
      if (missingSlots > 0) {
        String why = "waiting for slots: " + missingSlots + " of the job's "
            + ctx.layout().taskIds().size() + " subtasks have no worker slot; start more "
            + "workers or give them more --slots";
        LOG.warn("Job '{}': {}", ctx.jobId(), why);
        ctx.status().write(statusOf.waiting(Math.max(0, epoch - 1), Math.max(0, restarts - 1),
            latestCheckpoint, why));
        stopSignal.await();
        return;
      }
      // The settle time runs while the coordinator fences and reads the job's past.
      if (epoch == 1 && stopSignal.await(Math.max(0, settleUntil - System.nanoTime()),
          TimeUnit.NANOSECONDS)) {
        // Another worker joined meanwhile: the next rebalance's coordinator starts epoch 1.
        return;
      }
      if (restarts > 0) {
        Optional<String> failed = JobHistory.firstFailure(ctx.kafka(),
            ctx.topics().reports(ctx.jobId()), epoch - 1);
        RestartPolicy policy = new RestartPolicy(ctx.restartStrategy(), true);
        RestartPolicy.Decision d = policy.onFailure(restarts, failed.<Throwable>map(
            FailureText::parse).orElseGet(() -> new IllegalStateException(
                "a subtask of the job failed or a worker left")));
        if (d instanceof RestartPolicy.Fail fail) {
          // The job's end carries the failing task's error, for its clients.
          LOG.warn("Job '{}': the job does not restart: {}", ctx.jobId(), fail.reason());
          endJob("FAILED", failed.orElse("the job does not restart: " + fail.reason()));
          return;
        }
        long delay = ((RestartPolicy.Restart) d).delay().toMillis();
        if (delay > 0 && stopSignal.await(delay, TimeUnit.MILLISECONDS)) {
          return;
        }
      }
      EpochStart start = EpochStart.read(ctx, store, epoch);
      TopicPartition reportsTp = EpochStart.reportsPartition(ctx);
      TopicPartition requestsTp = EpochStart.requestsPartition(ctx);
      if (stopping) {
        return;
      }
      long startOffset = control.publish(new ControlMessage.Start(epoch, rebalanceId,
          start.restoredId(), restarts, start.startOffsets()));
      LOG.info("Job '{}': epoch {} started (restart {}), {}", ctx.jobId(), epoch, restarts,
          start.restored() == null ? "from empty state"
              : "restoring checkpoint " + start.restoredId());
      latestCheckpoint = start.restoredId();
      ctx.status().write(statusOf.status("RUNNING", epoch, restarts, latestCheckpoint, null));
      trimBelow(start.exchangeEnds(), Map.of(new TopicPartition(ctx.topics().control(
          ctx.jobId()), 0), startOffset, reportsTp, start.reportsFrom(), requestsTp,
          start.requestsKeptFrom()));
      AttemptCheckpoints cps = new AttemptCheckpoints(ctx.plan(), ctx.jobId(), () -> false,
          store, ctx.checkpoints(), Clock.systemUTC(), this::checkpointingFailed,
          this::completed, background);
      cps.start(this, scheduler, CheckpointIdCounter.resumingAfter(
          store.highestCheckpointId(ctx.plan().jobName())));
      stop = new StopSequence(ctx.jobId(), epoch, () -> checkpoints, this::publish,
          () -> stopping, stopSignal);
      checkpoints = cps;
      // Reports are read from where they stood before START, so none of the new epoch is
      // missed; only once the checkpoints are started, since the first ones (a task's input
      // ended) must reach them.
      reports = new TopicTail(ctx.kafka(), reportsTp.topic(), start.reportsFrom(),
          "weir-" + ctx.jobId() + "-reports", this::onReport).start();
      // Requests of clients, from where they stood when this epoch started.
      requests = new TopicTail(ctx.kafka(), requestsTp.topic(), start.requestsFrom(),
          "weir-" + ctx.jobId() + "-requests", this::onRequest).start();
      start.pendingStop().ifPresent(this::onRequest);
      scheduleMetrics(scheduler);
      stopSignal.await();
      cps.stop(CheckpointFailureReason.CANCELLED);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ProducerFencedException e) {
      LOG.warn("Job '{}': this coordinator was fenced by a newer one; stepping down", ctx.jobId());
    } catch (Exception e) {
      Optional<Throwable> fatal = dev.weir.runtime.failure.FailureClassifier.unrecoverableCause(e);
      if (!stopping && fatal.isPresent()) {
        // A rollback would meet the same refusal (an incompatible checkpoint, bad settings).
        LOG.error("Job '{}': {}; the job fails", ctx.jobId(), fatal.get().getMessage());
        endJob("FAILED", FailureText.of(fatal.get()));
      } else if (!stopping) {
        LOG.error("Job '{}': the coordinator failed: {}; rolling the job back in 1 s",
            ctx.jobId(), e.toString(), e);
        try {
          // Not at once: a failure that repeats must not turn into a storm of rebalances.
          if (!stopSignal.await(1, TimeUnit.SECONDS)) {
            requestRollback.accept(e);
          }
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
        }
      }
    } finally {
      if (reports != null) {
        reports.close();
      }
      if (requests != null) {
        requests.close();
      }
      scheduler.close();
      background.shutdown();
      ControlLog c = control;
      if (c != null) {
        c.close();
      }
      if (store != null) {
        try {
          store.close();
        } catch (Exception e) {
          LOG.warn("Job '{}': closing the coordinator's store view failed: {}", ctx.jobId(), e.toString());
        }
      }
    }
  }

  private void onReport(ConsumerRecord<byte[], byte[]> r) {
    TaskReport report = ProtocolCodec.decodeTaskReport(r.value());
    AttemptCheckpoints cps = checkpoints;
    if (report.epoch() != epoch || cps == null) {
      return;
    }
    statusOf.onReport(report);
    LOG.debug("Job '{}': report {} {} of {}", ctx.jobId(), report.getClass().getSimpleName(),
        report instanceof TaskReport.Ack a ? a.checkpointId() : -1, report.task());
    if (report instanceof TaskReport.Ack ack) {
      positionsByCheckpoint.computeIfAbsent(ack.checkpointId(), id -> new ConcurrentHashMap<>())
          .putAll(ack.inputPositions());
      // The subtask's process acknowledged only after the brokers took every chunk: the
      // manifest is written without reading its blobs back (a restore verifies them).
      ctx.finishedBlobs().accept(ack.snapshot().handlesWrittenFor(ack.checkpointId()));
      cps.acknowledge(ack.task(), ack.checkpointId(), ack.snapshot());
    } else if (report instanceof TaskReport.Decline d) {
      cps.decline(d.task(), d.checkpointId(), new IllegalStateException(d.error()));
    } else if (report instanceof TaskReport.InputEnded ie) {
      cps.inputEnded(ie.task());
    } else if (report instanceof TaskReport.Failed f) {
      lastFailure = f.task() + ": " + f.error();
      LOG.warn("Job '{}' epoch {}: subtask {} failed: {}", ctx.jobId(), epoch, f.task(), f.error());
    } else if (report instanceof TaskReport.Ended e) {
      ended.add(e.task());
      if (ended.size() == ctx.layout().taskIds().size()) {
        String state = stop.stopped() ? "STOPPED" : "DONE";
        background.execute(() -> endJob(state, null));
      }
    }
  }

  /**
   * A client's request: a checkpoint or a savepoint now (the client waits for it to complete),
   * or a stop.
   */
  private void onRequest(ConsumerRecord<byte[], byte[]> r) {
    JobRequest request = ProtocolCodec.decodeJobRequest(r.value());
    AttemptCheckpoints cps = checkpoints;
    if (cps == null || stopping) {
      return;
    }
    LOG.info("Job '{}': {} requested ({})", ctx.jobId(), request.kind(), request.requestId());
    if (request.kind().stops()) {
      stop.begin(request);
      return;
    }
    java.util.concurrent.CompletableFuture<Long> done =
        request.kind() == JobRequest.Kind.SAVEPOINT ? cps.triggerSavepoint() : cps.trigger();
    done.whenComplete((id, error) -> {
      if (error == null) {
        LOG.info("Job '{}': {} of request {} is checkpoint {}", ctx.jobId(), request.kind(),
            request.requestId(), id);
      } else {
        LOG.warn("Job '{}': {} of request {} failed: {}", ctx.jobId(), request.kind(),
            request.requestId(), error.toString());
      }
    });
  }

  private void endJob(String state, String failure) {
    try {
      LOG.info("Job '{}' ended: {}{}", ctx.jobId(), state, failure == null ? "" : " (" + failure + ")");
      synchronized (statusLock) {
        jobEnded = true;
        StopSequence stopped = stop;
        if (stopped != null && stopped.stopped()) {
          latestCheckpoint = stopped.checkpointId(); // the client copies the stop savepoint by it
        }
        ctx.status().write(statusOf.status(state, epoch, restarts, latestCheckpoint, failure));
      }
      control.publish(new ControlMessage.End(epoch, state, failure));
      ctx.status().removeDefinition(ctx.jobId());
    } catch (RuntimeException e) {
      LOG.warn("Job '{}': recording its end ({}) failed: {}", ctx.jobId(), state, e.toString());
    }
  }

  private void completed(CheckpointMetrics m) {
    ctx.status().checkpointCompleted(ctx.jobId(), new CompletedCheckpoint(epoch, m));
    synchronized (statusLock) {
      if (jobEnded) {
        return; // a checkpoint that completed as the job stopped: the end stays its status
      }
      latestCheckpoint = m.checkpointId();
      ctx.status().write(statusOf.status("RUNNING", epoch, restarts, latestCheckpoint, null));
    }
  }

  private void scheduleMetrics(SystemScheduler scheduler) {
    scheduler.schedule(java.time.Duration.ofMillis(METRICS_STATUS_INTERVAL_MILLIS), () -> {
      try {
        writeMetrics();
      } catch (RuntimeException e) {
        LOG.warn("Job '{}': writing record counts into its status failed: {}", ctx.jobId(),
            e.toString());
      }
      if (!stopping) {
        try {
          scheduleMetrics(scheduler);
        } catch (RuntimeException e) {
          // The coordinator's thread ended and closed its scheduler: no more counts to write.
          LOG.debug("Job '{}': record counts no longer written: {}", ctx.jobId(), e.toString());
        }
      }
    });
  }

  /** Writes the tasks' latest record counts into the job's status, if they changed. */
  private void writeMetrics() {
    if (!statusOf.takeChanged() || stopping) {
      return;
    }
    synchronized (statusLock) {
      if (!jobEnded) {
        ctx.status().write(statusOf.status("RUNNING", epoch, restarts, latestCheckpoint, null));
      }
    }
  }

  private void checkpointingFailed(Throwable t) {
    if (stopping) {
      // A stopped coordinator's checkpoints fail by being stopped: the epoch is over already.
      LOG.debug("Job '{}': checkpointing of a stopped coordinator ended: {}", ctx.jobId(),
          t.getMessage());
      return;
    }
    LOG.warn("Job '{}': {}; rolling the job back", ctx.jobId(), t.getMessage());
    requestRollback.accept(t);
  }

  private void trimBelow(Map<TopicPartition, Long> exchanges, Map<TopicPartition, Long> more) {
    Map<TopicPartition, Long> all = new HashMap<>(exchanges);
    all.putAll(more);
    background.execute(() -> {
      try {
        ExchangeTopics.trim(ctx.admin(), all);
      } catch (java.io.IOException | RuntimeException e) {
        LOG.debug("Job '{}': trimming failed (retried at the next checkpoint): {}", ctx.jobId(),
            e.toString());
      }
    });
  }

  // ---- CheckpointParticipants: control messages to every subtask

  @Override
  public Set<TaskId> taskIds() {
    return new LinkedHashSet<>(ctx.layout().taskIds());
  }

  @Override
  public void triggerCheckpoint(long checkpointId, long timestamp) {
    publish(new ControlMessage.Trigger(epoch, checkpointId, timestamp));
  }

  @Override
  public void notifyCheckpointComplete(long checkpointId) {
    publish(new ControlMessage.Complete(epoch, checkpointId));
    Map<String, Long> positions = positionsByCheckpoint.remove(checkpointId);
    positionsByCheckpoint.keySet().removeIf(id -> id < checkpointId);
    if (positions != null && !positions.isEmpty()) {
      trimBelow(ClusterTopics.offsetsByPartition(positions), Map.of());
    }
  }

  @Override
  public void notifyCheckpointAborted(long checkpointId) {
    positionsByCheckpoint.remove(checkpointId);
    publish(new ControlMessage.Abort(epoch, checkpointId));
  }

  @Override
  public void finish() {
    publish(new ControlMessage.Finish(epoch));
  }

  private void publish(ControlMessage m) {
    if (stopping) {
      return;
    }
    try {
      long t0 = System.nanoTime();
      control.publish(m);
      LOG.debug("Job '{}': published {} in {} ms", ctx.jobId(), m, (System.nanoTime() - t0) / 1_000_000);
    } catch (ProducerFencedException e) {
      LOG.warn("Job '{}': this coordinator was fenced by a newer one; stepping down", ctx.jobId());
      stopSignal.countDown();
    }
  }

  /** The epoch this coordinator started (0 until it did). */
  public long epoch() {
    return epoch;
  }

  /** Stops the coordinator and waits for its thread. */
  public void stop() {
    stopping = true;
    stopSignal.countDown();
    if (Thread.currentThread() != thread) {
      try {
        thread.join(30_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
