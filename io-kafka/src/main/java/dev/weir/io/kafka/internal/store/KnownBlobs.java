package dev.weir.io.kafka.internal.store;

import dev.weir.sdk.checkpoint.CheckpointManifest;
import dev.weir.sdk.checkpoint.StateHandle;
import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * The blobs known to be in the state topic, by location: those this instance finished, and
 * those of earlier instances whose last chunk was checked once. Lets a manifest write skip
 * reading the blobs it references; forgotten as their checkpoints are discarded, so it stays
 * as small as the retained checkpoints. Thread-safe.
 */
public final class KnownBlobs {

  private final StoreSettings settings;
  private final Map<String, StateHandle> byLocation = new ConcurrentHashMap<>();
  /** Reads the last chunk of blobs other instances wrote; guarded by this. */
  private KafkaConsumer<byte[], byte[]> checker;
  private boolean closed;

  /** An empty set of the blobs of {@code settings.stateTopic()}. */
  public KnownBlobs(StoreSettings settings) {
    this.settings = settings;
  }

  /** Remembers a blob this instance finished. */
  public void add(StateHandle handle) {
    byLocation.put(handle.location(), handle);
  }

  /**
   * Checks that every blob {@code manifest} references is in the state topic: known, or else
   * its last chunk matches (read once with a consumer kept for the purpose).
   *
   * @throws IllegalArgumentException naming the manifest and the handle if one is not
   */
  public synchronized void requireAll(CheckpointManifest manifest) throws IOException {
    if (closed) {
      throw new IOException("the Kafka checkpoint store on " + settings.stateTopic() + " is closed");
    }
    try {
      for (StateHandle handle : manifest.referencedHandles()) {
        StateHandle known = byLocation.get(handle.location());
        if (known != null) {
          if (!known.equals(handle)) {
            throw new IllegalArgumentException(manifest.describe() + " references "
                + handle.describe() + ", but the blob there is " + known.describe() + " of "
                + known.length() + " bytes");
          }
          continue;
        }
        BlobLocation at = BlobLocation.parse(handle.location());
        if (at == null || !at.topic().equals(settings.stateTopic())) {
          throw notHeld(manifest, handle);
        }
        if (checker == null) {
          // Kept open: a job's coordinator in another process checks every checkpoint's blobs.
          checker = new KafkaConsumer<>(settings.consumerProperties());
        }
        if (!KafkaBlobInputStream.lastChunkMatches(checker, at, handle, settings.timeout())) {
          throw notHeld(manifest, handle);
        }
        add(handle);
      }
    } catch (IOException | RuntimeException e) {
      closeChecker(); // a consumer that failed mid-way is not reused
      throw e;
    }
  }

  /** Closes the consumer kept for checks. */
  public synchronized void close() {
    closed = true;
    closeChecker();
  }

  private void closeChecker() {
    if (checker != null) {
      checker.close(CloseOptions.timeout(Duration.ZERO));
      checker = null;
    }
  }

  private static IllegalArgumentException notHeld(CheckpointManifest manifest,
      StateHandle handle) {
    return new IllegalArgumentException(manifest.describe() + " references "
        + handle.describe() + ", which this store does not hold");
  }

  /**
   * Forgets {@code unreferenced}, and {@code job}'s blobs of checkpoints up to
   * {@code highestListed} that no listed checkpoint references (a later manifest that still
   * names one gets it checked in Kafka again).
   */
  public void forget(String job, Collection<StateHandle> unreferenced, long highestListed,
      Set<String> referenced) {
    unreferenced.forEach(h -> byLocation.remove(h.location()));
    byLocation.values().removeIf(h -> h.jobId().equals(job)
        && h.checkpointId() <= highestListed && !referenced.contains(h.location()));
  }

  /** The number of blobs known, for tests. */
  int size() {
    return byLocation.size();
  }
}
