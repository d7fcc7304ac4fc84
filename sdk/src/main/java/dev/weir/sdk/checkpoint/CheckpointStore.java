package dev.weir.sdk.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Durable storage for checkpoints: state blobs, and the manifests that commit them.
 *
 * <pre>{@code
 * StateHandle handle;
 * try (BlobWriter out = store.openBlob("orders", 17)) {   // off the processing thread
 *   out.write(serializedState);
 *   handle = out.finish();
 * }
 * store.writeManifest(manifestReferencing(handle));       // the commit point, written last
 * CheckpointManifest latest = store.listCheckpoints("orders").get(last);
 * try (InputStream in = store.openBlob(handle)) { ... }   // verifies length and CRC32C
 * }</pre>
 *
 * <h2>Commit point</h2>
 * A checkpoint exists once {@link #writeManifest} returned. Blobs written for a checkpoint
 * whose manifest was never written (a failed or aborted attempt) are not listed and are freed
 * by later retention. Readers see a manifest either whole or not at all.
 *
 * <h2>Checkpoint ids</h2>
 * Ids are positive and grow within a job; {@link #highestCheckpointId} lets a restarted
 * coordinator continue above every id the store has seen, including attempts that never
 * completed, so an id is never reused for different data.
 *
 * <h2>Retention</h2>
 * {@link #discard} removes checkpoints from the listing, durably. Blobs that no remaining
 * checkpoint references are freed when the store can: at once (in-memory store), or when the
 * unit of storage holding them holds nothing else still needed (a Chronicle roll-cycle file).
 * Reading a discarded blob afterwards either returns its original, verified bytes or throws an
 * {@link IOException} naming its location; it never returns other bytes. A store also treats
 * the blobs of an attempt as garbage once a checkpoint with a higher id completed, as such an
 * attempt can no longer complete.
 *
 * <h2>Threading</h2>
 * Implementations are thread-safe: blobs may be written from several threads at once while
 * manifests are written, listed and discarded. A single {@link BlobWriter} or blob
 * {@link InputStream} is used by one thread at a time.
 *
 * <h2>Errors</h2>
 * Every method fails only with {@link IOException} (plus {@link NullPointerException} and
 * {@link IllegalArgumentException} for bad arguments). Verification failures are
 * {@link CorruptCheckpointException}s, missing blobs {@link BlobNotFoundException}s.
 */
public interface CheckpointStore extends AutoCloseable {

  /**
   * Starts writing one state blob for checkpoint {@code checkpointId} of job {@code jobId}.
   * The bytes are streamed into the store as they are written; the returned writer's
   * {@link BlobWriter#finish()} makes the blob durable and returns its handle.
   *
   * @throws IllegalArgumentException if {@code jobId} is empty or {@code checkpointId} &lt; 1
   * @throws IOException if the store cannot accept writes
   */
  BlobWriter openBlob(String jobId, long checkpointId) throws IOException;

  /**
   * Opens the blob {@code handle} points to. The stream checks the length and the CRC32C
   * checksum as it is read and throws {@link CorruptCheckpointException} from the read that
   * reaches the end (or passes the expected length) if they differ — so only a stream read to
   * its end is verified. Close the stream when done.
   *
   * @throws BlobNotFoundException if the store holds no such blob (message names the location)
   * @throws IOException if the blob cannot be read
   */
  InputStream openBlob(StateHandle handle) throws IOException;

  /**
   * Reads and verifies the whole blob into one array. For blobs that may be large, stream them
   * with {@link #openBlob(StateHandle)} instead.
   *
   * @throws CorruptCheckpointException if the length or checksum differs from the handle
   * @throws BlobNotFoundException if the store holds no such blob
   * @throws IOException if the blob cannot be read or does not fit in an array
   */
  default byte[] readBlob(StateHandle handle) throws IOException {
    if (handle.length() > Integer.MAX_VALUE - 16) {
      throw new IOException(handle.describe() + " has " + handle.length()
          + " bytes, too many for one array; read it with openBlob(handle) as a stream");
    }
    try (InputStream in = openBlob(handle)) {
      return in.readAllBytes();
    }
  }

  /**
   * Reads the blob to its end and discards the bytes, verifying length and checksum.
   *
   * @throws CorruptCheckpointException if the length or checksum differs from the handle
   * @throws BlobNotFoundException if the store holds no such blob
   */
  default void verify(StateHandle handle) throws IOException {
    try (InputStream in = openBlob(handle)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
  }

  /**
   * Commits a checkpoint by storing its manifest, after all blobs it references are finished.
   * Once this returns the checkpoint is listed, also after a restart of a durable store.
   *
   * @throws IllegalStateException if the job already has a manifest with this id
   * @throws IllegalArgumentException if the manifest references a blob this store does not
   *     hold (stores that can check this cheaply do)
   * @throws IOException if the manifest cannot be stored; the checkpoint then does not exist
   */
  void writeManifest(CheckpointManifest manifest) throws IOException;

  /**
   * Called before a job starts: the store may create or open the job's storage now, so the
   * job's first checkpoint does not pay for it. Does nothing by default.
   */
  default void prepare(String jobId) throws IOException {
  }

  /** The complete, not discarded checkpoints of {@code jobId}, oldest (lowest id) first. */
  List<CheckpointManifest> listCheckpoints(String jobId) throws IOException;

  /** The manifest of checkpoint {@code checkpointId} of {@code jobId}, if it is listed. */
  Optional<CheckpointManifest> manifest(String jobId, long checkpointId) throws IOException;

  /**
   * The highest checkpoint id the store has seen for {@code jobId}, in a manifest or in a
   * blob of an attempt that never completed; 0 if the job has no data. A restarted coordinator
   * continues with a higher id.
   */
  long highestCheckpointId(String jobId) throws IOException;

  /**
   * Removes checkpoints {@code checkpointIds} of {@code jobId} from the listing, durably, and
   * frees what the store can (see "Retention" above). {@code unreferencedHandles} are blobs the
   * caller knows no remaining checkpoint references; the store frees them unless a remaining
   * checkpoint does reference them. Unknown ids are ignored.
   *
   * @throws IOException if the discard cannot be recorded; the listing is then unchanged
   */
  void discard(String jobId, Collection<Long> checkpointIds,
      Collection<StateHandle> unreferencedHandles) throws IOException;

  /** The jobs that have any data in this store, sorted by id. */
  List<String> jobs() throws IOException;

  /** Releases the store's resources; blob writers and streams still open become unusable. */
  @Override
  void close() throws IOException;
}
