package dev.weir.sdk.io;

import dev.weir.sdk.types.Coder;
import java.io.IOException;
import java.util.List;

/**
 * Reads the records of one subtask of a {@link Source} and reports its position for
 * checkpoints.
 *
 * <p>The runner calls {@link #read} in a loop. Between two calls it may take a checkpoint:
 * {@link #snapshotPositions} must then describe exactly the records emitted so far, so a
 * restore from that checkpoint resumes after the last of them and before the next.
 * A call to {@code read} should emit a bounded number of records (a few hundred) so that
 * checkpoints are not delayed.
 *
 * <h2>Threading</h2>
 * All methods are called from the subtask's thread.
 *
 * @param <T> the record type
 * @param <P> the type of one position entry (e.g. a file and an offset)
 */
public interface SourceReader<T, P> extends AutoCloseable {

  /** The coder of position entries; they are written to checkpoints with it. */
  Coder<P> positionCoder();

  /**
   * Opens the reader. {@code restoredPositions} is empty on a fresh start; on restore it
   * holds the position entries of all subtasks of the restored checkpoint, from which the
   * reader takes those it owns.
   */
  void open(List<P> restoredPositions) throws IOException;

  /** Emits zero or more records to {@code output} and says whether more may follow. */
  ReadStatus read(SourceOutput<T> output) throws IOException;

  /** The position entries of this reader after the last record emitted. */
  List<P> snapshotPositions(long checkpointId);

  /** Called when a checkpoint this reader took part in completed; does nothing by default. */
  default void notifyCheckpointComplete(long checkpointId) throws IOException {
  }

  @Override
  void close() throws IOException;
}
