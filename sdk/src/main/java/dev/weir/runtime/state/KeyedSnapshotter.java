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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Incremental checkpoints of one keyed subtask: state tables plus timers.
 *
 * <p>The synchronous part copies only what changed since the previous snapshot (never the
 * whole state, except for the first snapshot of a chain), as references and primitive
 * values. The asynchronous part writes those changes as a delta on the previous chain, or,
 * when the {@link DeltaChainPolicy} starts a new chain, every live entry as a full snapshot
 * written from memory (never by reading the chain back). Snapshots of one subtask persist in
 * order: each waits for its predecessor's chain. If a persist fails, the next snapshot is a
 * full one. {@link KeyedStateRestorer} loads a checkpoint's chains back.
 */
public final class KeyedSnapshotter {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(KeyedSnapshotter.class);
  private final String stepName;
  private final KeyedStateFormat format;
  private final HeapKeyedStateBackend backend;
  private final TimerQueue eventTimers;
  private final TimerQueue processingTimers;
  private final DeltaChainPolicy policy;
  /** Encoded bytes per entry in this subtask's last blob, for change-volume estimates. */
  private volatile double bytesPerEntry = 32;
  private long lastChangedSeen;
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

  public KeyedSnapshotter(String stepName, KeyedStateFormat format, HeapKeyedStateBackend backend,
      TimerQueue eventTimers, TimerQueue processingTimers, int maxDeltaChain) {
    this.stepName = stepName;
    this.format = format;
    this.backend = backend;
    this.eventTimers = eventTimers;
    this.processingTimers = processingTimers;
    this.policy = new DeltaChainPolicy(maxDeltaChain);
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
    long changedNow = 0;
    for (StateTable t : backend.tables().values()) {
      changedNow += t.changedCount();
    }
    long liveEntries = backend.totalEntries() + eventTimers.size() + processingTimers.size();
    boolean full = policy.mustStartNewChain(changedNow, liveEntries);
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
    boolean writeFull = policy.snapshotTaken(full, coversAll, changes.size());
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
        policy.persistFailed();
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

  /**
   * Writes the captured changes: as a delta on {@code base}, or, without a base (the policy
   * started a new chain), as the full snapshot that starts it.
   */
  private StepSnapshotPart persist(SnapshotStorage storage, KeyedStateHandles base,
      Captured changes) throws IOException {
    if (base != null) {
      StateHandle delta = writeCaptured(storage, changes, false);
      return part(base.withDelta(delta), 0, delta.length());
    }
    KeyGroupRange range = backend.keyGroupRange();
    StateHandle full = writeCaptured(storage, changes, true);
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

  /**
   * Loads the restored state of this subtask's key groups. When the checkpoint's chain
   * covers exactly this range, the next snapshot is a delta on it; otherwise (a rescale)
   * the next snapshot is full.
   */
  public void restore(RestoredState restored) throws IOException {
    long started = System.nanoTime();
    KeyedStateRestorer.Result r =
        new KeyedStateRestorer(format, backend, eventTimers, processingTimers).restore(restored);
    // A chain in another store (a savepoint's) is no base for this run's deltas.
    KeyedStateHandles exact = restored.foreign() ? null : r.exactChain();
    policy.restored(exact != null, exact == null ? 0 : exact.deltas().size(),
        r.estimatedDeltaEntries());
    lastChain = CompletableFuture.completedFuture(exact);
    if (LOG.isDebugEnabled()) {
      LOG.debug("step '{}' key groups {}: restored {} keys from {} chain(s) in {} ms", stepName,
          backend.keyGroupRange(), backend.totalEntries(), r.chains(),
          (System.nanoTime() - started) / 1_000_000);
    }
  }
}
