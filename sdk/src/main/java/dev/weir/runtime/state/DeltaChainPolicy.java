package dev.weir.runtime.state;

/**
 * Decides whether a keyed subtask's next snapshot is a delta on its current chain or starts a
 * new chain with a full snapshot. A decision, no I/O; the one place that bounds a chain.
 *
 * <p>Rules: a new chain after a failed persist, after a restore of a range other than the
 * subtask's own (a rescale), when the chain already has {@code maxDeltaChain} deltas, or when
 * its deltas with the changes of this snapshot would hold more entries than the state has live
 * entries (so a restore reads at most about twice the state). A snapshot whose changes cover
 * every live entry is written as a new chain too: it is a full snapshot already. Called by the
 * task thread, except {@link #persistFailed}, which the snapshot executor calls.
 */
final class DeltaChainPolicy {

  private final int maxDeltaChain;
  private volatile boolean forceFull = true;
  /** Deltas on the chain the next snapshot builds on. */
  private int deltasInChain;
  /** Entries written (or, after a restore, estimated) in those deltas. */
  private long deltaEntriesInChain;

  /** @param maxDeltaChain the most deltas a chain may have, at least 0 */
  DeltaChainPolicy(int maxDeltaChain) {
    if (maxDeltaChain < 0) {
      throw new IllegalArgumentException("maxDeltaChain must be at least 0, was " + maxDeltaChain);
    }
    this.maxDeltaChain = maxDeltaChain;
  }

  /**
   * Before the snapshot captures anything: whether it must start a new chain (and so capture
   * every live entry, not only the changed ones).
   *
   * @param changedEntries entries changed since the previous snapshot
   * @param liveEntries live state entries and timers now
   */
  boolean mustStartNewChain(long changedEntries, long liveEntries) {
    boolean full = forceFull || deltasInChain >= maxDeltaChain
        || deltaEntriesInChain + changedEntries > liveEntries;
    forceFull = false;
    return full;
  }

  /**
   * After the capture: records the snapshot and says how it is written.
   *
   * @param startedNewChain what {@link #mustStartNewChain} said
   * @param coversAllLive whether the captured changes hold every live entry
   * @param capturedEntries entries captured (changes, deletions included)
   * @return whether the snapshot is written as a full snapshot, the base of a new chain
   */
  boolean snapshotTaken(boolean startedNewChain, boolean coversAllLive, long capturedEntries) {
    boolean full = startedNewChain || coversAllLive;
    deltasInChain = full ? 0 : deltasInChain + 1;
    deltaEntriesInChain = full ? 0 : deltaEntriesInChain + capturedEntries;
    return full;
  }

  /** A snapshot's persist failed: the next snapshot has no base and starts a new chain. */
  void persistFailed() {
    forceFull = true;
  }

  /**
   * The subtask restored its state.
   *
   * @param exactRange whether one chain covered exactly the subtask's key groups (then the next
   *     snapshot may be a delta on it)
   * @param deltas the deltas of that chain
   * @param estimatedDeltaEntries the entries those deltas hold, estimated from their size
   */
  void restored(boolean exactRange, int deltas, long estimatedDeltaEntries) {
    forceFull = !exactRange;
    deltasInChain = exactRange ? deltas : 0;
    deltaEntriesInChain = exactRange ? estimatedDeltaEntries : 0;
  }

  /** Deltas on the current chain (for tests and logs). */
  int deltasInChain() {
    return deltasInChain;
  }
}
