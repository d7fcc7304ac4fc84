package dev.weir.runtime.checkpoint;

import dev.weir.runtime.graph.LogicalNode;
import dev.weir.runtime.plan.Chain;
import dev.weir.runtime.plan.PhysicalPlan;
import dev.weir.runtime.checkpoint.format.CheckpointManifestFormat;
import dev.weir.runtime.snapshot.SnapshotStorage;
import dev.weir.runtime.snapshot.StepSnapshotPart;
import dev.weir.runtime.state.HeapKeyedStateBackend;
import dev.weir.runtime.state.KeyGroupRange;
import dev.weir.runtime.state.KeyGroups;
import dev.weir.runtime.state.KeyedSnapshotter;
import dev.weir.runtime.state.KeyedStateFormat;
import dev.weir.runtime.state.ListStateFormat;
import dev.weir.runtime.state.TimerQueue;
import dev.weir.sdk.checkpoint.CheckpointManifest;
import dev.weir.sdk.checkpoint.CheckpointStore;
import dev.weir.sdk.checkpoint.CheckpointStores;
import dev.weir.sdk.checkpoint.StateHandle;
import dev.weir.sdk.state.StateSpec;
import dev.weir.sdk.state.ValueState;
import dev.weir.sdk.types.Types;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * Runs the encoding paths of a checkpoint once, into nowhere, before the job's first
 * checkpoint: class loading and schema building then do not add to that checkpoint's
 * duration. Then snapshots and reads back a synthetic keyed state of {@value #KEYS} String
 * keys with {@code Long} values a few times, into a throwaway in-memory store, so the JIT
 * has compiled the per-entry snapshot and restore paths before the job's first (full)
 * checkpoint runs them over its whole state. Writes nothing to the job's store.
 */
public final class SnapshotWarmup {
  /** Keys of the synthetic state. */
  static final int KEYS = 20_000;
  private static final int ROUNDS = 3;

  private SnapshotWarmup() {
  }

  /** Encodes empty keyed blobs of every keyed step, a list blob and a manifest. */
  public static void run(PhysicalPlan plan) throws IOException {
    for (Chain chain : plan.chains()) {
      for (LogicalNode n : chain.nodes()) {
        if (n.kind() == LogicalNode.Kind.KEYED_OPERATOR && n.inputs().get(0).keyCoder() != null) {
          KeyedStateFormat format = new KeyedStateFormat(n.name(), n.inputs().get(0).keyCoder(),
              n.stateSpecs());
          try (KeyedStateFormat.Writer w = format.writer(OutputStream.nullOutputStream())) {
            w.entries();
          }
        }
      }
    }
    ListStateFormat.write(OutputStream.nullOutputStream(), Types.list(Types.LONG), List.of(List.of(0L)));
    CheckpointManifestFormat.encode(new CheckpointManifest(plan.jobName(), 1, 0,
        plan.fingerprint(), plan.maxParallelism(), false, List.of()), OutputStream.nullOutputStream());
    compileKeyedPaths(plan.maxParallelism());
  }

  /** Full and delta snapshots of a synthetic state, each read back as a restore reads it. */
  static void compileKeyedPaths(int maxParallelism) throws IOException {
    StateSpec<ValueState<Long>> spec = StateSpec.value("warmup", Types.LONG);
    List<StateSpec<?>> specs = List.of(spec);
    HeapKeyedStateBackend backend = new HeapKeyedStateBackend("warmup",
        new KeyGroupRange(0, maxParallelism - 1), specs);
    KeyedStateFormat format = new KeyedStateFormat("warmup", Types.STRING, specs);
    KeyedSnapshotter snapshotter = new KeyedSnapshotter("warmup", format, backend,
        new TimerQueue(), new TimerQueue(), ROUNDS);
    CheckpointStore store = CheckpointStores.inMemory();
    ValueState<Long> state = backend.state(spec);
    KeyedStateFormat.Visitor ignore = new KeyedStateFormat.Visitor() {
      @Override
      public void state(int stateIndex, int keyGroup, Object key, Object value) {
      }

      @Override
      public void timer(boolean eventTime, int keyGroup, Object key, long timestamp, boolean live) {
      }
    };
    for (int round = 1; round <= ROUNDS; round++) {
      for (int i = 0; i < KEYS; i++) {
        // Fresh keys, as records deliver them; every other key changes after the first round.
        if (round == 1 || i % 2 == 0) {
          String key = "w" + i;
          backend.setCurrentKey(key, KeyGroups.keyGroupOf(Types.STRING.hashOfEncoding(key),
              maxParallelism));
          Long v = state.value();
          state.update(v == null ? 0L : v + 1);
        }
      }
      StepSnapshotPart part = snapshotter.snapshot(round)
          .persist(new SnapshotStorage(store, "warmup", round));
      List<StateHandle> chain = part.keyed().deltas();
      StateHandle written = chain.isEmpty() ? part.keyed().full() : chain.get(chain.size() - 1);
      try (InputStream in = store.openBlob(written)) {
        format.read(in, ignore);
      }
    }
  }
}
