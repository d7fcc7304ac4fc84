package dev.weir.runtime.task;

import dev.weir.sdk.spi.InjectedCrash;

import dev.weir.runtime.checkpoint.TaskId;
import dev.weir.runtime.graph.LogicalNode;
import dev.weir.runtime.snapshot.OperatorSnapshot;
import dev.weir.runtime.snapshot.SnapshotStorage;
import dev.weir.runtime.snapshot.StepSnapshotPart;
import dev.weir.runtime.snapshot.TaskSnapshot;
import dev.weir.runtime.state.ListOperatorSnapshot;
import dev.weir.sdk.UserFunctionException;
import dev.weir.sdk.WeirException;
import dev.weir.sdk.io.SourceReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Takes one subtask's part of a checkpoint in its two phases: {@link #capture} runs on the task
 * thread at the barrier and takes a consistent view of the source positions and every
 * operator's state; {@link #persistAsync} writes that view to the store on the runner's
 * snapshot executor and acknowledges the checkpoint, or declines it when the write fails (and
 * discards what was not written, so later snapshots do not wait for it).
 */
final class SnapshotWriter {

  private final TaskConfig config;
  private final TaskServices services;
  private final TaskId taskId;
  private final ChainRuntime chain;
  private final String headName;

  SnapshotWriter(TaskConfig config, TaskServices services, TaskId taskId, ChainRuntime chain) {
    this.config = config;
    this.services = services;
    this.taskId = taskId;
    this.chain = chain;
    this.headName = config.chain().head().name();
  }

  /**
   * The synchronous part of checkpoint {@code id}: the positions of {@code reader} (if the
   * chain has a source) and the state of every operator of the chain.
   */
  List<OperatorSnapshot> capture(long id, SourceReader<Object, Object> reader) {
    List<OperatorSnapshot> snapshots = new ArrayList<>();
    if (reader != null) {
      snapshots.add(ListOperatorSnapshot.of(headName, ListOperatorSnapshot.SOURCE_POSITIONS,
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
    return snapshots;
  }

  /** The asynchronous part: persists {@code snapshots} off the task thread, then acknowledges. */
  void persistAsync(long id, List<OperatorSnapshot> snapshots, long syncMillis,
      long alignmentMillis) {
    services.asyncExecutor().execute(() -> persist(id, snapshots, syncMillis, alignmentMillis));
  }

  private void persist(long id, List<OperatorSnapshot> snapshots, long syncMillis,
      long alignmentMillis) {
    long start = System.nanoTime();
    int persisted = 0;
    Throwable failure = null;
    try {
      services.faults().duringAsyncWrite(headName, config.subtask(), id);
      SnapshotStorage storage = new SnapshotStorage(services.store(), config.jobName(), id);
      List<StepSnapshotPart> parts = new ArrayList<>();
      for (OperatorSnapshot s : snapshots) {
        persisted++;
        parts.add(s.persist(storage));
      }
      long asyncMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      services.faults().afterAsyncWrite(headName, config.subtask(), id);
      services.responder().acknowledge(taskId, id,
          new TaskSnapshot(parts, syncMillis, asyncMillis, alignmentMillis));
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
}
