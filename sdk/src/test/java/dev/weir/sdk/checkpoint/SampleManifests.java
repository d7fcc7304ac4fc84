package dev.weir.sdk.checkpoint;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Test fixtures: manifests and blob contents used by the contract suite and format tests. */
public final class SampleManifests {

  /** The Avro schema of a long, as stored for a state of type Long. */
  public static final String LONG_SCHEMA = "\"long\"";

  private SampleManifests() {}

  /**
   * A manifest whose step "count" has the first handle as the full snapshot of key groups
   * 0..63 and the second (if any) as a delta on it; further handles become operator state of
   * step "source" (kind "source-position", one per subtask).
   */
  public static CheckpointManifest manifest(String jobId, long checkpointId,
      List<StateHandle> handles) {
    List<StepSnapshot> steps = new ArrayList<>();
    if (!handles.isEmpty()) {
      KeyedStateHandles range = KeyedStateHandles.full(0, 63, handles.get(0));
      if (handles.size() > 1) {
        range = range.withDelta(handles.get(1));
      }
      steps.add(new StepSnapshot("count", List.of(range), List.of(),
          Map.of("sum", LONG_SCHEMA)));
    }
    if (handles.size() > 2) {
      List<OperatorStateHandle> ops = new ArrayList<>();
      for (int i = 2; i < handles.size(); i++) {
        ops.add(new OperatorStateHandle("source-position", i - 2, LONG_SCHEMA, handles.get(i)));
      }
      steps.add(new StepSnapshot("source", List.of(), ops, Map.of()));
    }
    return new CheckpointManifest(jobId, checkpointId, 1_700_000_000_000L + checkpointId,
        "plan-fp-1", 128, false, steps);
  }

  /** {@code length} pseudo-random bytes, the same for the same seed. */
  public static byte[] bytes(long seed, int length) {
    byte[] b = new byte[length];
    new SplittableRandom(seed).nextBytes(b);
    return b;
  }

  /**
   * The manifest stored as golden file {@code checkpoint-format/v1/manifest.avro}: two keyed
   * ranges (one with deltas), operator state of three kinds, two state schemas, a savepoint.
   */
  public static CheckpointManifest golden() {
    StateHandle full0 = new StateHandle("golden-job", 40, "cq:19723:1", 1_048_576, 0x1234ABCDL);
    StateHandle delta0 = new StateHandle("golden-job", 41, "cq:19723:9", 2048, 0xFFFF_FFFFL);
    StateHandle delta1 = new StateHandle("golden-job", 42, "cq:19724:0", 0, 0);
    StateHandle full1 = new StateHandle("golden-job", 42, "cq:19724:3", 77, 0x0BADF00DL);
    StateHandle source = new StateHandle("golden-job", 42, "cq:19724:5", 16, 42);
    StateHandle sink = new StateHandle("golden-job", 42, "cq:19724:6", 120, 7);
    StateHandle op = new StateHandle("golden-job", 42, "cq:19724:7", 33, 99);
    String record = "{\"type\":\"record\",\"name\":\"Acc\",\"fields\":"
        + "[{\"name\":\"sum\",\"type\":\"long\"},{\"name\":\"n\",\"type\":\"int\"}]}";
    return new CheckpointManifest("golden-job", 42, 1_732_000_000_000L, "fp:3f2a9c", 128, true,
        List.of(
            new StepSnapshot("read", List.of(),
                List.of(new OperatorStateHandle("source-position", 0, LONG_SCHEMA, source)),
                Map.of()),
            new StepSnapshot("count",
                List.of(new KeyedStateHandles(0, 63, full0, List.of(delta0, delta1)),
                    KeyedStateHandles.full(64, 127, full1)),
                List.of(new OperatorStateHandle("operator", 1, record, op)),
                Map.of("sum", LONG_SCHEMA, "acc", record)),
            new StepSnapshot("write", List.of(),
                List.of(new OperatorStateHandle("sink-commit", 0, "\"bytes\"", sink)),
                Map.of())));
  }

  /**
   * The manifest stored as golden file {@code checkpoint-format/v2/manifest.avro}: the v1
   * golden manifest with the fields v2 added, a run id and the finished flag.
   */
  public static CheckpointManifest goldenV2() {
    CheckpointManifest v1 = golden();
    return new CheckpointManifest(v1.jobId(), "run-5d0c6f3e", v1.checkpointId(),
        v1.timestampMillis(), v1.planFingerprint(), v1.maxParallelism(), v1.savepoint(), true,
        v1.steps());
  }
}
