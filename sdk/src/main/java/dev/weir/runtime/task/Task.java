package dev.weir.runtime.task;

import dev.weir.sdk.spi.FaultInjector;

import dev.weir.sdk.CheckpointFailureReason;
import dev.weir.runtime.checkpoint.TaskId;
import dev.weir.runtime.graph.LogicalNode;
import dev.weir.runtime.plan.Exchange;
import dev.weir.runtime.snapshot.OperatorSnapshot;
import dev.weir.sdk.WeirException;
import dev.weir.sdk.io.ReadStatus;
import dev.weir.sdk.io.SourceReader;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subtask of a chain: reads its source or its input gate, runs the chain, writes to the
 * exchanges, and takes part in checkpoints. The same code runs in every runner; the runner
 * supplies channels, a thread and {@link TaskServices}.
 *
 * <p>Other threads talk to a running task only through its mailbox ({@link #triggerCheckpoint},
 * {@link #notifyCheckpointComplete}, {@link #notifyCheckpointAborted}, {@link #finish}); the
 * task thread runs the mail between batches, so operators and state are touched by one
 * thread only.
 *
 * <p>With checkpoints, a task that processed all its input stays alive: it takes part in
 * later checkpoints with its final state (it is triggered directly, as no barrier can reach
 * it any more) and ends when the runner calls {@link #finish} after the final checkpoint.
 *
 * <p>About 450 lines, kept in one class on purpose: the mailbox surface that other threads
 * call and the two loops of the task thread (source, inputs) share the task-thread state that
 * the mail touches (pending triggers, the last snapshot); what has a decision or an adapter of
 * its own lives beside it. The task composes those small parts: its lifecycle is a {@link TaskState} machine
 * ({@link TaskLifecycle}); a {@link SourceDriver} runs the head of a source chain; a
 * {@link WatermarkValve} combines the input channels' watermarks and a {@link BarrierAligner}
 * their barriers; a {@link SnapshotWriter} takes the task's part of a checkpoint.
 */
public final class Task {
  private static final Logger LOG = LoggerFactory.getLogger(Task.class);

  private static final long IDLE_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
  private static final long SOURCE_IDLE_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

  private final TaskConfig config;
  private final TaskServices services;
  private final InputGate gate;
  private final ChainRuntime chain;
  private final LogicalNode head;
  private final TaskId taskId;
  private final Mailbox mailbox = new Mailbox();
  private final TaskLifecycle lifecycle = new TaskLifecycle();
  private final BarrierAligner aligner;
  private final SnapshotWriter snapshots;
  private final SourceDriver source;
  private final boolean reportStateBytes;
  /** Every output channel of the task, for its backpressure. */
  private final List<OutputChannel> outputChannels;
  private volatile long lastNotified = Long.MIN_VALUE;
  /** Set when the task thread has left {@link #run}, whatever the state says. */
  private volatile boolean exited;
  private volatile long firstRecordNanos;

  // Task-thread state.
  private long lastSnapshotId;
  private long pendingDirectTrigger;
  private long pendingDirectTimestamp;
  private long lastBarrierTimestamp;

  /**
   * @param gate the input channels, {@code null} for a source chain
   * @param outputs for each exchange leaving the chain, one channel per downstream subtask
   */
  public Task(TaskConfig config, TaskServices services, InputGate gate,
      Map<Exchange, OutputChannel[]> outputs) {
    this.config = config;
    this.services = services;
    this.gate = gate;
    this.head = config.chain().head();
    this.chain = new ChainRuntime(config, outputs);
    this.outputChannels = outputs.values().stream()
        .flatMap(java.util.Arrays::stream).toList();
    this.taskId = TaskId.of(config.chain().name(), config.subtask());
    if ((gate == null) != config.chain().isSource()) {
      throw new IllegalArgumentException("a source chain has no input gate, any other chain has one: "
          + config.taskName());
    }
    // Alignment time is a checkpoint figure: real time, not the timers' (maybe manual) clock.
    this.aligner = gate != null && config.checkpointing()
        ? new BarrierAligner(gate.channelCount(), Clock.systemUTC()) : null;
    this.snapshots = new SnapshotWriter(config, services, taskId, chain);
    this.source = gate == null ? new SourceDriver(config, services, chain) : null;
    this.reportStateBytes = config.checkpointing() && services.responder() != null
        && services.responder().wantsStateBytes() && config.chain().isKeyed();
  }

  public String name() {
    return config.taskName();
  }

  public TaskId id() {
    return taskId;
  }

  public TaskConfig config() {
    return config;
  }

  /** The task's lifecycle state now. */
  public TaskState state() {
    return lifecycle.state();
  }

  /** The step counters of this subtask. */
  public List<StepCounters> counters() {
    return chain.allCounters();
  }

  /**
   * Nanoseconds this task has waited for room in its output channels so far (summed over the
   * channels; the task thread waits on one at a time).
   */
  public long backpressuredNanos() {
    long sum = 0;
    for (OutputChannel c : outputChannels) {
      sum += c.backpressuredNanos();
    }
    return sum;
  }

  /** {@code System.nanoTime()} when this (non-source) task got its first record, or 0. */
  public long firstRecordNanos() {
    return firstRecordNanos;
  }

  /** The operators of this subtask by step (for the runner's cleanup and tests). */
  public Map<LogicalNode, Operator> operators() {
    return chain.operators();
  }

  // ---- called from other threads

  /** Asks the task to stop; the runner also interrupts its thread. */
  public void cancel() {
    lifecycle.tryMoveTo(TaskState.CANCELLED);
    mailbox.wake();
  }

  /**
   * Starts checkpoint {@code id} here: a source snapshots at the next record boundary and
   * emits the barrier; a task that processed all its input snapshots its final state; any
   * other task waits for the barrier from its inputs.
   */
  public void triggerCheckpoint(long id, long timestamp) {
    post(() -> {
      boolean inputEnded = inputEnded();
      if (gate == null && !inputEnded) {
        performCheckpoint(id, timestamp, true);
      } else if (inputEnded) {
        if (id > lastSnapshotId) {
          performCheckpoint(id, timestamp, false);
        }
      } else if (id > pendingDirectTrigger) {
        pendingDirectTrigger = id;
        pendingDirectTimestamp = timestamp;
      }
    });
  }

  /** Checkpoint {@code id} completed: sinks commit, sources are told. */
  public void notifyCheckpointComplete(long id) {
    post(() -> {
      for (Map.Entry<LogicalNode, Operator> e : chain.operators().entrySet()) {
        if (e.getValue().commitsOnCheckpointComplete()) {
          services.faults().beforeCommit(e.getKey().name(), config.subtask(), id);
        }
        e.getValue().notifyCheckpointComplete(id);
      }
      lastNotified = Math.max(lastNotified, id);
      SourceReader<Object, Object> reader = reader();
      if (reader != null) {
        reader.notifyCheckpointComplete(id);
      }
    });
  }

  /** Checkpoint {@code id} was aborted: stop aligning it. */
  public void notifyCheckpointAborted(long id) {
    post(() -> {
      if (aligner != null) {
        applyAlignment(aligner.onCheckpointAborted(id, CheckpointFailureReason.CANCELLED));
      }
    });
  }

  /** The final checkpoint completed (or the job takes none): a task that waits may end. */
  public void finish() {
    lifecycle.tryMoveTo(TaskState.FINISHING);
    mailbox.wake();
  }

  /**
   * Asks a source task to stop reading as if its input had ended (a drain); other tasks
   * ignore it.
   */
  public void requestEndOfInput() {
    if (gate == null) {
      lifecycle.tryMoveTo(TaskState.DRAINING);
      mailbox.wake();
    }
  }

  /**
   * Asks a source task to stop reading for good while it keeps taking part in checkpoints (a
   * stop with a final checkpoint); other tasks ignore it.
   */
  public void requestPause() {
    if (gate == null) {
      lifecycle.tryMoveTo(TaskState.PAUSED);
      mailbox.wake();
    }
  }

  /**
   * Runs {@code action} on the task's thread once the task has processed what was posted to it
   * before (a checkpoint's completion, say: its sinks have committed by then); never if the task
   * ends first.
   */
  public void afterPosted(Runnable action) {
    post(action::run);
  }

  /** The newest checkpoint whose completion this task has processed (its sinks committed). */
  public long lastNotifiedCheckpoint() {
    return lastNotified;
  }

  /** Whether the task's thread has ended. */
  public boolean ended() {
    return exited;
  }

  private void post(MailAction action) {
    mailbox.post(() -> {
      try {
        action.run();
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new WeirException(name() + ": " + e.getMessage(), e, head.name(), config.subtask());
      }
    });
  }

  @FunctionalInterface
  private interface MailAction {
    void run() throws Exception;
  }

  // ---- the task thread

  /** Runs the task to its end; throws when it failed or was cancelled. */
  public void run() throws Exception {
    mailbox.bindToCurrentThread();
    boolean ok = false;
    try {
      lifecycle.tryMoveTo(TaskState.RUNNING); // unless a pause or drain came first
      checkCancelled();
      chain.open(config, services);
      if (gate == null) {
        runSource();
      } else {
        runInputs();
      }
      chain.endInput();
      chain.broadcast(EndOfInput.INSTANCE);
      if (config.checkpointing()) {
        lifecycle.moveTo(TaskState.INPUT_ENDED, name());
        if (pendingDirectTrigger > lastSnapshotId) {
          performCheckpoint(pendingDirectTrigger, pendingDirectTimestamp, false);
        }
        services.responder().inputEnded(taskId);
        awaitFinish();
      }
      // A cancel that comes after the task finished its work does not make it a failure.
      lifecycle.tryMoveTo(TaskState.ENDED);
      ok = true;
    } catch (RuntimeException | Error e) {
      lifecycle.tryMoveTo(TaskState.FAILED);
      throw e;
    } finally {
      exited = true;
      closeAll(ok);
    }
  }

  /** Closes the reader and the chain, both even if one fails (producers must not leak). */
  private void closeAll(boolean ok) throws Exception {
    Exception closeFailure = null;
    SourceReader<Object, Object> reader = reader();
    if (reader != null) {
      try {
        reader.close();
      } catch (Exception e) {
        closeFailure = e;
      }
    }
    try {
      chain.close();
    } catch (Exception e) {
      if (closeFailure == null) {
        closeFailure = e;
      } else {
        closeFailure.addSuppressed(e);
      }
    }
    if (closeFailure != null) {
      if (ok) {
        throw closeFailure;
      }
      // The task already failed; that failure propagates, this one is only reported.
      LOG.warn("{}: closing after a failure failed too: {}", name(), closeFailure.toString());
    }
  }

  private SourceReader<Object, Object> reader() {
    return source == null ? null : source.reader();
  }

  /** Whether the task processed all its input (a final state it snapshots when triggered). */
  private boolean inputEnded() {
    TaskState s = lifecycle.state();
    return s == TaskState.INPUT_ENDED || s == TaskState.FINISHING;
  }

  private void checkCancelled() {
    if (lifecycle.state() == TaskState.CANCELLED || Thread.currentThread().isInterrupted()) {
      throw new TaskCancelledException(name());
    }
  }

  private void awaitFinish() {
    while (lifecycle.state() != TaskState.FINISHING) {
      checkCancelled();
      mailbox.runAll();
      if (lifecycle.state() != TaskState.FINISHING && mailbox.isEmpty()) {
        LockSupport.parkNanos(this, IDLE_WAIT_NANOS);
      }
    }
    mailbox.runAll();
  }

  private void runInputs() {
    WatermarkValve valve = new WatermarkValve(gate.channelCount());
    Operator headOp = chain.operator(head);
    StepCounters headCounters = chain.counters(head);
    NodeOutput headOutput = chain.output(head);
    FaultInjector faults = services.faults().active() ? services.faults() : null;
    while (valve.liveChannels() > 0) {
      checkCancelled();
      if (!mailbox.isEmpty()) {
        mailbox.runAll();
      }
      ChannelEvent event = gate.poll(0);
      if (event == null) {
        chain.flush();
        fireProcessingTimers();
        event = gate.poll(chain.nanosUntilNextTimer(config.clock(), IDLE_WAIT_NANOS));
        if (event == null) {
          continue;
        }
      }
      int channel = gate.lastChannel();
      long advanced = WatermarkValve.NO_ADVANCE;
      if (event instanceof RecordBatch batch) {
        processBatch(batch, headOp, headCounters, faults);
      } else if (event instanceof Watermark w) {
        advanced = valve.onWatermark(channel, w.timestamp());
      } else if (event instanceof Barrier b) {
        if (aligner == null) {
          throw new IllegalStateException(name() + " received " + b + " but the job takes no checkpoints");
        }
        lastBarrierTimestamp = b.timestamp();
        applyAlignment(aligner.onBarrier(channel, b.checkpointId()));
      } else if (event == EndOfInput.INSTANCE && !valve.ended(channel)) {
        advanced = valve.onEndOfInput(channel);
        if (aligner != null && valve.liveChannels() > 0) {
          applyAlignment(aligner.onEndOfInput(channel));
        }
      }
      if (advanced != WatermarkValve.NO_ADVANCE) {
        headCounters.watermark = advanced;
        headOp.processWatermark(advanced, headOutput);
      }
    }
  }

  /**
   * The records of one batch through the chain. A method of its own, so the JIT compiles the
   * record path by itself: when the first barrier or mail reaches {@link #runInputs} and its
   * compiled loop is thrown away (it had only seen record batches), the interpreted loop still
   * calls this compiled code, and the per-record path does not slow down while the loop is
   * compiled again.
   */
  private void processBatch(RecordBatch batch, Operator headOp, StepCounters headCounters,
      FaultInjector faults) {
    if (firstRecordNanos == 0) {
      firstRecordNanos = System.nanoTime();
    }
    int size = batch.size();
    for (int i = 0; i < size; i++) {
      if (faults != null) {
        faults.beforeRecord(head.name(), config.subtask(), headCounters.recordsIn);
      }
      headCounters.recordsIn++;
      headOp.processRecord(batch.value(i), batch.timestamp(i), batch.key(i), batch.keyGroup(i));
    }
    fireProcessingTimers();
    if (reportStateBytes) {
      long changed = headOp.takeStateBytesChanged();
      if (changed > 0) {
        services.responder().stateBytesChanged(changed);
      }
    }
  }

  private void applyAlignment(List<AlignmentAction> actions) {
    for (AlignmentAction a : actions) {
      if (a instanceof AlignmentAction.BlockChannel b) {
        gate.block(b.channel());
      } else if (a instanceof AlignmentAction.UnblockAll) {
        gate.unblockAll();
      } else if (a instanceof AlignmentAction.TakeSnapshot t) {
        performCheckpoint(t.checkpointId(), lastBarrierTimestamp, false);
      } else if (a instanceof AlignmentAction.ForwardBarrier f) {
        chain.broadcast(new Barrier(f.checkpointId(), lastBarrierTimestamp));
      }
    }
  }

  /**
   * Takes this subtask's part of checkpoint {@code id}: the synchronous part now, then the
   * barrier downstream (when {@code sendBarrier}), then the asynchronous part on the
   * runner's executor, which acknowledges.
   */
  private void performCheckpoint(long id, long timestamp, boolean sendBarrier) {
    services.faults().atBarrier(head.name(), config.subtask(), id);
    long start = System.nanoTime();
    List<OperatorSnapshot> captured = snapshots.capture(id, reader());
    long syncMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    if (sendBarrier) {
      chain.broadcast(new Barrier(id, timestamp));
    }
    lastSnapshotId = id;
    long alignment = aligner == null ? 0 : aligner.lastAlignmentDurationMs();
    snapshots.persistAsync(id, captured, syncMillis, alignment);
  }

  private void fireProcessingTimers() {
    chain.fireDueTimers(config.clock());
  }

  private void runSource() {
    source.open();
    while (true) {
      checkCancelled();
      if (!mailbox.isEmpty()) {
        mailbox.runAll();
      }
      TaskState state = lifecycle.state();
      if (state == TaskState.DRAINING) {
        break;
      }
      if (state == TaskState.PAUSED) {
        // Read nothing more; keep serving mail (checkpoint triggers) until cancelled.
        chain.flush();
        LockSupport.parkNanos(this, SOURCE_IDLE_WAIT_NANOS);
        continue;
      }
      ReadStatus status = source.readOnce();
      fireProcessingTimers();
      if (status == ReadStatus.END_OF_INPUT) {
        break;
      }
      if (status == ReadStatus.NOTHING_AVAILABLE) {
        chain.flush();
        LockSupport.parkNanos(this, SOURCE_IDLE_WAIT_NANOS);
      }
    }
  }
}
