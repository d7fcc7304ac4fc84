package dev.weir.runtime.operators;

import dev.weir.runtime.snapshot.OperatorSnapshot;
import dev.weir.runtime.snapshot.RestoredState;
import dev.weir.runtime.state.ListOperatorSnapshot;
import dev.weir.runtime.task.OperatorContext;
import dev.weir.sdk.checkpoint.OperatorStateHandle;
import dev.weir.sdk.io.Sink;
import dev.weir.sdk.io.SinkContext;
import dev.weir.sdk.io.SinkWriter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes records to a {@link SinkWriter} with two-phase commit: on a barrier the writer
 * prepares what it staged, the committable goes into the checkpoint, and it is committed
 * when the checkpoint completes. A restored subtask commits the committables of the restored
 * checkpoint again (commit is idempotent). Without checkpoints, it prepares and commits once
 * at the end of the input.
 */
public final class SinkOperator extends AbstractOperator {
  /** The checkpoint id used for the commit at the end of a job that runs without checkpoints. */
  public static final long END_OF_INPUT_COMMIT = Long.MAX_VALUE;

  private final Sink<Object> sink;
  private SinkWriter<Object, Object> writer;
  /** Prepared, not yet committed, by checkpoint id. */
  private final TreeMap<Long, Object> pending = new TreeMap<>();

  @SuppressWarnings("unchecked")
  public SinkOperator(Sink<?> sink) {
    this.sink = (Sink<Object>) sink;
  }

  @Override
  @SuppressWarnings("unchecked")
  public void open(OperatorContext ctx) {
    super.open(ctx);
    try {
      writer = (SinkWriter<Object, Object>) sink.createWriter(new SinkContext() {
        @Override public String jobName() { return ctx.jobName(); }
        @Override public String stepName() { return ctx.stepName(); }
        @Override public int subtaskIndex() { return ctx.subtask(); }
        @Override public int parallelism() { return ctx.parallelism(); }
        @Override public int attempt() { return ctx.attempt(); }
      });
      List<Object> restored = restoredCommittables(ctx.restored());
      writer.open(restored);
      for (Object c : restored) {
        writer.commit(c);
      }
    } catch (IOException | RuntimeException e) {
      throw userFailure(e);
    }
  }

  /**
   * The committables of the restored checkpoint this subtask re-commits: those written by the
   * earlier subtasks {@code s} with {@code s % parallelism == subtask}, each one's in order.
   * All committables of one earlier subtask go to the same new subtask, in checkpoint order, so
   * a writer whose commits depend on order (one transaction id per earlier subtask) sees them
   * as they were prepared, and no two new subtasks commit for the same earlier one.
   */
  private List<Object> restoredCommittables(RestoredState restored) throws IOException {
    if (restored == null) {
      return List.of();
    }
    List<OperatorStateHandle> mine = restored.operatorState(ListOperatorSnapshot.SINK_COMMITTABLES)
        .stream()
        .filter(h -> h.subtask() % context.parallelism() == context.subtask())
        .sorted(java.util.Comparator.comparingInt(OperatorStateHandle::subtask))
        .toList();
    return ListOperatorSnapshot.readAll(restored, mine, writer.committableCoder());
  }

  @Override
  public void processRecord(Object value, long timestamp, Object key, int keyGroup) {
    try {
      writer.write(value, timestamp);
    } catch (IOException | RuntimeException e) {
      throw userFailure(e);
    }
  }

  @Override
  public OperatorSnapshot snapshotState(long checkpointId) {
    try {
      Object committable = writer.prepareCommit(checkpointId);
      if (committable != null) {
        pending.put(checkpointId, committable);
      }
    } catch (IOException | RuntimeException e) {
      throw userFailure(e);
    }
    return ListOperatorSnapshot.of(context.stepName(), ListOperatorSnapshot.SINK_COMMITTABLES,
        context.subtask(), writer.committableCoder(), new ArrayList<>(pending.values()));
  }

  @Override
  public boolean commitsOnCheckpointComplete() {
    return true;
  }

  @Override
  public void notifyCheckpointComplete(long checkpointId) {
    Map<Long, Object> done = pending.headMap(checkpointId, true);
    try {
      for (Object c : done.values()) {
        writer.commit(c);
      }
    } catch (IOException | RuntimeException e) {
      throw userFailure(e);
    }
    done.clear();
  }

  @Override
  public void endInput() {
    if (context.checkpointing()) {
      return; // the final checkpoint commits
    }
    try {
      Object committable = writer.prepareCommit(END_OF_INPUT_COMMIT);
      if (committable != null) {
        writer.commit(committable);
      }
    } catch (IOException | RuntimeException e) {
      throw userFailure(e);
    }
  }

  /** Discards what this writer staged; the job attempt failed. */
  public void abort() throws IOException {
    if (writer != null) {
      writer.abort();
    }
  }

  @Override
  public void close() throws Exception {
    if (writer != null) {
      writer.close();
    }
  }
}
