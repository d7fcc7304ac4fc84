package dev.weir.io.kafka.internal.store;

import dev.weir.sdk.checkpoint.CheckpointManifest;
import dev.weir.sdk.checkpoint.StateHandle;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the manifest topic says, per job: the listed manifests, the highest checkpoint id seen
 * (manifests and attempt markers), and where open attempts began in the state topic. Fed the
 * topic's records in offset order by {@link ManifestLog}.
 *
 * <p>Pure bookkeeping, no I/O, not thread-safe: {@link ManifestLog} guards it with its lock.
 */
public final class ManifestIndex {

  private static final class JobView {
    final TreeMap<Long, CheckpointManifest> manifests = new TreeMap<>();
    long highestSeen;
    long highestManifestEver;
    /** Attempt id → the state topic's end offset before its blobs were written. */
    final TreeMap<Long, Long> attemptStarts = new TreeMap<>();
  }

  private final Map<String, JobView> views = new TreeMap<>();

  /** A manifest record: the checkpoint is listed; attempts up to it are settled. */
  void onManifest(String job, long id, CheckpointManifest manifest) {
    JobView view = view(job);
    view.manifests.put(id, manifest);
    view.highestSeen = Math.max(view.highestSeen, id);
    view.highestManifestEver = Math.max(view.highestManifestEver, id);
    view.attemptStarts.headMap(id, true).clear();
  }

  /** A discard tombstone: the checkpoint leaves the listing. */
  void onDiscard(String job, long id) {
    view(job).manifests.remove(id);
  }

  /**
   * An attempt marker; {@code stateOffset} is the state topic's end offset before the attempt,
   * null for a marker without one (written by an older store: it pins everything).
   */
  void onAttempt(String job, long id, Long stateOffset) {
    JobView view = view(job);
    view.highestSeen = Math.max(view.highestSeen, id);
    if (id > view.highestManifestEver) {
      view.attemptStarts.merge(id, stateOffset == null ? 0L : stateOffset, Math::min);
    }
  }

  private JobView view(String job) {
    return views.computeIfAbsent(job, j -> new JobView());
  }

  /** The listed manifests of {@code job}, by id. */
  public List<CheckpointManifest> manifests(String job) {
    JobView view = views.get(job);
    return view == null ? List.of() : List.copyOf(view.manifests.values());
  }

  /** The listed manifest of {@code job}'s checkpoint {@code id}. */
  public Optional<CheckpointManifest> manifest(String job, long id) {
    JobView view = views.get(job);
    return view == null ? Optional.empty() : Optional.ofNullable(view.manifests.get(id));
  }

  /** The highest id among {@code job}'s manifests and attempt markers, 0 if none. */
  public long highestSeen(String job) {
    JobView view = views.get(job);
    return view == null ? 0 : view.highestSeen;
  }

  /** Every job the topic names, sorted. */
  public List<String> jobs() {
    return List.copyOf(views.keySet());
  }

  /** The listed manifests of every job. */
  public List<CheckpointManifest> allManifests() {
    List<CheckpointManifest> out = new ArrayList<>();
    views.values().forEach(v -> out.addAll(v.manifests.values()));
    return out;
  }

  /** Per attempt newer than its job's newest manifest, where it began in the state topic. */
  public List<Long> openAttemptStarts() {
    List<Long> out = new ArrayList<>();
    views.values().forEach(v ->
        out.addAll(v.attemptStarts.tailMap(v.highestManifestEver, false).values()));
    return out;
  }

  /** The highest listed checkpoint id of {@code job}, 0 if none. */
  public long highestListed(String job) {
    JobView view = views.get(job);
    return view == null || view.manifests.isEmpty() ? 0 : view.manifests.lastKey();
  }

  /** The locations of the blobs {@code job}'s listed manifests reference. */
  public Set<String> referencedLocations(String job) {
    Set<String> out = new HashSet<>();
    for (CheckpointManifest m : manifests(job)) {
      for (StateHandle h : m.referencedHandles()) {
        out.add(h.location());
      }
    }
    return out;
  }

  void clear() {
    views.clear();
  }
}
