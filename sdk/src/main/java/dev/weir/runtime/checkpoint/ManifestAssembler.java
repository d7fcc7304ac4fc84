package dev.weir.runtime.checkpoint;

import dev.weir.runtime.plan.PhysicalPlan;
import dev.weir.runtime.snapshot.StepSnapshotPart;
import dev.weir.runtime.snapshot.TaskSnapshot;
import dev.weir.sdk.CheckpointMetrics;
import dev.weir.sdk.checkpoint.CheckpointManifest;
import dev.weir.sdk.checkpoint.KeyedStateHandles;
import dev.weir.sdk.checkpoint.OperatorStateHandle;
import dev.weir.sdk.checkpoint.StepSnapshot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the acknowledgements of all subtasks into the job-wide {@link CheckpointManifest}
 * (grouped by step, key-group ranges in order) and into {@link CheckpointMetrics}.
 */
public final class ManifestAssembler {
  private ManifestAssembler() {
  }

  /**
   * The manifest of checkpoint {@code id}, written by run {@code runId}; {@code finished} when
   * every source had reached the end of its input before the checkpoint was triggered.
   */
  public static CheckpointManifest manifest(PhysicalPlan plan, String runId, long id,
      long timestamp, boolean savepoint, boolean finished, Map<TaskId, TaskSnapshot> acks) {
    Map<String, List<KeyedStateHandles>> keyed = new LinkedHashMap<>();
    Map<String, List<OperatorStateHandle>> operator = new LinkedHashMap<>();
    Map<String, Map<String, String>> schemas = new LinkedHashMap<>();
    for (TaskSnapshot ack : acks.values()) {
      for (StepSnapshotPart part : ack.parts()) {
        String step = part.stepName();
        keyed.computeIfAbsent(step, s -> new ArrayList<>());
        operator.computeIfAbsent(step, s -> new ArrayList<>());
        schemas.computeIfAbsent(step, s -> new LinkedHashMap<>()).putAll(part.stateSchemas());
        if (part.keyed() != null) {
          keyed.get(step).add(part.keyed());
        }
        operator.get(step).addAll(part.operatorState());
      }
    }
    List<StepSnapshot> steps = new ArrayList<>();
    for (String step : keyed.keySet()) {
      List<KeyedStateHandles> k = keyed.get(step);
      k.sort(Comparator.comparingInt(KeyedStateHandles::keyGroupStart));
      List<OperatorStateHandle> o = operator.get(step);
      o.sort(Comparator.comparingInt(OperatorStateHandle::subtask)
          .thenComparing(OperatorStateHandle::kind));
      steps.add(new StepSnapshot(step, k, o, schemas.get(step)));
    }
    return new CheckpointManifest(plan.jobName(), runId, id, timestamp, plan.fingerprint(),
        plan.maxParallelism(), savepoint, finished, steps);
  }

  /** The figures of a completed checkpoint. */
  public static CheckpointMetrics metrics(long id, long triggerTimestamp, long completedTimestamp,
      Map<TaskId, TaskSnapshot> acks) {
    long sync = 0;
    long async = 0;
    long align = 0;
    long full = 0;
    long delta = 0;
    Map<String, Long> perStep = new LinkedHashMap<>();
    for (TaskSnapshot ack : acks.values()) {
      sync = Math.max(sync, ack.syncMillis());
      async = Math.max(async, ack.asyncMillis());
      align = Math.max(align, ack.alignmentMillis());
      for (StepSnapshotPart p : ack.parts()) {
        full += p.fullBytes();
        delta += p.deltaBytes();
        perStep.merge(p.stepName(), p.fullBytes() + p.deltaBytes(), Long::sum);
      }
    }
    return new CheckpointMetrics(id, triggerTimestamp, completedTimestamp - triggerTimestamp,
        sync, async, align, full, delta, perStep);
  }
}
