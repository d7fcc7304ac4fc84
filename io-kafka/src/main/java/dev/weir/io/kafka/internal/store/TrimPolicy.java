package dev.weir.io.kafka.internal.store;

import dev.weir.sdk.checkpoint.CheckpointManifest;
import dev.weir.sdk.checkpoint.StateHandle;
import java.util.Collection;
import java.util.OptionalLong;

/**
 * Decides below which offset the state topic's records may be deleted. Needed are the first
 * chunk of every blob a retained manifest references (of every job sharing the topic), and
 * everything from the start of each attempt newer than its job's newest manifest: its blobs
 * may not be referenced yet. Records are freed in offset order, so the oldest need pins
 * everything after it.
 *
 * <p>A pure decision: no I/O, no state.
 */
public final class TrimPolicy {

  private TrimPolicy() {
  }

  /**
   * The offset to delete below, or empty if nothing more may be deleted.
   *
   * @param stateTopic the state topic; handles in other topics pin nothing here
   * @param endOffset the state topic's end offset, read <em>before</em> the manifests, so
   *     blobs of attempts not seen yet lie above it
   * @param retained the manifests of every job that are still listed
   * @param openAttemptStarts per attempt newer than its job's newest manifest, the state
   *     topic's end offset when it began
   * @param deletedBelow the offset records were already deleted below
   */
  public static OptionalLong trimBelow(String stateTopic, long endOffset,
      Collection<CheckpointManifest> retained, Collection<Long> openAttemptStarts,
      long deletedBelow) {
    long floor = endOffset;
    for (CheckpointManifest m : retained) {
      for (StateHandle h : m.referencedHandles()) {
        BlobLocation at = BlobLocation.parse(h.location());
        if (at != null && at.topic().equals(stateTopic)) {
          floor = Math.min(floor, at.firstOffset());
        }
      }
    }
    for (long start : openAttemptStarts) {
      floor = Math.min(floor, start);
    }
    return floor > deletedBelow ? OptionalLong.of(floor) : OptionalLong.empty();
  }
}
