package dev.weir.sdk.checkpoint;

import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.CRC32C;

/**
 * A stream that writes one state blob into a {@link CheckpointStore}; {@link #finish()} makes
 * the blob durable and returns its {@link StateHandle}.
 *
 * <pre>{@code
 * StateHandle handle;
 * try (BlobWriter out = store.openBlob("orders", 17)) {
 *   Encoder encoder = EncoderFactory.get().binaryEncoder(out, null);
 *   ... write state with encoder ...
 *   encoder.flush();
 *   handle = out.finish();
 * }
 * }</pre>
 *
 * <p>A blob of any size can be written without holding it in memory: the store receives the
 * bytes in pieces as they are written. This class counts the bytes and computes the CRC32C
 * itself, so every store fills {@link StateHandle#length()} and {@link StateHandle#checksum()}
 * the same way; a store implements {@link #append}, {@link #complete} and {@link #abort}.
 *
 * <p>{@link #close()} without a successful {@link #finish()} abandons the blob: the store may
 * free what was written and no handle exists for it. After {@code finish()} or {@code close()}
 * every write throws {@link IOException}.
 *
 * <h2>Threading</h2>
 * Not thread-safe: one thread at a time writes one blob (the thread may change between calls
 * if the hand-over is safely published). Different blobs may be written concurrently.
 */
public abstract class BlobWriter extends OutputStream {

  private enum Phase { OPEN, FINISHED, ABANDONED }

  private final String jobId;
  private final long checkpointId;
  private final CRC32C crc = new CRC32C();
  private final byte[] single = new byte[1];
  private long length;
  private Phase phase = Phase.OPEN;

  /**
   * Creates a writer for one blob of checkpoint {@code checkpointId} of job {@code jobId}.
   *
   * @throws IllegalArgumentException if {@code checkpointId} is less than 1
   */
  protected BlobWriter(String jobId, long checkpointId) {
    this.jobId = java.util.Objects.requireNonNull(jobId, "jobId");
    if (checkpointId < 1) {
      throw new IllegalArgumentException("checkpointId must be at least 1, was " + checkpointId);
    }
    this.checkpointId = checkpointId;
  }

  /** The job this blob belongs to. */
  public final String jobId() {
    return jobId;
  }

  /** The checkpoint this blob is written for. */
  public final long checkpointId() {
    return checkpointId;
  }

  /** The number of bytes written so far. */
  public final long bytesWritten() {
    return length;
  }

  @Override
  public final void write(int b) throws IOException {
    single[0] = (byte) b;
    write(single, 0, 1);
  }

  @Override
  public final void write(byte[] b, int off, int len) throws IOException {
    java.util.Objects.checkFromIndexSize(off, len, b.length);
    ensureOpen();
    if (len == 0) {
      return;
    }
    append(b, off, len);
    crc.update(b, off, len);
    length += len;
  }

  /**
   * Makes the blob durable in the store and returns its handle. The handle becomes part of a
   * checkpoint only once a manifest that references it is written.
   *
   * @throws IOException if the store cannot persist the blob (the blob is then abandoned), or
   *     the writer was already finished or closed
   */
  public final StateHandle finish() throws IOException {
    ensureOpen();
    StateHandle handle;
    try {
      handle = complete(length, crc.getValue());
      phase = Phase.FINISHED;
    } catch (IOException | RuntimeException e) {
      phase = Phase.ABANDONED;
      try {
        abort();
      } catch (IOException | RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    if (handle.length() != length || handle.checksum() != crc.getValue()) {
      throw new IllegalStateException("store returned handle " + handle + " for a blob of "
          + length + " bytes with checksum " + crc.getValue());
    }
    return handle;
  }

  /** Abandons the blob unless {@link #finish()} succeeded; idempotent. */
  @Override
  public final void close() throws IOException {
    if (phase == Phase.OPEN) {
      phase = Phase.ABANDONED;
      abort();
    }
  }

  /** Hands {@code len} bytes of {@code b} from {@code off} to the store, in write order. */
  protected abstract void append(byte[] b, int off, int len) throws IOException;

  /**
   * Persists everything appended and returns the handle of the blob, with exactly the given
   * length and checksum. Called once.
   */
  protected abstract StateHandle complete(long length, long checksum) throws IOException;

  /** Forgets the blob; called at most once, instead of {@link #complete}. */
  protected abstract void abort() throws IOException;

  private void ensureOpen() throws IOException {
    if (phase != Phase.OPEN) {
      throw new IOException("blob of checkpoint " + checkpointId + " of job '" + jobId
          + "' is already " + (phase == Phase.FINISHED ? "finished" : "closed")
          + "; open a new BlobWriter");
    }
  }
}
