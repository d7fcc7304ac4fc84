package dev.weir.runtime.checkpoint;

import dev.weir.runtime.graph.LogicalNode;
import dev.weir.runtime.plan.Chain;
import dev.weir.runtime.plan.PhysicalPlan;
import dev.weir.sdk.spi.CheckpointManifestFormat;
import dev.weir.runtime.snapshot.SnapshotStorage;
import dev.weir.runtime.snapshot.StepSnapshotPart;
import dev.weir.runtime.state.HeapKeyedStateBackend;
import dev.weir.runtime.state.KeyGroupRange;
import dev.weir.runtime.state.KeyedSnapshotter;
import dev.weir.runtime.state.KeyedStateFormat;
import dev.weir.runtime.state.ListStateFormat;
import dev.weir.runtime.state.StateTable;
import dev.weir.runtime.state.TimerQueue;
import dev.weir.sdk.checkpoint.CheckpointManifest;
import dev.weir.sdk.checkpoint.CheckpointStore;
import dev.weir.sdk.checkpoint.CheckpointStores;
import dev.weir.sdk.state.StateSpec;
import dev.weir.sdk.state.ValueState;
import dev.weir.sdk.types.Types;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * Runs the encoding paths of a checkpoint once, into nowhere, before the job's first
 * checkpoint: class loading and schema building then do not add to that checkpoint's
 * duration. Then takes full snapshots of a synthetic keyed state of {@value #KEYS} String
 * keys with {@code Long} values a few times, into a throwaway in-memory store, so the JIT
 * has compiled the per-entry snapshot path before the job's first (full) checkpoint runs it
 * over its whole state. Writes nothing to the job's store.
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

  /**
   * Full snapshots of a synthetic state, loaded once through the restore path. The state is
   * not built through the per-record write path: the job compiles that itself, and doing it
   * here (interpreted, at the job's start) would take CPU from the job when it needs it most.
   */
  static void compileKeyedPaths(int maxParallelism) throws IOException {
    StateSpec<ValueState<Long>> spec = StateSpec.value("warmup", Types.LONG);
    List<StateSpec<?>> specs = List.of(spec);
    HeapKeyedStateBackend backend = new HeapKeyedStateBackend("warmup",
        new KeyGroupRange(0, maxParallelism - 1), specs);
    KeyedStateFormat format = new KeyedStateFormat("warmup", Types.STRING, specs);
    // A chain of at most 0 deltas: every snapshot is a full one, as the first checkpoint is.
    KeyedSnapshotter snapshotter = new KeyedSnapshotter("warmup", format, backend,
        new TimerQueue(), new TimerQueue(), 0);
    CheckpointStore store = CheckpointStores.inMemory();
    StateTable table = backend.tables().get(spec.name());
    table.ensureCapacity(KEYS);
    for (int i = 0; i < KEYS; i++) {
      table.restoreLong("w" + i, i % maxParallelism, i);
    }
    for (int round = 1; round <= ROUNDS; round++) {
      snapshotter.snapshot(round).persist(new SnapshotStorage(store, "warmup", round));
    }
  }
}
