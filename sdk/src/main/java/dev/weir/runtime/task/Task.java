package dev.weir.runtime.task;

import dev.weir.sdk.CheckpointFailureReason;
import dev.weir.runtime.checkpoint.TaskId;
import dev.weir.runtime.graph.LogicalNode;
import dev.weir.runtime.operators.SinkOperator;
import dev.weir.runtime.plan.Exchange;
import dev.weir.runtime.snapshot.ListOperatorSnapshot;
import dev.weir.runtime.snapshot.OperatorSnapshot;
import dev.weir.runtime.snapshot.RestoredState;
import dev.weir.runtime.snapshot.SnapshotStorage;
import dev.weir.runtime.snapshot.StepSnapshotPart;
import dev.weir.runtime.snapshot.TaskSnapshot;
import dev.weir.sdk.UserFunctionException;
import dev.weir.sdk.WeirException;
import dev.weir.sdk.io.DeadLetter;
import dev.weir.sdk.io.ReadStatus;
import dev.weir.sdk.io.Source;
import dev.weir.sdk.io.SourceContext;
import dev.weir.sdk.io.SourceOutput;
import dev.weir.sdk.io.SourceReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
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
  private final ConcurrentLinkedQueue<Runnable> mailbox = new ConcurrentLinkedQueue<>();
  private final BarrierAligner aligner;
  private volatile boolean cancelled;
  private volatile boolean endOfInputRequested;
  private volatile boolean pauseRequested;
  private volatile long lastNotified = Long.MIN_VALUE;
  private volatile boolean ended;
  private volatile Thread thread;
  private volatile boolean finishRequested;
  private volatile long firstRecordNanos;

  // Task-thread state.
  private SourceReader<Object, Object> reader;
  private boolean inputEnded;
  private long lastSnapshotId;
  private long pendingDirectTrigger;
  private long pendingDirectTimestamp;
  private long lastBarrierTimestamp;
  private final boolean reportStateBytes;

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
    this.taskId = TaskId.of(config.chain().name(), config.subtask());
    if ((gate == null) != config.chain().isSource()) {
      throw new IllegalArgumentException("a source chain has no input gate, any other chain has one: "
          + config.taskName());
    }
    this.aligner = gate != null && config.checkpointing()
        ? new BarrierAligner(gate.channelCount(), config.clock()) : null;
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

  /** The step counters of this subtask. */
  public List<StepCounters> counters() {
    return chain.allCounters();
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
    cancelled = true;
  }

  /**
   * Starts checkpoint {@code id} here: a source snapshots at the next record boundary and
   * emits the barrier; a task that processed all its input snapshots its final state; any
   * other task waits for the barrier from its inputs.
   */
  public void triggerCheckpoint(long id, long timestamp) {
    post(() -> {
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
        if (e.getValue() instanceof SinkOperator) {
          services.faults().beforeCommit(e.getKey().name(), config.subtask(), id);
        }
        e.getValue().notifyCheckpointComplete(id);
      }
      lastNotified = Math.max(lastNotified, id);
      if (reader != null) {
        reader.notifyCheckpointComplete(id);
      }
    });
  }

  /** Checkpoint {@code id} was aborted: stop aligning it. */
  public void notifyCheckpointAborted(long id) {
    post(() -> {
      if (aligner != null) {
        applyAlignment(aligner.onCheckpointAborted(id,
            CheckpointFailureReason.CANCELLED));
      }
    });
  }

  /** The final checkpoint completed (or the job takes none): a task that waits may end. */
  public void finish() {
    finishRequested = true;
    wake();
  }

  private void post(MailAction action) {
    mailbox.add(() -> {
      try {
        action.run();
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new WeirException(name() + ": " + e.getMessage(), e, head.name(), config.subtask());
      }
    });
    wake();
  }

  private void wake() {
    Thread t = thread;
    if (t != null) {
      LockSupport.unpark(t);
    }
  }

  @FunctionalInterface
  private interface MailAction {
    void run() throws Exception;
  }

  // ---- the task thread

  /** Runs the task to its end; throws when it failed or was cancelled. */
  public void run() throws Exception {
    thread = Thread.currentThread();
    boolean ok = false;
    try {
      chain.open(config, services);
      if (gate == null) {
        runSource();
      } else {
        runInputs();
      }
      chain.endInput();
      chain.broadcast(EndOfInput.INSTANCE);
      inputEnded = true;
      if (config.checkpointing()) {
        if (pendingDirectTrigger > lastSnapshotId) {
          performCheckpoint(pendingDirectTrigger, pendingDirectTimestamp, false);
        }
        services.responder().inputEnded(taskId);
        awaitFinish();
      }
      ok = true;
    } finally {
      ended = true;
      // Close both even if one fails (a sink's producers must not leak behind a source).
      Exception closeFailure = null;
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
  }

  /**
   * Asks a source task to stop reading as if its input had ended (a drain); other tasks
   * ignore it.
   */
  public void requestEndOfInput() {
    endOfInputRequested = true;
    wake();
  }

  /**
   * Asks a source task to stop reading for good while it keeps taking part in checkpoints (a
   * stop with a final checkpoint); other tasks ignore it.
   */
  public void requestPause() {
    pauseRequested = true;
    wake();
  }

  /** The newest checkpoint whose completion this task has processed (its sinks committed). */
  public long lastNotifiedCheckpoint() {
    return lastNotified;
  }

  /** Whether the task's thread has ended. */
  public boolean ended() {
    return ended;
  }

  private void checkCancelled() {
    if (cancelled || Thread.currentThread().isInterrupted()) {
      throw new TaskCancelledException(name());
    }
  }

  private void runMail() {
    Runnable r;
    while ((r = mailbox.poll()) != null) {
      r.run();
    }
  }

  private void awaitFinish() {
    while (!finishRequested) {
      checkCancelled();
      runMail();
      if (!finishRequested && mailbox.isEmpty()) {
        LockSupport.parkNanos(this, IDLE_WAIT_NANOS);
      }
    }
    runMail();
  }

  private void runInputs() {
    int n = gate.channelCount();
    boolean[] ended = new boolean[n];
    long[] watermarks = new long[n];
    Arrays.fill(watermarks, Long.MIN_VALUE);
    boolean[] idle = new boolean[n];
    long watermark = Long.MIN_VALUE;
    int live = n;
    Operator headOp = chain.operator(head);
    StepCounters headCounters = chain.counters(head);
    NodeOutput headOutput = chain.output(head);
    FaultInjector faults = services.faults().active() ? services.faults() : null;
    while (live > 0) {
      checkCancelled();
      if (!mailbox.isEmpty()) {
        runMail();
      }
      ChannelEvent event = gate.poll(0);
      if (event == null) {
        chain.flush();
        fireProcessingTimers();
        event = gate.poll(waitNanos());
        if (event == null) {
          continue;
        }
      }
      int channel = gate.lastChannel();
      if (event instanceof RecordBatch batch) {
        processBatch(batch, headOp, headCounters, faults);
      } else if (event instanceof Watermark w) {
        idle[channel] = w.isIdle();
        if (!w.isIdle()) {
          watermarks[channel] = Math.max(watermarks[channel], w.timestamp());
        }
        long min = minWatermark(watermarks, ended, idle);
        if (min > watermark && min != Long.MAX_VALUE) {
          watermark = min;
          headCounters.watermark = min;
          headOp.processWatermark(watermark, headOutput);
        }
      } else if (event instanceof Barrier b) {
        if (aligner == null) {
          throw new IllegalStateException(name() + " received " + b + " but the job takes no checkpoints");
        }
        lastBarrierTimestamp = b.timestamp();
        applyAlignment(aligner.onBarrier(channel, b.checkpointId()));
      } else if (event == EndOfInput.INSTANCE && !ended[channel]) {
        ended[channel] = true;
        live--;
        if (aligner != null && live > 0) {
          applyAlignment(aligner.onEndOfInput(channel));
        }
        long min = minWatermark(watermarks, ended, idle);
        if (live > 0 && min > watermark && min != Long.MAX_VALUE) {
          watermark = min;
          headCounters.watermark = min;
          headOp.processWatermark(watermark, headOutput);
        }
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
    List<OperatorSnapshot> snapshots = new ArrayList<>();
    if (reader != null) {
      snapshots.add(ListOperatorSnapshot.of(head.name(), ListOperatorSnapshot.SOURCE_POSITIONS,
          config.subtask(), reader.positionCoder(), reader.snapshotPositions(id)));
    }
    for (Map.Entry<LogicalNode, Operator> e : chain.operators().entrySet()) {
      OperatorSnapshot s;
      try {
        s = e.getValue().snapshotState(id);
      } catch (WeirException ex) {
        throw ex;
      } catch (Exception ex) {
        throw new UserFunctionException(e.getKey().name(), config.subtask(),
            config.chain().parallelism(), ex);
      }
      if (s != null) {
        snapshots.add(s);
      }
    }
    long syncMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    if (sendBarrier) {
      chain.broadcast(new Barrier(id, timestamp));
    }
    lastSnapshotId = id;
    long alignment = aligner == null ? 0 : aligner.lastAlignmentDurationMs();
    services.asyncExecutor().execute(() -> persist(id, snapshots, syncMillis, alignment));
  }

  private void persist(long id, List<OperatorSnapshot> snapshots, long syncMillis, long alignment) {
    long start = System.nanoTime();
    int persisted = 0;
    Throwable failure = null;
    try {
      services.faults().duringAsyncWrite(head.name(), config.subtask(), id);
      SnapshotStorage storage = new SnapshotStorage(services.store(), config.jobName(), id);
      List<StepSnapshotPart> parts = new ArrayList<>();
      for (OperatorSnapshot s : snapshots) {
        persisted++;
        parts.add(s.persist(storage));
      }
      long asyncMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      services.faults().afterAsyncWrite(head.name(), config.subtask(), id);
      services.responder().acknowledge(taskId, id,
          new TaskSnapshot(parts, syncMillis, asyncMillis, alignment));
    } catch (InjectedCrash crash) {
      failure = crash;
      services.asyncFailure().accept(crash);
    } catch (Exception | Error e) {
      failure = e;
      services.responder().decline(taskId, id, e);
    } finally {
      if (failure != null) {
        // Parts not written must not leave later snapshots of this subtask waiting for them.
        for (int i = persisted; i < snapshots.size(); i++) {
          snapshots.get(i).discard(failure);
        }
      }
    }
  }

  /** The minimum over channels neither ended nor idle; {@code Long.MAX_VALUE} if there is none. */
  private static long minWatermark(long[] watermarks, boolean[] ended, boolean[] idle) {
    long min = Long.MAX_VALUE;
    for (int i = 0; i < watermarks.length; i++) {
      if (!ended[i] && !idle[i]) {
        min = Math.min(min, watermarks[i]);
      }
    }
    return min;
  }

  private long waitNanos() {
    long next = chain.nextProcessingTime();
    if (next == Long.MAX_VALUE) {
      return IDLE_WAIT_NANOS;
    }
    long delayMs = next - config.clock().millis();
    return Math.max(0, Math.min(IDLE_WAIT_NANOS, TimeUnit.MILLISECONDS.toNanos(delayMs)));
  }

  private void fireProcessingTimers() {
    if (chain.nextProcessingTime() != Long.MAX_VALUE) {
      chain.onProcessingTime(config.clock().millis());
    }
  }

  @SuppressWarnings("unchecked")
  private void runSource() throws Exception {
    Source<Object> source = (Source<Object>) head.source();
    NodeOutput out = chain.output(head);
    StepCounters counters = chain.counters(head);
    FaultInjector faults = services.faults().active() ? services.faults() : null;
    SourceContext ctx = new SourceContext() {
      @Override public String stepName() { return head.name(); }
      @Override public int subtaskIndex() { return config.subtask(); }
      @Override public int parallelism() { return config.chain().parallelism(); }
    };
    SourceOutput<Object> sourceOutput = new SourceOutput<>() {
      @Override
      public void emit(Object value) {
        emit(value, Long.MIN_VALUE);
      }

      @Override
      public void emit(Object value, long timestamp) {
        if (faults != null) {
          faults.beforeRecord(head.name(), config.subtask(), counters.recordsIn);
        }
        counters.recordsIn++;
        out.emit(value, timestamp);
      }

      private long watermark = Long.MIN_VALUE;
      private boolean idle;

      @Override
      public void emitWatermark(long wm) {
        if (wm >= Watermark.IDLE) {
          throw new IllegalArgumentException("source step '" + head.name() + "' emitted watermark "
              + wm + ", which is reserved; the largest watermark is " + (Watermark.IDLE - 1));
        }
        if (wm > watermark || idle && wm == watermark && wm != Long.MIN_VALUE) {
          watermark = wm;
          idle = false;
          out.emitWatermark(wm);
        }
      }

      @Override
      public void markIdle() {
        if (!idle) {
          idle = true;
          out.emitWatermark(Watermark.IDLE);
        }
      }

      @Override
      public void deadLetter(DeadLetter letter) {
        if (!source.emitsDeadLetters()) {
          throw new WeirException("source step '" + head.name() + "' sent a dead letter, but its "
              + "source says it sends none (Source.emitsDeadLetters() is false): " + letter.describe(),
              null, head.name(), config.subtask());
        }
        out.emitSide(DeadLetter.TAG, letter, letter.timestamp());
      }
    };
    try {
      reader = (SourceReader<Object, Object>) source.createReader(ctx);
      RestoredState restored = services.restoredStep(head.name());
      List<Object> positions = restored == null ? List.of()
          : ListOperatorSnapshot.readAll(restored,
              restored.operatorState(ListOperatorSnapshot.SOURCE_POSITIONS), reader.positionCoder());
      reader.open(positions);
    } catch (Exception e) {
      throw sourceFailure(e);
    }
    CheckpointResponder responder = services.responder();
    try {
      while (true) {
        checkCancelled();
        if (!mailbox.isEmpty()) {
          runMail();
        }
        if (endOfInputRequested) {
          break;
        }
        if (pauseRequested) {
          // Read nothing more; keep serving mail (checkpoint triggers) until cancelled.
          chain.flush();
          LockSupport.parkNanos(this, SOURCE_IDLE_WAIT_NANOS);
          continue;
        }
        long before = counters.recordsIn;
        ReadStatus status;
        try {
          status = reader.read(sourceOutput);
        } catch (WeirException e) {
          throw e;
        } catch (Exception e) {
          throw sourceFailure(e);
        }
        if (responder != null && counters.recordsIn != before) {
          responder.recordsRead(counters.recordsIn - before);
        }
        fireProcessingTimers();
        if (status == ReadStatus.END_OF_INPUT) {
          break;
        }
        if (status == ReadStatus.NOTHING_AVAILABLE) {
          chain.flush();
          LockSupport.parkNanos(this, SOURCE_IDLE_WAIT_NANOS);
        }
      }
    } catch (RuntimeException e) {
      throw e;
    }
  }

  private RuntimeException sourceFailure(Exception e) {
    if (e instanceof WeirException w && w.stepName().isPresent()) {
      return w;
    }
    return new UserFunctionException(head.name(), config.subtask(), config.chain().parallelism(), e);
  }

}
