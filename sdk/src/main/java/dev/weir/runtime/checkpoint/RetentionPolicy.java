package dev.weir.runtime.checkpoint;

import dev.weir.sdk.checkpoint.CheckpointConfig;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides which complete checkpoints to delete and which stored handles nothing needs any more.
 *
 * <p>A pure decision. Keeps the {@code retained} checkpoints with the highest ids plus every
 * savepoint (savepoints are neither dropped nor counted). A handle is deletable only if a dropped
 * checkpoint references it and no kept checkpoint does. Each checkpoint lists every handle its
 * restore reads (for an incremental checkpoint: its full base and each delta of its chain), so a
 * kept delta keeps its base alive through plain set arithmetic.
 */
public final class RetentionPolicy {

  /**
   * A complete checkpoint as retention sees it.
   *
   * @param id the checkpoint id
   * @param savepoint whether it is a savepoint, which retention never drops
   * @param handleKeys the keys of every stored handle a restore from it reads
   */
  public record Checkpoint(long id, boolean savepoint, Set<String> handleKeys) {
    /** Copies the handle keys. */
    public Checkpoint {
      handleKeys = Set.copyOf(Objects.requireNonNull(handleKeys, "handleKeys"));
    }
  }

  /**
   * The outcome.
   *
   * @param droppedCheckpoints ids to delete (their manifests), ascending
   * @param deletableHandles handle keys no kept checkpoint references, sorted
   */
  public record Plan(List<Long> droppedCheckpoints, Set<String> deletableHandles) {
    /** Copies both collections. */
    public Plan {
      droppedCheckpoints = List.copyOf(droppedCheckpoints);
      deletableHandles = Set.copyOf(deletableHandles);
    }

    /** Whether there is nothing to delete. */
    public boolean isEmpty() {
      return droppedCheckpoints.isEmpty() && deletableHandles.isEmpty();
    }
  }

  private final int retained;

  /** @param retained regular checkpoints to keep, >= 1 */
  public RetentionPolicy(int retained) {
    if (retained < 1) {
      throw new IllegalArgumentException(CheckpointConfig.RETAINED_CONFIG
          + " must be >= 1, was " + retained);
    }
    this.retained = retained;
  }

  /** Plans the deletion for the given complete checkpoints, in any order. */
  public Plan plan(Collection<Checkpoint> complete) {
    List<Checkpoint> newestFirst = new ArrayList<>(Objects.requireNonNull(complete, "complete"));
    newestFirst.sort(Comparator.comparingLong(Checkpoint::id).reversed());
    Set<String> kept = new HashSet<>();
    Set<String> dropped = new TreeSet<>();
    List<Long> droppedIds = new ArrayList<>();
    int regularKept = 0;
    for (Checkpoint checkpoint : newestFirst) {
      if (checkpoint.savepoint() || regularKept < retained) {
        regularKept += checkpoint.savepoint() ? 0 : 1;
        kept.addAll(checkpoint.handleKeys());
      } else {
        droppedIds.add(0, checkpoint.id());
        dropped.addAll(checkpoint.handleKeys());
      }
    }
    dropped.removeAll(kept);
    return new Plan(droppedIds, dropped);
  }
}
