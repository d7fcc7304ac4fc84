package dev.weir.runtime.operators;

import dev.weir.runtime.task.OperatorContext;
import dev.weir.sdk.io.Sink;
import dev.weir.sdk.io.SinkContext;
import dev.weir.sdk.io.SinkWriter;
import java.io.IOException;
import java.util.List;

/**
 * Writes records to a {@link SinkWriter}. Without checkpoints, prepares and commits once at
 * the end of the input.
 */
public final class SinkOperator extends AbstractOperator {
  /** The checkpoint id used for the commit at the end of a job that runs without checkpoints. */
  public static final long END_OF_INPUT_COMMIT = Long.MAX_VALUE;

  private final Sink<Object> sink;
  private SinkWriter<Object, Object> writer;

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
      writer.open(List.of());
    } catch (IOException | RuntimeException e) {
      throw userFailure(e);
    }
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
  public void endInput() {
    try {
      Object committable = writer.prepareCommit(END_OF_INPUT_COMMIT);
      if (committable != null) {
        writer.commit(committable);
      }
    } catch (IOException | RuntimeException e) {
      throw userFailure(e);
    }
  }

  @Override
  public void close() throws Exception {
    if (writer != null) {
      writer.close();
    }
  }
}
