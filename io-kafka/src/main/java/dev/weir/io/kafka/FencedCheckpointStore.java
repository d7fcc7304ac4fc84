package dev.weir.io.kafka;

import dev.weir.io.kafka.internal.store.TransactionalManifestWrites;
import dev.weir.sdk.checkpoint.BlobWriter;
import dev.weir.sdk.checkpoint.CheckpointManifest;
import dev.weir.sdk.checkpoint.CheckpointStore;
import dev.weir.sdk.checkpoint.StateHandle;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The view {@link KafkaCheckpointStore#fencedFor(String)} returns: every call goes to the
 * store, and every write to the manifest topic goes through the view's transactional
 * {@link TransactionalManifestWrites}. Thread-safe, like the store.
 */
final class FencedCheckpointStore implements CheckpointStore {

  private final KafkaCheckpointStore store;
  private final TransactionalManifestWrites writes;
  private final Consumer<FencedCheckpointStore> onClose;
  private volatile boolean closed;

  FencedCheckpointStore(KafkaCheckpointStore store, TransactionalManifestWrites writes,
      Consumer<FencedCheckpointStore> onClose) {
    this.store = store;
    this.writes = writes;
    this.onClose = onClose;
  }

  @Override
  public BlobWriter openBlob(String jobId, long checkpointId) throws IOException {
    ensureOpen();
    return store.openBlob(jobId, checkpointId, writes);
  }

  @Override
  public InputStream openBlob(StateHandle handle) throws IOException {
    ensureOpen();
    return store.openBlob(handle);
  }

  @Override
  public void writeManifest(CheckpointManifest manifest) throws IOException {
    ensureOpen();
    store.writeManifest(manifest, writes);
  }

  @Override
  public void prepare(String jobId) throws IOException {
    ensureOpen();
    store.prepare(jobId);
  }

  @Override
  public List<CheckpointManifest> listCheckpoints(String jobId) throws IOException {
    ensureOpen();
    return store.listCheckpoints(jobId);
  }

  @Override
  public Optional<CheckpointManifest> manifest(String jobId, long checkpointId)
      throws IOException {
    ensureOpen();
    return store.manifest(jobId, checkpointId);
  }

  @Override
  public long highestCheckpointId(String jobId) throws IOException {
    ensureOpen();
    return store.highestCheckpointId(jobId);
  }

  @Override
  public void discard(String jobId, Collection<Long> checkpointIds,
      Collection<StateHandle> unreferencedHandles) throws IOException {
    ensureOpen();
    store.discard(jobId, checkpointIds, unreferencedHandles, writes);
  }

  @Override
  public List<String> jobs() throws IOException {
    ensureOpen();
    return store.jobs();
  }

  /** Closes the view's transactional producer; the store stays open. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      writes.close();
    } finally {
      onClose.accept(this);
    }
  }

  @Override
  public String toString() {
    return store + " fenced as '" + writes.transactionalId() + "'";
  }

  private void ensureOpen() throws IOException {
    if (closed) {
      throw new IOException(this + " is closed");
    }
    store.ensureOpen();
  }
}
