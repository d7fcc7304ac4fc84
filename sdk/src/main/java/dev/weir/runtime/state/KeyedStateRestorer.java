package dev.weir.runtime.state;

import dev.weir.runtime.snapshot.RestoredState;
import dev.weir.sdk.checkpoint.KeyedStateHandles;
import dev.weir.sdk.checkpoint.StateHandle;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads the keyed state and timers of one subtask's key groups from a checkpoint: every chain
 * (full snapshot, then its deltas in order) that overlaps the subtask's range, keeping only
 * the entries of its own key groups, so the same code restores at the old parallelism and
 * after a rescale.
 */
final class KeyedStateRestorer {

  /**
   * What was restored.
   *
   * @param exactChain the one chain that covered exactly the subtask's range, or {@code null}
   *     (no state, several chains, or a different range: a rescale)
   * @param estimatedDeltaEntries the entries the exact chain's deltas hold, estimated from
   *     their bytes relative to the full snapshot's (0 without an exact chain)
   * @param chains how many chains were read
   */
  record Result(KeyedStateHandles exactChain, long estimatedDeltaEntries, int chains) {
  }

  private final KeyedStateFormat format;
  private final HeapKeyedStateBackend backend;
  private final TimerQueue eventTimers;
  private final TimerQueue processingTimers;

  KeyedStateRestorer(KeyedStateFormat format, HeapKeyedStateBackend backend,
      TimerQueue eventTimers, TimerQueue processingTimers) {
    this.format = format;
    this.backend = backend;
    this.eventTimers = eventTimers;
    this.processingTimers = processingTimers;
  }

  Result restore(RestoredState restored) throws IOException {
    KeyGroupRange range = backend.keyGroupRange();
    List<KeyedStateHandles> chains = restored.keyedOverlapping(range.start(), range.end());
    List<StateTable> tables = new ArrayList<>(backend.tables().values());
    if (tables.size() == 1) {
      tables.get(0).ensureCapacity(expectedEntries(chains, range));
    }
    for (KeyedStateHandles chain : chains) {
      List<StateHandle> handles = new ArrayList<>();
      handles.add(chain.full());
      handles.addAll(chain.deltas());
      for (StateHandle h : handles) {
        try (InputStream in = restored.open(h)) {
          format.read(in, new Loader(range, tables));
        }
      }
    }
    boolean exact = chains.size() == 1 && chains.get(0).keyGroupStart() == range.start()
        && chains.get(0).keyGroupEndInclusive() == range.end();
    if (!exact) {
      return new Result(null, 0, chains.size());
    }
    KeyedStateHandles chain = chains.get(0);
    long deltaEntries = 0;
    if (chain.full().length() > 0) {
      long deltaBytes = chain.deltas().stream().mapToLong(StateHandle::length).sum();
      deltaEntries = (long) ((double) backend.totalEntries() * deltaBytes / chain.full().length());
    }
    return new Result(chain, deltaEntries, 1);
  }

  /**
   * The entries to presize the table for, from the size of the full blobs (about 16 bytes or
   * more per entry, scaled to the share of each chain's key groups this subtask owns), so the
   * restore does not grow the table step by step.
   */
  private static long expectedEntries(List<KeyedStateHandles> chains, KeyGroupRange range) {
    long expected = 0;
    for (KeyedStateHandles chain : chains) {
      int overlap = Math.min(chain.keyGroupEndInclusive(), range.end())
          - Math.max(chain.keyGroupStart(), range.start()) + 1;
      int width = chain.keyGroupEndInclusive() - chain.keyGroupStart() + 1;
      expected += chain.full().length() / 16 * Math.max(0, overlap) / Math.max(1, width);
    }
    return expected;
  }

  /** Puts the entries of the subtask's key groups into the tables and timer queues. */
  private final class Loader implements KeyedStateFormat.Visitor {
    private final KeyGroupRange range;
    private final List<StateTable> tables;

    Loader(KeyGroupRange range, List<StateTable> tables) {
      this.range = range;
      this.tables = tables;
    }

    @Override
    public void state(int index, int keyGroup, Object key, Object value) {
      if (range.contains(keyGroup)) {
        StateTable table = tables.get(index);
        table.restore(key, keyGroup, ownCopy(table, value));
      }
    }

    @Override
    public void stateLong(int index, int keyGroup, Object key, long value) {
      if (range.contains(keyGroup)) {
        tables.get(index).restoreLong(key, keyGroup, value);
      }
    }

    @Override
    public void timer(boolean eventTime, int keyGroup, Object key, long ts, boolean live) {
      if (range.contains(keyGroup)) {
        (eventTime ? eventTimers : processingTimers).restore(ts, key, keyGroup, live);
      }
    }
  }

  /** List and map values are changed in place by the state API: give the table its own copy. */
  private static Object ownCopy(StateTable table, Object value) {
    if (value == null) {
      return null;
    }
    return switch (table.spec().kind()) {
      case VALUE -> value;
      case LIST -> new ArrayList<>((List<?>) value);
      case MAP -> new HashMap<>((Map<?, ?>) value);
    };
  }
}
