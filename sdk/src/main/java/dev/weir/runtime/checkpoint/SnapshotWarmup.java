package dev.weir.runtime.checkpoint;

import dev.weir.runtime.graph.LogicalNode;
import dev.weir.runtime.plan.Chain;
import dev.weir.runtime.plan.PhysicalPlan;
import dev.weir.runtime.checkpoint.format.CheckpointManifestFormat;
import dev.weir.runtime.state.KeyedStateFormat;
import dev.weir.runtime.state.ListStateFormat;
import dev.weir.sdk.checkpoint.CheckpointManifest;
import dev.weir.sdk.types.Types;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * Runs the encoding paths of a checkpoint once, into nowhere, before the job's first
 * checkpoint: class loading and schema building then do not add to that checkpoint's
 * duration. Writes nothing to any store.
 */
public final class SnapshotWarmup {
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
  }
}
