package dev.weir.runtime.snapshot;

import dev.weir.sdk.checkpoint.BlobWriter;
import dev.weir.sdk.checkpoint.CheckpointStore;
import dev.weir.sdk.checkpoint.StateHandle;
import java.io.IOException;
import java.io.InputStream;

/**
 * The store as one checkpoint's async part sees it: new blobs belong to that checkpoint;
 * earlier blobs (a delta chain's base) can be read back.
 *
 * @param store the job's checkpoint store
 * @param jobId the job
 * @param checkpointId the checkpoint being written
 */
public record SnapshotStorage(CheckpointStore store, String jobId, long checkpointId) {

  /** Opens a new blob of this checkpoint. */
  public BlobWriter openBlob() throws IOException {
    return store.openBlob(jobId, checkpointId);
  }

  /** Reads an earlier blob; the store verifies its checksum. */
  public InputStream open(StateHandle handle) throws IOException {
    return store.openBlob(handle);
  }
}
