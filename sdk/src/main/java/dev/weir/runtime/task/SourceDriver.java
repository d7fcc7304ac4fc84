package dev.weir.runtime.task;

import dev.weir.runtime.checkpoint.CheckpointResponder;
import dev.weir.runtime.graph.LogicalNode;
import dev.weir.runtime.snapshot.RestoredState;
import dev.weir.runtime.state.ListOperatorSnapshot;
import dev.weir.sdk.UserFunctionException;
import dev.weir.sdk.WeirException;
import dev.weir.sdk.io.ReadStatus;
import dev.weir.sdk.io.Source;
import dev.weir.sdk.io.SourceContext;
import dev.weir.sdk.io.SourceReader;
import java.util.List;

/**
 * Runs the source at the head of a source chain: creates its reader, restores the positions a
 * checkpoint recorded for it, and reads one step at a time into a {@link SourceEmitter},
 * reporting the records read to the checkpoint responder (for record-count triggers). Errors
 * of the reader become failures that name the source step. Used by the task thread only.
 */
final class SourceDriver {

  private final LogicalNode head;
  private final TaskConfig config;
  private final TaskServices services;
  private final StepCounters counters;
  private final SourceEmitter emitter;
  /** Told how many records each read emitted, for record-count triggers; null without checkpoints. */
  private final CheckpointResponder responder;
  private SourceReader<Object, Object> reader;

  @SuppressWarnings("unchecked")
  SourceDriver(TaskConfig config, TaskServices services, ChainRuntime chain) {
    this.config = config;
    this.services = services;
    this.head = config.chain().head();
    this.counters = chain.counters(head);
    Source<Object> source = (Source<Object>) head.source();
    this.responder = services.responder();
    this.emitter = new SourceEmitter(head.name(), config.subtask(), source.emitsDeadLetters(),
        chain.output(head), counters, services.faults().active() ? services.faults() : null);
  }

  /** Creates the reader and hands it the positions of the restored checkpoint, if any. */
  @SuppressWarnings("unchecked")
  void open() {
    Source<Object> source = (Source<Object>) head.source();
    SourceContext ctx = new SourceContext() {
      @Override public String stepName() { return head.name(); }
      @Override public int subtaskIndex() { return config.subtask(); }
      @Override public int parallelism() { return config.chain().parallelism(); }
    };
    try {
      reader = (SourceReader<Object, Object>) source.createReader(ctx);
      RestoredState restored = services.restoredStep(head.name());
      List<Object> positions = restored == null ? List.of()
          : ListOperatorSnapshot.readAll(restored,
              restored.operatorState(ListOperatorSnapshot.SOURCE_POSITIONS), reader.positionCoder());
      reader.open(positions);
    } catch (Exception e) {
      throw failure(e);
    }
  }

  /** The reader, once opened ({@code null} before), for snapshots and notifications. */
  SourceReader<Object, Object> reader() {
    return reader;
  }

  /** Lets the reader emit what it has now. */
  ReadStatus readOnce() {
    long before = counters.recordsIn;
    ReadStatus status;
    try {
      status = reader.read(emitter);
    } catch (WeirException e) {
      throw e;
    } catch (Exception e) {
      throw failure(e);
    }
    if (responder != null && counters.recordsIn != before) {
      responder.recordsRead(counters.recordsIn - before);
    }
    return status;
  }

  private RuntimeException failure(Exception e) {
    if (e instanceof WeirException w && w.stepName().isPresent()) {
      return w;
    }
    return new UserFunctionException(head.name(), config.subtask(), config.chain().parallelism(), e);
  }
}
