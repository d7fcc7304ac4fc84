package dev.weir.sdk.io;

/**
 * An output of a pipeline (SPI): {@code stream.write(name, sink)}.
 *
 * <p>Each subtask of the sink step gets its own {@link SinkWriter}. Writers take part in
 * checkpoints with two-phase commit, which makes output exactly-once.
 *
 * @param <T> the record type
 */
public interface Sink<T> {
  /** Creates the writer of one subtask. */
  SinkWriter<T, ?> createWriter(SinkContext context);
}
