package dev.weir.sdk.io;

import dev.weir.sdk.types.Coder;
import java.io.IOException;
import java.util.List;

/**
 * Writes the records of one subtask of a {@link Sink}, with two-phase commit.
 *
 * <ol>
 *   <li>{@link #write} stages records (they must not be visible to readers yet);</li>
 *   <li>on the checkpoint barrier, {@link #prepareCommit} makes the staged records durable
 *       and returns a committable that describes them; it is stored in the checkpoint;</li>
 *   <li>when the checkpoint completes, {@link #commit} makes them visible. After a failure
 *       the runner calls {@code commit} again with the committables of the restored
 *       checkpoint, so commit must be idempotent;</li>
 *   <li>after a failure the runner calls {@link #abort} on the failed attempt's writer: it drops
 *       what it staged and did not prepare. It must keep what it prepared: a prepared
 *       committable may belong to a checkpoint that completed just before the failure, which
 *       the restored job commits again. The new writer's {@link #open} receives the
 *       committables of the restored checkpoint; anything prepared and not among them (a
 *       checkpoint that never completed) is garbage the writer may clean up there.</li>
 * </ol>
 * With checkpointing off, the runner prepares and commits once at the end of the input.
 *
 * <h2>Threading</h2>
 * {@code write} and {@code prepareCommit} run on the subtask's thread; {@code commit} and
 * {@code abort} may run on another thread, never concurrently with each other.
 *
 * @param <T> the record type
 * @param <C> the committable type
 */
public interface SinkWriter<T, C> extends AutoCloseable {

  /** The coder of committables, used to store them in checkpoints. */
  Coder<C> committableCoder();

  /**
   * Restores the writer: {@code pending} are the committables of the restored checkpoint
   * (empty on a fresh start) that this writer will {@link #commit}; the writer discards
   * anything it staged in earlier attempts that is not among them.
   */
  default void open(List<C> pending) throws IOException {
  }

  /** Stages one record; {@code timestamp} is its event time or {@code Long.MIN_VALUE}. */
  void write(T value, long timestamp) throws IOException;

  /**
   * Makes the records staged since the previous call durable and returns what describes
   * them, or {@code null} when nothing was staged.
   */
  C prepareCommit(long checkpointId) throws IOException;

  /** Makes prepared records visible; idempotent. */
  void commit(C committable) throws IOException;

  /**
   * Drops what was staged and not prepared; called when a job attempt fails. Prepared
   * committables must survive (see the class comment).
   */
  default void abort() throws IOException {
  }

  @Override
  default void close() throws IOException {
  }
}
