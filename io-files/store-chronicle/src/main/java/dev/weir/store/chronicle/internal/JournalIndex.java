package dev.weir.store.chronicle.internal;

import dev.weir.sdk.checkpoint.CheckpointManifest;
import dev.weir.sdk.checkpoint.StateHandle;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.ToLongFunction;

/**
 * What one job's journal holds, rebuilt from its documents on open and kept current on every
 * append: blobs by start index, manifests, discarded ids, and per roll cycle the highest
 * checkpoint id of its blob chunks. Decides which cycles retention may delete.
 *
 * <p>Pure bookkeeping, no I/O, not thread-safe: {@link JobJournal} guards it with its lock.
 */
final class JournalIndex {

  /** One blob: its chunks lie in cycles {@code startCycle..endCycle}. */
  static final class BlobEntry {
    final long checkpointId;
    final int startCycle;
    int endCycle;
    int nextChunk;
    long length;
    boolean complete;

    BlobEntry(long checkpointId, int startCycle) {
      this.checkpointId = checkpointId;
      this.startCycle = startCycle;
      this.endCycle = startCycle;
    }
  }

  private record ManifestEntry(CheckpointManifest manifest, int cycle) {}

  private final ToLongFunction<String> startIndexOf;
  private final Map<Long, BlobEntry> blobs = new HashMap<>();
  private final TreeMap<Long, ManifestEntry> manifests = new TreeMap<>();
  private final TreeSet<Long> discarded = new TreeSet<>();
  /** Every cycle that holds a document, with the highest checkpoint id of its blob chunks. */
  private final TreeMap<Integer, Long> cycles = new TreeMap<>();
  private long highestSeen;
  private long highestManifestId;

  /**
   * Creates an empty index; {@code startIndexOf} maps a handle's location to the queue index
   * of the blob's first chunk, or -1 if it is not a location of this journal.
   */
  JournalIndex(ToLongFunction<String> startIndexOf) {
    this.startIndexOf = startIndexOf;
  }

  /** Records chunk {@code chunkNo} of the blob starting at {@code blobStart}. */
  void chunk(long blobStart, long checkpointId, int cycle, int chunkNo, int length,
      boolean last) {
    cycles.merge(cycle, checkpointId, Math::max);
    highestSeen = Math.max(highestSeen, checkpointId);
    BlobEntry blob = chunkNo == 0
        ? blobs.computeIfAbsent(blobStart, s -> new BlobEntry(checkpointId, cycle))
        : blobs.get(blobStart);
    if (blob == null || blob.nextChunk != chunkNo || blob.complete) {
      return; // its start was deleted, or a damaged journal: the blob stays unreadable
    }
    blob.nextChunk++;
    blob.endCycle = cycle;
    blob.length += length;
    blob.complete = last;
  }

  /** Records a manifest document (a corrupt one is passed as {@code null}). */
  void manifest(long checkpointId, CheckpointManifest manifest, int cycle) {
    cycles.putIfAbsent(cycle, 0L);
    highestSeen = Math.max(highestSeen, checkpointId);
    highestManifestId = Math.max(highestManifestId, checkpointId);
    if (manifest != null) {
      manifests.put(checkpointId, new ManifestEntry(manifest, cycle));
    }
  }

  /** Records a discard marker document. */
  void discardMarker(Collection<Long> ids, long highest, int cycle) {
    cycles.putIfAbsent(cycle, 0L);
    highestSeen = Math.max(highestSeen, highest);
    discarded.addAll(ids);
  }

  /** The complete blob starting at {@code blobStart} written for {@code checkpointId}. */
  Optional<BlobEntry> completeBlob(long blobStart, long checkpointId) {
    BlobEntry blob = blobs.get(blobStart);
    boolean matches = blob != null && blob.complete && blob.checkpointId == checkpointId;
    return matches ? Optional.of(blob) : Optional.empty();
  }

  boolean hasManifest(long checkpointId) {
    return manifests.containsKey(checkpointId);
  }

  List<CheckpointManifest> listed() {
    List<CheckpointManifest> result = new ArrayList<>();
    manifests.forEach((id, entry) -> {
      if (!discarded.contains(id)) {
        result.add(entry.manifest());
      }
    });
    return result;
  }

  Optional<CheckpointManifest> listed(long checkpointId) {
    ManifestEntry entry = manifests.get(checkpointId);
    return entry == null || discarded.contains(checkpointId)
        ? Optional.empty() : Optional.of(entry.manifest());
  }

  long highestSeen() {
    return highestSeen;
  }

  /**
   * The ids a new discard marker must name: {@code newIds} that have a manifest, plus the
   * already discarded ids whose manifests are still on disk. Writing all of them lets
   * retention delete older markers without resurrecting a discarded checkpoint on reopen.
   */
  List<Long> discardedAfter(Collection<Long> newIds) {
    TreeSet<Long> ids = new TreeSet<>();
    for (Long id : newIds) {
      if (manifests.containsKey(id)) {
        ids.add(id);
      }
    }
    for (Long id : discarded) {
      if (manifests.containsKey(id)) {
        ids.add(id);
      }
    }
    return new ArrayList<>(ids);
  }

  /**
   * The cycles retention may delete: older than {@code lastCycle} (the one being appended to),
   * holding no retained manifest, no chunk of a blob a retained manifest references, and no
   * chunk of an attempt newer than every manifest (it may still complete).
   */
  NavigableSet<Integer> deletableCycles(int lastCycle) {
    Set<Integer> pinned = new HashSet<>();
    cycles.forEach((cycle, maxBlobId) -> {
      if (maxBlobId > highestManifestId) {
        pinned.add(cycle);
      }
    });
    manifests.forEach((id, entry) -> {
      if (discarded.contains(id)) {
        return;
      }
      pinned.add(entry.cycle());
      for (StateHandle handle : entry.manifest().referencedHandles()) {
        BlobEntry blob = blobs.get(startIndexOf.applyAsLong(handle.location()));
        if (blob != null) {
          pinned.addAll(cycles.subMap(blob.startCycle, true, blob.endCycle, true).keySet());
        }
      }
    });
    NavigableSet<Integer> deletable = new TreeSet<>();
    for (Integer cycle : cycles.headMap(lastCycle, false).keySet()) {
      if (!pinned.contains(cycle)) {
        deletable.add(cycle);
      }
    }
    return deletable;
  }

  /** Forgets everything in {@code deleted} cycles after their files were deleted. */
  void forgetCycles(Set<Integer> deleted) {
    cycles.keySet().removeAll(deleted);
    blobs.values().removeIf(
        b -> !cyclesBetween(deleted, b.startCycle, b.endCycle).isEmpty());
    manifests.values().removeIf(m -> deleted.contains(m.cycle()));
    discarded.removeIf(id -> !manifests.containsKey(id));
  }

  private static Set<Integer> cyclesBetween(Set<Integer> set, int from, int to) {
    Set<Integer> hits = new HashSet<>();
    for (Integer c : set) {
      if (c >= from && c <= to) {
        hits.add(c);
      }
    }
    return hits;
  }
}
