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
   * its last chunk matches (read once with a consumer opened for the purpose).
   *
   * @throws IllegalArgumentException naming the manifest and the handle if one is not
   */
  public void requireAll(CheckpointManifest manifest) throws IOException {
    KafkaConsumer<byte[], byte[]> checker = null;
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
          checker = new KafkaConsumer<>(settings.consumerProperties());
        }
        if (!KafkaBlobInputStream.lastChunkMatches(checker, at, handle, settings.timeout())) {
          throw notHeld(manifest, handle);
        }
        add(handle);
      }
    } finally {
      if (checker != null) {
        checker.close(CloseOptions.timeout(Duration.ZERO));
      }
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
