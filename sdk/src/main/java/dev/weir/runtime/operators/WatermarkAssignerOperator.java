package dev.weir.runtime.operators;

import dev.weir.runtime.snapshot.OperatorSnapshot;
import dev.weir.runtime.snapshot.RestoredState;
import dev.weir.runtime.state.ListOperatorSnapshot;
import dev.weir.runtime.task.OperatorContext;
import dev.weir.runtime.task.Output;
import dev.weir.runtime.task.Watermark;
import dev.weir.sdk.WeirException;
import dev.weir.sdk.time.TimestampAssigner;
import dev.weir.sdk.time.WatermarkStrategy;
import dev.weir.sdk.types.Types;
import java.io.IOException;
import java.util.List;

/**
 * Applies a {@link WatermarkStrategy}: stamps records and emits the watermark
 * {@code maxTimestamp - bound - 1} each time a record moves it, which makes the watermark a
 * function of the records read so far (the same in a failure-free and in a restored run).
 * Upstream watermarks are replaced by this step's own.
 *
 * <p>The largest timestamp seen is this step's operator state: a restored subtask re-emits
 * the watermark of the checkpoint before its first record, so downstream windows judge
 * lateness as they did before the failure. After {@code idleness} on the runner's clock
 * without a record it emits {@link Watermark#IDLE}; the next record makes it active again.
 */
public final class WatermarkAssignerOperator extends AbstractOperator {
  private final TimestampAssigner<Object> assigner;
  private final long bound;
  private final long idleMillis;
  private long maxTimestamp = Long.MIN_VALUE;
  private long emitted = Long.MIN_VALUE;
  private boolean restoredPending;
  private boolean idle;
  private long lastRecordAt;

  @SuppressWarnings("unchecked")
  public WatermarkAssignerOperator(WatermarkStrategy<?> strategy) {
    this.assigner = (TimestampAssigner<Object>) strategy.timestampAssigner();
    this.bound = strategy.bound().toMillis();
    this.idleMillis = strategy.idleness() == null ? -1 : strategy.idleness().toMillis();
  }

  @Override
  public void open(OperatorContext context) {
    super.open(context);
    RestoredState restored = context.restored();
    if (restored != null) {
      try {
        List<Long> all = ListOperatorSnapshot.readAll(restored,
            restored.operatorState(ListOperatorSnapshot.OPERATOR_STATE), Types.LONG);
        if (all.size() == context.parallelism()) {
          maxTimestamp = all.get(context.subtask());
        } else if (!all.isEmpty()) {
          // Rescaled: the smallest is safe (no record becomes late that was not).
          maxTimestamp = all.stream().mapToLong(Long::longValue).min().getAsLong();
        }
      } catch (IOException e) {
        throw new WeirException("step '" + context.stepName() + "' cannot restore its watermark from "
            + "checkpoint " + restored.checkpointId() + ": " + e.getMessage(), e,
            context.stepName(), context.subtask());
      }
      restoredPending = maxTimestamp != Long.MIN_VALUE;
    }
    lastRecordAt = context.clock().millis();
  }

  @Override
  public void processRecord(Object value, long timestamp, Object key, int keyGroup) {
    emitRestored();
    long ts;
    try {
      ts = assigner == null ? timestamp : assigner.extractTimestamp(value, timestamp);
    } catch (RuntimeException | Error e) {
      throw userFailure(e);
    }
    if (ts == Long.MIN_VALUE) {
      throw new WeirException("step '" + context.stepName() + "' got a record without a timestamp; "
          + "the source gives none, so add one: WatermarkStrategy...withTimestampAssigner((r, ts) -> "
          + "r.eventTime())", null, context.stepName(), context.subtask());
    }
    if (idleMillis > 0) {
      lastRecordAt = context.clock().millis();
    }
    output.emit(value, ts);
    if (ts > maxTimestamp) {
      maxTimestamp = ts;
    }
    long wm = currentWatermark();
    if (wm > emitted || idle) {
      idle = false;
      emitted = Math.max(wm, emitted);
      output.emitWatermark(emitted);
    }
  }

  private void emitRestored() {
    if (restoredPending) {
      restoredPending = false;
      emitted = currentWatermark();
      output.emitWatermark(emitted);
    }
  }

  private long currentWatermark() {
    return maxTimestamp == Long.MIN_VALUE ? Long.MIN_VALUE : maxTimestamp - bound - 1;
  }

  /** Upstream watermarks are replaced by this step's own. */
  @Override
  public void processWatermark(long watermark, Output out) {
  }

  @Override
  public long nextProcessingTime() {
    if (restoredPending) {
      return Long.MIN_VALUE + 1;
    }
    return idleMillis > 0 && !idle ? lastRecordAt + idleMillis : Long.MAX_VALUE;
  }

  @Override
  public void onProcessingTime(long now) {
    emitRestored();
    if (idleMillis > 0 && !idle && now >= lastRecordAt + idleMillis) {
      idle = true;
      output.emitWatermark(Watermark.IDLE);
    }
  }

  @Override
  public OperatorSnapshot snapshotState(long checkpointId) {
    return ListOperatorSnapshot.of(context.stepName(), ListOperatorSnapshot.OPERATOR_STATE,
        context.subtask(), Types.LONG, List.of(maxTimestamp));
  }
}
