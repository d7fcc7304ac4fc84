package dev.weir.sdk.io;

import dev.weir.sdk.types.Coder;

/**
 * A checkpointable input of a pipeline (SPI): read with {@code pipeline.read(name, source)}.
 *
 * <p>Each subtask of the source step gets its own {@link SourceReader}. Readers report their
 * position as a list of entries (one per split, partition or file they own); on restore
 * every reader receives the union of all entries of the restored checkpoint and takes the
 * ones it owns at the new parallelism.
 *
 * <h2>Threading</h2>
 * A source may be asked for readers from several threads; a reader is used by one thread.
 *
 * @param <T> the record type
 */
public interface Source<T> {

  /** The coder of the records, or {@code null} when unknown. */
  Coder<T> coder();

  /** Whether the source ends ({@code true}) or runs until the job is cancelled. */
  boolean isBounded();

  /**
   * Whether readers may send records they cannot read to {@link DeadLetter#TAG} (an option the
   * user chose) instead of failing. When {@code true}, the pipeline must read that side output:
   * {@code stream.sideOutput(DeadLetter.TAG)}.
   */
  default boolean emitsDeadLetters() {
    return false;
  }

  /** Creates the reader of one subtask. */
  SourceReader<T, ?> createReader(SourceContext context);
}
