package dev.weir.sdk.checkpoint;

import dev.weir.sdk.checkpoint.BlobNotFoundException;
import dev.weir.sdk.checkpoint.BlobWriter;
import dev.weir.sdk.checkpoint.CheckpointManifest;
import dev.weir.sdk.checkpoint.CheckpointStore;
import dev.weir.sdk.checkpoint.StateHandle;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link CheckpointStore} on the heap, for tests: blobs are byte arrays in a concurrent map
 * keyed by a store-wide sequence number ({@code "memory:<n>"}), manifests are kept as objects.
 *
 * <p>Blob writes touch only the blob map and an atomic per-job maximum id, so they run in
 * parallel; manifest writes and discards of one job are serialized on that job's entry.
 * Discard frees garbage blobs at once, so reading a discarded blob fails.
 */
public final class InMemoryCheckpointStore implements CheckpointStore {

  private record Blob(String jobId, long checkpointId, byte[] bytes) {}

  /** Per-job bookkeeping; manifests and highestManifestId are guarded by the instance. */
  private static final class Job {
    final ConcurrentSkipListMap<Long, CheckpointManifest> manifests =
        new ConcurrentSkipListMap<>();
    final AtomicLong highestSeen = new AtomicLong();
    long highestManifestId;
  }

  private final AtomicLong nextBlob = new AtomicLong(1);
  private final Map<Long, Blob> blobs = new ConcurrentHashMap<>();
  private final Map<String, Job> jobs = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /** Creates an empty store; prefer {@code CheckpointStores.inMemory()}. */
  public InMemoryCheckpointStore() {}

  @Override
  public BlobWriter openBlob(String jobId, long checkpointId) throws IOException {
    ensureOpen();
    Job job = job(jobId);
    BlobWriter writer = new MemoryBlobWriter(jobId, checkpointId);
    job.highestSeen.accumulateAndGet(checkpointId, Math::max);
    return writer;
  }

  @Override
  public InputStream openBlob(StateHandle handle) throws IOException {
    Objects.requireNonNull(handle, "handle");
    ensureOpen();
    Blob blob = blobAt(handle);
    if (blob == null) {
      throw new BlobNotFoundException(handle, "the in-memory store",
          "it was discarded, never finished, or comes from another store");
    }
    return new VerifyingInputStream(new ByteArrayInputStream(blob.bytes()), handle, "");
  }

  @Override
  public void writeManifest(CheckpointManifest manifest) throws IOException {
    Objects.requireNonNull(manifest, "manifest");
    ensureOpen();
    for (StateHandle handle : manifest.referencedHandles()) {
      Blob blob = blobAt(handle);
      if (blob == null || blob.bytes().length != handle.length()) {
        throw new IllegalArgumentException(manifest.describe() + " references "
            + handle.describe() + ", which this store does not hold");
      }
    }
    Job job = job(manifest.jobId());
    synchronized (job) {
      if (job.manifests.containsKey(manifest.checkpointId())) {
        throw new IllegalStateException(manifest.describe() + " already has a manifest");
      }
      job.manifests.put(manifest.checkpointId(), manifest);
      job.highestManifestId = Math.max(job.highestManifestId, manifest.checkpointId());
      job.highestSeen.accumulateAndGet(manifest.checkpointId(), Math::max);
    }
  }

  @Override
  public List<CheckpointManifest> listCheckpoints(String jobId) throws IOException {
    ensureOpen();
    Job job = jobs.get(Objects.requireNonNull(jobId, "jobId"));
    return job == null ? List.of() : List.copyOf(job.manifests.values());
  }

  @Override
  public Optional<CheckpointManifest> manifest(String jobId, long checkpointId)
      throws IOException {
    ensureOpen();
    Job job = jobs.get(Objects.requireNonNull(jobId, "jobId"));
    return job == null ? Optional.empty() : Optional.ofNullable(job.manifests.get(checkpointId));
  }

  @Override
  public long highestCheckpointId(String jobId) throws IOException {
    ensureOpen();
    Job job = jobs.get(Objects.requireNonNull(jobId, "jobId"));
    return job == null ? 0 : job.highestSeen.get();
  }

  @Override
  public void discard(String jobId, Collection<Long> checkpointIds,
      Collection<StateHandle> unreferencedHandles) throws IOException {
    Objects.requireNonNull(checkpointIds, "checkpointIds");
    Objects.requireNonNull(unreferencedHandles, "unreferencedHandles");
    ensureOpen();
    Job job = job(jobId);
    synchronized (job) {
      checkpointIds.forEach(job.manifests::remove);
      Set<String> referenced = new HashSet<>();
      job.manifests.values().forEach(
          m -> m.referencedHandles().forEach(h -> referenced.add(h.location())));
      Set<String> named = new HashSet<>();
      unreferencedHandles.forEach(h -> named.add(h.location()));
      long highestComplete = job.highestManifestId;
      blobs.entrySet().removeIf(e -> {
        Blob blob = e.getValue();
        String location = location(e.getKey());
        return blob.jobId().equals(jobId) && !referenced.contains(location)
            && (blob.checkpointId() <= highestComplete || named.contains(location));
      });
    }
  }

  @Override
  public List<String> jobs() throws IOException {
    ensureOpen();
    List<String> ids = new ArrayList<>(jobs.keySet());
    ids.sort(null);
    return ids;
  }

  @Override
  public void close() {
    closed = true;
    blobs.clear();
    jobs.clear();
  }

  /** Test hook: flips one bit in the middle of the blob, so that its checksum no longer fits. */
  /** Cuts the stored bytes of a blob to half (test hook: a truncated file). */
  void truncate(StateHandle handle) {
    long key = Long.parseLong(handle.location().substring(handle.location().indexOf(':') + 1));
    Blob blob = Objects.requireNonNull(blobs.get(key), handle.location());
    blobs.put(key, new Blob(blob.jobId(), blob.checkpointId(),
        java.util.Arrays.copyOf(blob.bytes(), blob.bytes().length / 2)));
  }

  void corrupt(StateHandle handle) {
    Blob blob = Objects.requireNonNull(blobAt(handle), handle.location());
    blob.bytes()[blob.bytes().length / 2] ^= 0x10;
  }

  private Blob blobAt(StateHandle handle) {
    String location = handle.location();
    if (!location.startsWith("memory:")) {
      return null;
    }
    long key;
    try {
      key = Long.parseLong(location.substring("memory:".length()));
    } catch (NumberFormatException e) {
      return null;
    }
    Blob blob = blobs.get(key);
    boolean matches = blob != null && blob.jobId().equals(handle.jobId())
        && blob.checkpointId() == handle.checkpointId();
    return matches ? blob : null;
  }

  private Job job(String jobId) {
    Objects.requireNonNull(jobId, "jobId");
    if (jobId.isEmpty()) {
      throw new IllegalArgumentException("jobId must not be empty");
    }
    return jobs.computeIfAbsent(jobId, id -> new Job());
  }

  private void ensureOpen() throws IOException {
    if (closed) {
      throw new IOException("the in-memory checkpoint store is closed");
    }
  }

  private static String location(long key) {
    return "memory:" + key;
  }

  /** Buffers the blob on the heap and publishes it to the store on finish. */
  private final class MemoryBlobWriter extends BlobWriter {
    private ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    MemoryBlobWriter(String jobId, long checkpointId) {
      super(jobId, checkpointId);
    }

    @Override
    protected void append(byte[] b, int off, int len) throws IOException {
      ensureOpen();
      buffer.write(b, off, len);
    }

    @Override
    protected StateHandle complete(long length, long checksum) throws IOException {
      ensureOpen();
      long key = nextBlob.getAndIncrement();
      blobs.put(key, new Blob(jobId(), checkpointId(), buffer.toByteArray()));
      buffer = null;
      return new StateHandle(jobId(), checkpointId(), location(key), length, checksum);
    }

    @Override
    protected void abort() {
      buffer = null;
    }
  }
}
