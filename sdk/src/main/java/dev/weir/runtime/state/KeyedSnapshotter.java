package dev.weir.runtime.state;

import dev.weir.runtime.snapshot.OperatorSnapshot;
import dev.weir.runtime.snapshot.RestoredState;
import dev.weir.runtime.snapshot.SnapshotStorage;
import dev.weir.runtime.snapshot.StepSnapshotPart;
import dev.weir.sdk.checkpoint.BlobWriter;
import dev.weir.sdk.checkpoint.KeyedStateHandles;
import dev.weir.sdk.checkpoint.StateHandle;
import dev.weir.sdk.state.StateSpec;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Incremental checkpoints of one keyed subtask: state tables plus timers.
 *
 * <p>The synchronous part copies only what changed since the previous snapshot (never the
 * whole state, except for the first snapshot of a chain), as references and primitive
 * values. The asynchronous part writes those changes as a delta on the previous chain. When
 * the chain has {@code maxDeltaChain} deltas, or when its deltas would hold more entries than
 * the state has live keys and timers (so a restore reads at most about twice the state), the
 * next snapshot starts a new chain: it captures every live entry and writes a full blob from
 * memory, which costs far less than reading the chain back and merging it (the merge is kept
 * only as a fallback should a chain be longer than counted). Snapshots of one subtask persist in order: each waits for
 * its predecessor's chain. If a persist fails, the next snapshot is a full one.
 */
public final class KeyedSnapshotter {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(KeyedSnapshotter.class);
  private final String stepName;
  private final KeyedStateFormat format;
  private final HeapKeyedStateBackend backend;
  private final TimerQueue eventTimers;
  private final TimerQueue processingTimers;
  private final int maxDeltaChain;
  private volatile boolean forceFull = true;
  /** Encoded bytes per entry in this subtask's last blob, for change-volume estimates. */
  private volatile double bytesPerEntry = 32;
  private long lastChangedSeen;
  /** Deltas on the chain the next snapshot builds on (task thread only). */
  private int deltasInChain;
  /** Entries written (or, after a restore, estimated) in those deltas (task thread only). */
  private long deltaEntriesInChain;
  private CompletableFuture<KeyedStateHandles> lastChain = CompletableFuture.completedFuture(null);

  /**
   * What the synchronous part captured: per table the changed entries and their values
   * (primitive longs for a long-valued table, so nothing is boxed unless a chain is merged).
   */
  private static final class Captured {
    final List<List<StateTable.Entry>> tables = new ArrayList<>();
    /** Per table: the values ({@code null} = deleted), or {@code null} for a long table. */
    final List<Object[]> values = new ArrayList<>();
    /** Per table: the long values of a long table, else {@code null}. */
    final List<long[]> longs = new ArrayList<>();
    /** Per table: for a long table whether each key had a value, else {@code null}. */
    final List<boolean[]> live = new ArrayList<>();
    List<TimerQueue.Change> eventTimers = List.of();
    List<TimerQueue.Change> processingTimers = List.of();

    int size() {
      int n = eventTimers.size() + processingTimers.size();
      for (List<StateTable.Entry> t : tables) {
        n += t.size();
      }
      return n;
    }

    Object value(int table, int j) {
      long[] ls = longs.get(table);
      if (ls != null) {
        return live.get(table)[j] ? Long.valueOf(ls[j]) : null;
      }
      return values.get(table)[j];
    }

    void forEach(java.util.function.Consumer<Change> action) {
      for (int i = 0; i < tables.size(); i++) {
        List<StateTable.Entry> entries = tables.get(i);
        for (int j = 0; j < entries.size(); j++) {
          StateTable.Entry e = entries.get(j);
          action.accept(new Change(i, e.keyGroup(), e.key(), value(i, j), 0, false, false));
        }
      }
      eventTimers.forEach(c -> action.accept(timerChange(c, true)));
      processingTimers.forEach(c -> action.accept(timerChange(c, false)));
    }

    /** Writes the captured entries ({@code full}: live ones only). */
    void writeTo(KeyedStateFormat.Writer w, boolean full) throws IOException {
      for (int i = 0; i < tables.size(); i++) {
        List<StateTable.Entry> entries = tables.get(i);
        long[] ls = longs.get(i);
        if (ls != null) {
          boolean[] lv = live.get(i);
          for (int j = 0; j < ls.length; j++) {
            StateTable.Entry e = entries.get(j);
            if (lv[j]) {
              w.stateLong(i, e.keyGroup(), e.key(), ls[j]);
            } else if (!full) {
              w.state(i, e.keyGroup(), e.key(), null);
            }
          }
        } else {
          Object[] vs = values.get(i);
          for (int j = 0; j < vs.length; j++) {
            StateTable.Entry e = entries.get(j);
            if (vs[j] != null || !full) {
              w.state(i, e.keyGroup(), e.key(), vs[j]);
            }
          }
        }
      }
      for (TimerQueue.Change c : eventTimers) {
        writeTimer(w, c, true, full);
      }
      for (TimerQueue.Change c : processingTimers) {
        writeTimer(w, c, false, full);
      }
    }

    private static void writeTimer(KeyedStateFormat.Writer w, TimerQueue.Change c,
        boolean eventTime, boolean full) throws IOException {
      if (full && !c.live()) {
        return;
      }
      TimerQueue.Timer t = c.timer();
      w.timer(eventTime, t.keyGroup(), t.key(), t.timestamp(), c.live());
    }
  }

  /** A captured change: state {@code index} (or a timer when {@code timer}) of a key. */
  private record Change(int index, int keyGroup, Object key, Object value, long timestamp,
      boolean eventTime, boolean timer) {
  }

  public KeyedSnapshotter(String stepName, KeyedStateFormat format, HeapKeyedStateBackend backend,
      TimerQueue eventTimers, TimerQueue processingTimers, int maxDeltaChain) {
    this.stepName = stepName;
    this.format = format;
    this.backend = backend;
    this.eventTimers = eventTimers;
    this.processingTimers = processingTimers;
    this.maxDeltaChain = maxDeltaChain;
  }

  /**
   * Estimated bytes of state changed since the previous call: entries newly marked changed
   * times the encoded size per entry of this subtask's last blob.
   */
  public long takeBytesChanged() {
    long changed = 0;
    for (StateTable t : backend.tables().values()) {
      changed += t.changedCount();
    }
    if (changed < lastChangedSeen) {
      lastChangedSeen = 0; // a snapshot took the changes
    }
    long delta = changed - lastChangedSeen;
    lastChangedSeen = changed;
    return (long) (delta * bytesPerEntry);
  }

  /** The synchronous part of checkpoint {@code checkpointId}. */
  public OperatorSnapshot snapshot(long checkpointId) {
    // A new chain when the chain is at its maximum length, or when its deltas would hold more
    // entries than the state has: a restore then reads at most about twice the state.
    long changedNow = 0;
    for (StateTable t : backend.tables().values()) {
      changedNow += t.changedCount();
    }
    long liveEntries = totalEntries() + eventTimers.size() + processingTimers.size();
    boolean full = forceFull || deltasInChain >= maxDeltaChain
        || deltaEntriesInChain + changedNow > liveEntries;
    forceFull = false;
    lastChangedSeen = 0;
    List<StateTable> tables = new ArrayList<>(backend.tables().values());
    if (full) {
      tables.forEach(StateTable::markAllDirty);
      eventTimers.markAllChanged();
      processingTimers.markAllChanged();
    }
    // Only references are copied here (the entry list and one value per entry; list and map
    // values are copied since they change in place); Change records are built off the task
    // thread. When the changes hold every live entry (every key was touched since the last
    // snapshot, common at high throughput), they are a full snapshot already: start a new
    // chain instead of writing a state-sized delta and merging it later.
    Captured changes = new Captured();
    boolean coversAll = true;
    for (int i = 0; i < tables.size(); i++) {
      StateTable table = tables.get(i);
      long liveChanged = table.isLongValued() ? captureLong(table, changes) : capture(table, changes);
      coversAll &= liveChanged == table.size();
    }
    int liveTimers = eventTimers.size() + processingTimers.size();
    changes.eventTimers = eventTimers.takeChanges();
    changes.processingTimers = processingTimers.takeChanges();
    long liveTimersChanged = changes.eventTimers.stream().filter(TimerQueue.Change::live).count()
        + changes.processingTimers.stream().filter(TimerQueue.Change::live).count();
    coversAll &= liveTimersChanged == liveTimers;
    boolean writeFull = full || coversAll;
    deltasInChain = writeFull ? 0 : deltasInChain + 1;
    deltaEntriesInChain = writeFull ? 0 : deltaEntriesInChain + changes.size();
    CompletableFuture<KeyedStateHandles> previous = lastChain;
    CompletableFuture<KeyedStateHandles> next = new CompletableFuture<>();
    lastChain = next;
    return new OperatorSnapshot() {
      @Override
      public StepSnapshotPart persist(SnapshotStorage storage) throws IOException {
        try {
          KeyedStateHandles base = writeFull ? null : awaitPrevious(previous);
          StepSnapshotPart part = KeyedSnapshotter.this.persist(storage, base, changes);
          next.complete(part.keyed());
          return part;
        } catch (IOException | RuntimeException | Error e) {
          discard(e);
          throw e;
        }
      }

      @Override
      public void discard(Throwable cause) {
        forceFull = true;
        next.completeExceptionally(cause);
      }
    };
  }

  /**
   * Takes the changes of a long table into {@code changes}; returns how many are live. (The
   * loops of the synchronous part live in small methods of their own, so the JIT compiles
   * them without recompiling the whole snapshot path.)
   */
  private static long captureLong(StateTable table, Captured changes) {
    StateTable.LongChanges taken = table.takeLongChanges();
    changes.tables.add(taken.entries());
    changes.values.add(null);
    changes.longs.add(taken.values());
    changes.live.add(taken.live());
    return taken.liveCount();
  }

  /** Takes the changes of a table of objects into {@code changes}; returns how many are live. */
  private static long capture(StateTable table, Captured changes) {
    StateSpec.Kind kind = table.spec().kind();
    List<StateTable.Entry> entries = table.takeChanges();
    int n = entries.size();
    Object[] values = new Object[n];
    long liveChanged = 0;
    for (int j = 0; j < n; j++) {
      Object v = entries.get(j).value();
      values[j] = kind == StateSpec.Kind.VALUE ? v : copy(kind, v);
      liveChanged += v == null ? 0 : 1;
    }
    changes.tables.add(entries);
    changes.values.add(values);
    changes.longs.add(null);
    changes.live.add(null);
    return liveChanged;
  }

  private static KeyedStateHandles awaitPrevious(CompletableFuture<KeyedStateHandles> previous)
      throws IOException {
    try {
      return previous.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for the previous snapshot of this subtask", e);
    } catch (java.util.concurrent.ExecutionException | CompletionException e) {
      throw new IOException("the previous snapshot of this subtask failed, so this delta has no "
          + "base; the next checkpoint writes a full snapshot", e.getCause());
    }
  }

  private static Change timerChange(TimerQueue.Change c, boolean eventTime) {
    TimerQueue.Timer t = c.timer();
    return new Change(-1, t.keyGroup(), t.key(), c.live() ? Boolean.TRUE : null, t.timestamp(),
        eventTime, true);
  }

  private static Object copy(StateSpec.Kind kind, Object value) {
    if (value == null) {
      return null;
    }
    return switch (kind) {
      case VALUE -> value;
      case LIST -> new ArrayList<>((List<?>) value);
      case MAP -> new HashMap<>((Map<?, ?>) value);
    };
  }

  private StepSnapshotPart persist(SnapshotStorage storage, KeyedStateHandles base,
      Captured changes) throws IOException {
    KeyGroupRange range = backend.keyGroupRange();
    if (base != null && base.deltas().size() < maxDeltaChain) {
      StateHandle delta = writeCaptured(storage, changes, false);
      return part(base.withDelta(delta), 0, delta.length());
    }
    StateHandle full = base == null ? writeCaptured(storage, changes, true)
        : writeBlob(storage, merge(storage, base, changes), true);
    return part(KeyedStateHandles.full(range.start(), range.end(), full), full.length(), 0);
  }

  /** Writes the captured changes as they are: a delta, or ({@code full}) a new chain's base. */
  private StateHandle writeCaptured(SnapshotStorage storage, Captured changes, boolean full)
      throws IOException {
    try (BlobWriter blob = storage.openBlob()) {
      long entries;
      try (KeyedStateFormat.Writer w = format.writer(blob)) {
        changes.writeTo(w, full);
        entries = w.entries();
      }
      StateHandle handle = blob.finish();
      if (entries > 0) {
        bytesPerEntry = Math.max(1.0, (double) handle.length() / entries);
      }
      return handle;
    }
  }

  private StepSnapshotPart part(KeyedStateHandles handles, long fullBytes, long deltaBytes) {
    return new StepSnapshotPart(stepName, handles, List.of(), format.stateSchemas(), fullBytes,
        deltaBytes);
  }

  private StateHandle writeBlob(SnapshotStorage storage, List<Change> changes, boolean full)
      throws IOException {
    try (BlobWriter blob = storage.openBlob()) {
      try (KeyedStateFormat.Writer w = format.writer(blob)) {
        for (Change c : changes) {
          if (full && c.value == null) {
            continue; // a full snapshot holds live entries only
          }
          if (c.timer) {
            w.timer(c.eventTime, c.keyGroup, c.key, c.timestamp, c.value != null);
          } else {
            w.state(c.index, c.keyGroup, c.key, c.value);
          }
        }
      }
      StateHandle handle = blob.finish();
      if (!changes.isEmpty()) {
        bytesPerEntry = Math.max(1.0, (double) handle.length() / changes.size());
      }
      return handle;
    }
  }

  /** Reads the chain back and applies {@code changes} on top: the new full contents. */
  private List<Change> merge(SnapshotStorage storage, KeyedStateHandles base, Captured changes)
      throws IOException {
    Merge merge = new Merge(backend.tables().size(), (int) Math.min(1 << 20, totalEntries()));
    List<StateHandle> chain = new ArrayList<>();
    chain.add(base.full());
    chain.addAll(base.deltas());
    for (StateHandle h : chain) {
      try (InputStream in = storage.open(h)) {
        format.read(in, new KeyedStateFormat.Visitor() {
          @Override
          public void state(int index, int keyGroup, Object key, Object value) {
            merge.apply(new Change(index, keyGroup, key, value, 0, false, false));
          }

          @Override
          public void timer(boolean eventTime, int keyGroup, Object key, long ts, boolean live) {
            merge.apply(new Change(-1, keyGroup, key, live ? Boolean.TRUE : null, ts, eventTime, true));
          }
        });
      }
    }
    changes.forEach(merge::apply);
    return merge.result();
  }

  private long totalEntries() {
    long n = 0;
    for (StateTable t : backend.tables().values()) {
      n += t.size();
    }
    return n;
  }

  /**
   * The live entries of a chain being compacted: one map per state from key to its latest
   * change (state keys are unique per state, so no composite key is allocated per entry),
   * and one for timers.
   */
  private static final class Merge {
    private final List<HashMap<Object, Change>> states = new ArrayList<>();
    private final HashMap<TimerId, Change> timers = new HashMap<>();

    private record TimerId(Object key, long timestamp, boolean eventTime) {
    }

    Merge(int stateCount, int expectedEntries) {
      for (int i = 0; i < stateCount; i++) {
        states.add(new HashMap<>(Math.max(16, expectedEntries * 4 / 3 / Math.max(1, stateCount))));
      }
    }

    void apply(Change c) {
      if (c.timer) {
        TimerId id = new TimerId(c.key, c.timestamp, c.eventTime);
        if (c.value == null) {
          timers.remove(id);
        } else {
          timers.put(id, c);
        }
      } else if (c.value == null) {
        states.get(c.index).remove(c.key);
      } else {
        states.get(c.index).put(c.key, c);
      }
    }

    List<Change> result() {
      int n = timers.size();
      for (HashMap<Object, Change> m : states) {
        n += m.size();
      }
      List<Change> out = new ArrayList<>(n);
      states.forEach(m -> out.addAll(m.values()));
      out.addAll(timers.values());
      return out;
    }
  }

  /**
   * Loads the restored state of this subtask's key groups. When the checkpoint's chain
   * covers exactly this range, the next snapshot is a delta on it; otherwise (a rescale)
   * the next snapshot is full.
   */
  public void restore(RestoredState restored) throws IOException {
    long started = System.nanoTime();
    KeyGroupRange range = backend.keyGroupRange();
    List<KeyedStateHandles> chains = restored.keyedOverlapping(range);
    List<StateTable> tables = new ArrayList<>(backend.tables().values());
    Map<String, Integer> indexByName = new HashMap<>();
    for (int i = 0; i < tables.size(); i++) {
      indexByName.put(tables.get(i).spec().name(), i);
    }
    // Presize the tables from the size of the full blobs (about 16 bytes or more per entry,
    // scaled to the share of each chain's key groups this subtask owns), so the restore does
    // not grow them step by step.
    long expected = 0;
    for (KeyedStateHandles chain : chains) {
      int overlap = Math.min(chain.keyGroupEndInclusive(), range.end())
          - Math.max(chain.keyGroupStart(), range.start()) + 1;
      int width = chain.keyGroupEndInclusive() - chain.keyGroupStart() + 1;
      expected += chain.full().length() / 16 * Math.max(0, overlap) / Math.max(1, width);
    }
    if (tables.size() == 1) {
      tables.get(0).ensureCapacity(expected);
    }
    for (KeyedStateHandles chain : chains) {
      List<StateHandle> handles = new ArrayList<>();
      handles.add(chain.full());
      handles.addAll(chain.deltas());
      for (StateHandle h : handles) {
        try (InputStream in = restored.open(h)) {
          format.read(in, new KeyedStateFormat.Visitor() {
            @Override
            public void state(int index, int keyGroup, Object key, Object value) {
              if (range.contains(keyGroup)) {
                tables.get(index).restore(key, keyGroup, restoredValue(tables.get(index), value));
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
          });
        }
      }
    }
    boolean exact = chains.size() == 1 && chains.get(0).keyGroupStart() == range.start()
        && chains.get(0).keyGroupEndInclusive() == range.end();
    forceFull = !exact;
    deltasInChain = exact ? chains.get(0).deltas().size() : 0;
    deltaEntriesInChain = 0;
    if (exact && chains.get(0).full().length() > 0) {
      long deltaBytes = 0;
      for (StateHandle d : chains.get(0).deltas()) {
        deltaBytes += d.length();
      }
      deltaEntriesInChain = (long) ((double) totalEntries() * deltaBytes / chains.get(0).full().length());
    }
    if (LOG.isDebugEnabled()) {
      LOG.debug("step '{}' key groups {}: restored {} keys from {} chain(s) in {} ms", stepName,
          range, totalEntries(), chains.size(), (System.nanoTime() - started) / 1_000_000);
    }
    lastChain = CompletableFuture.completedFuture(exact ? chains.get(0) : null);
    Objects.requireNonNull(indexByName);
  }

  private static Object restoredValue(StateTable table, Object value) {
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
