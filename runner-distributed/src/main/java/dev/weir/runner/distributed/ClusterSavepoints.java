package dev.weir.runner.distributed;

import dev.weir.io.kafka.KafkaCheckpointStore;
import dev.weir.runtime.plan.PhysicalPlan;
import dev.weir.sdk.checkpoint.CheckpointManifest;
import dev.weir.sdk.spi.Savepoint;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Savepoints between a client's machine and the cluster's checkpoint store: a savepoint
 * directory imported as a new job's first checkpoint (checked against the job's plan first),
 * and a savepoint of a running job exported into a directory.
 */
final class ClusterSavepoints {
  private ClusterSavepoints() {
  }

  /** A savepoint a job starts from, and how its state maps onto the job's steps. */
  record Start(Path directory, boolean allowNonRestoredState,
      Map<String, String> renamedSteps) {
    Start {
      Objects.requireNonNull(directory, "fromSavepoint");
      renamedSteps = Map.copyOf(renamedSteps);
    }
  }

  /**
   * Checks {@code from}'s savepoint against {@code plan}, then copies it into the cluster's store
   * as checkpoint 1 of the plan's job (marked as a savepoint, so retention keeps it).
   */
  static void importInto(KafkaCheckpointStore store, Start from, PhysicalPlan plan) {
    Path dir = from.directory();
    try {
      Savepoint sp = Savepoint.open(dir);
      CheckpointManifest m = sp.manifest().withRenamedSteps(from.renamedSteps());
      dev.weir.runtime.checkpoint.RestoreLoader.check(m, plan, from.allowNonRestoredState());
      Map<String, dev.weir.sdk.checkpoint.StateHandle> copied = new HashMap<>();
      for (dev.weir.sdk.checkpoint.StateHandle h : sp.manifest().referencedHandles()) {
        try (java.io.InputStream in = sp.store().openBlob(h);
            dev.weir.sdk.checkpoint.BlobWriter out = store.openBlob(plan.jobName(), 1)) {
          in.transferTo(out);
          copied.put(h.location(), out.finish());
        }
      }
      store.writeManifest(new CheckpointManifest(plan.jobName(), m.runId(), 1,
          m.timestampMillis(), m.planFingerprint(), m.maxParallelism(), true, false,
          Savepoint.relocatedSteps(m, copied)));
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException("job '" + plan.jobName() + "' cannot start from "
          + "savepoint " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Copies savepoint {@code id} of the job out of the cluster's store into {@code directory}. */
  static Path export(KafkaCheckpointStore store, String jobId, long id, Path directory) {
    try {
      CheckpointManifest m = store.manifest(jobId, id).orElseThrow(() -> new IOException(
          "savepoint " + id + " of job '" + jobId + "' is not in the cluster's store"));
      return Savepoint.write(store, m, directory).directory();
    } catch (IOException e) {
      throw new java.util.concurrent.CompletionException(new IOException("copying savepoint "
          + id + " of job '" + jobId + "' to " + directory + " failed: " + e.getMessage(), e));
    }
  }
}
