package dev.weir.runtime.operators;

import dev.weir.runtime.snapshot.OperatorSnapshot;
import dev.weir.runtime.state.HeapKeyedStateBackend;
import dev.weir.runtime.state.KeyedSnapshotter;
import dev.weir.runtime.state.KeyedStateFormat;
import dev.weir.runtime.state.TimerQueue;
import dev.weir.runtime.task.OperatorContext;
import dev.weir.runtime.task.Output;
import dev.weir.sdk.OutputTag;
import dev.weir.sdk.fn.KeyedProcessFn;
import dev.weir.sdk.fn.TimeDomain;
import dev.weir.sdk.fn.TimerService;
import dev.weir.sdk.state.State;
import dev.weir.sdk.state.StateSpec;

/**
 * Runs a {@link KeyedProcessFn} with its keyed state and its event- and processing-time
 * timers. The head of its chain: records arrive with their key and key group.
 */
public final class KeyedProcessOperator extends AbstractOperator
    implements KeyedProcessFn.Context<Object, Object>, TimerService {

  private final KeyedProcessFn<Object, Object, Object> fn;
  private HeapKeyedStateBackend backend;
  private KeyedSnapshotter snapshotter;
  private final TimerQueue eventTimers = new TimerQueue();
  private final TimerQueue processingTimers = new TimerQueue();
  private long timestamp;
  private long watermark = Long.MIN_VALUE;

  @SuppressWarnings("unchecked")
  public KeyedProcessOperator(KeyedProcessFn<?, ?, ?> fn) {
    this.fn = (KeyedProcessFn<Object, Object, Object>) fn;
  }

  @Override
  public void open(OperatorContext context) {
    super.open(context);
    this.backend = new HeapKeyedStateBackend(context.stepName(), context.keyGroups(), fn.stateSpecs());
    if (context.checkpointing() || context.restored() != null) {
      this.snapshotter = new KeyedSnapshotter(context.stepName(),
          new KeyedStateFormat(context.stepName(), context.keyCoder(), fn.stateSpecs()),
          backend, eventTimers, processingTimers, context.task().maxDeltaChain());
    }
    if (context.restored() != null) {
      try {
        snapshotter.restore(context.restored());
      } catch (java.io.IOException e) {
        throw new dev.weir.sdk.WeirException("step '" + context.stepName() + "' (subtask "
            + (context.subtask() + 1) + "/" + context.parallelism() + ") cannot restore its state "
            + "from checkpoint " + context.restored().checkpointId() + ": " + e.getMessage(), e,
            context.stepName(), context.subtask());
      }
    }
  }

  @Override
  public long takeStateBytesChanged() {
    return snapshotter == null ? 0 : snapshotter.takeBytesChanged();
  }

  @Override
  public OperatorSnapshot snapshotState(long checkpointId) {
    return snapshotter.snapshot(checkpointId);
  }

  /** The state of this subtask (for snapshots and tests). */
  public HeapKeyedStateBackend backend() {
    return backend;
  }

  public TimerQueue eventTimers() {
    return eventTimers;
  }

  public TimerQueue processingTimers() {
    return processingTimers;
  }

  @Override
  public void processRecord(Object value, long timestamp, Object key, int keyGroup) {
    backend.setCurrentKey(key, keyGroup);
    this.timestamp = timestamp;
    try {
      fn.processElement(value, this);
    } catch (RuntimeException | Error e) {
      throw userFailure(e);
    }
  }

  @Override
  public void processWatermark(long watermark, Output out) {
    this.watermark = watermark;
    fireDue(eventTimers, watermark, TimeDomain.EVENT_TIME);
    out.emitWatermark(watermark);
  }

  @Override
  public long nextProcessingTime() {
    return processingTimers.nextTimestamp();
  }

  @Override
  public void onProcessingTime(long now) {
    fireDue(processingTimers, now, TimeDomain.PROCESSING_TIME);
  }

  @Override
  public void endInput() {
    // Time runs to its end: event time first (the watermark reached the end), then processing time.
    this.watermark = Long.MAX_VALUE;
    fireDue(eventTimers, Long.MAX_VALUE, TimeDomain.EVENT_TIME);
    fireDue(processingTimers, Long.MAX_VALUE, TimeDomain.PROCESSING_TIME);
  }

  private void fireDue(TimerQueue queue, long time, TimeDomain domain) {
    TimerQueue.Timer t;
    while ((t = queue.pollDue(time)) != null) {
      backend.setCurrentKey(t.key(), t.keyGroup());
      this.timestamp = t.timestamp();
      try {
        fn.onTimer(t.timestamp(), domain, this);
      } catch (RuntimeException | Error e) {
        throw userFailure(e);
      }
    }
  }

  // ---- KeyedProcessFn.Context

  @Override
  public Object key() {
    return backend.currentKey();
  }

  @Override
  public long timestamp() {
    return timestamp;
  }

  @Override
  public <S extends State> S state(StateSpec<S> spec) {
    return backend.state(spec);
  }

  @Override
  public TimerService timers() {
    return this;
  }

  @Override
  public void output(Object value) {
    output.emit(value, timestamp);
  }

  @Override
  public <X> void output(OutputTag<X> tag, X value) {
    output.emitSide(tag, value, timestamp);
  }

  @Override
  public int subtaskIndex() {
    return context.subtask();
  }

  // ---- TimerService

  @Override
  public long currentProcessingTime() {
    return context.clock().millis();
  }

  @Override
  public long currentWatermark() {
    return watermark;
  }

  @Override
  public void registerProcessingTimeTimer(long ts) {
    processingTimers.register(ts, backend.currentKey(), backend.currentKeyGroup());
  }

  @Override
  public void deleteProcessingTimeTimer(long ts) {
    processingTimers.delete(ts, backend.currentKey(), backend.currentKeyGroup());
  }

  @Override
  public void registerEventTimeTimer(long ts) {
    eventTimers.register(ts, backend.currentKey(), backend.currentKeyGroup());
  }

  @Override
  public void deleteEventTimeTimer(long ts) {
    eventTimers.delete(ts, backend.currentKey(), backend.currentKeyGroup());
  }
}
