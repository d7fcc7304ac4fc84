package dev.weir.runtime.task;

import dev.weir.sdk.OutputTag;

/**
 * Where an operator emits: chained successors in the same task and/or exchanges to other
 * tasks. Called only from the task's thread.
 */
public interface Output {
  /** Emits a record on the main output. */
  void emit(Object value, long timestamp);

  /** Emits a record on a side output; records of tags nobody reads are counted as dropped. */
  void emitSide(OutputTag<?> tag, Object value, long timestamp);

  /** Forwards a watermark. */
  void emitWatermark(long watermark);
}
