package dev.weir.runner.distributed.internal.protocol;

import dev.weir.runner.distributed.internal.protocol.ControlMessage.Abort;
import dev.weir.runner.distributed.internal.protocol.ControlMessage.Complete;
import dev.weir.runner.distributed.internal.protocol.ControlMessage.End;
import dev.weir.runner.distributed.internal.protocol.ControlMessage.Finish;
import dev.weir.runner.distributed.internal.protocol.ControlMessage.Start;
import dev.weir.runner.distributed.internal.protocol.ControlMessage.Trigger;
import dev.weir.runner.distributed.internal.protocol.TaskReport.Ack;
import dev.weir.runner.distributed.internal.protocol.TaskReport.Decline;
import dev.weir.runner.distributed.internal.protocol.TaskReport.Ended;
import dev.weir.runner.distributed.internal.protocol.TaskReport.Failed;
import dev.weir.runner.distributed.internal.protocol.TaskReport.InputEnded;
import dev.weir.runner.distributed.internal.protocol.TaskReport.RecordsRead;
import dev.weir.runtime.checkpoint.TaskId;
import dev.weir.runtime.snapshot.StepSnapshotPart;
import dev.weir.runtime.snapshot.TaskSnapshot;
import dev.weir.sdk.CheckpointMetrics;
import dev.weir.sdk.checkpoint.KeyedStateHandles;
import dev.weir.sdk.checkpoint.OperatorStateHandle;
import dev.weir.sdk.checkpoint.StateHandle;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One message of every kind with every field set to a distinct, non-default value (the
 * golden files hold these), plus variants with the nullable fields null.
 */
final class ProtocolSamples {

  static final TaskId TASK = TaskId.of("count", 3);

  private ProtocolSamples() {}

  static JobDefinition jobDefinition() {
    Map<String, String> options = new LinkedHashMap<>();
    options.put("parallelism", "4");
    options.put("checkpointInterval", "PT10S");
    return new JobDefinition("orders-7", "com.example.OrdersJob", options,
        List.of("--input", "kafka://orders", "ünïcode ✓"), "fp-3a9c",
        List.of("read[1]", "count[4]", "write[2]"), 1_733_000_000_123L, true, JAR_SHA);
  }

  /** A SHA-256 in the form the jar store uses. */
  static final String JAR_SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

  /** {@link #jobDefinition()} as Weir wrote it before jar submission (no jar). */
  static JobDefinition jobDefinitionWithoutJar() {
    JobDefinition d = jobDefinition();
    return new JobDefinition(d.jobId(), d.factoryClass(), d.options(), d.args(),
        d.planFingerprint(), d.stepDescriptors(), d.submittedAtMillis(), d.cancelRequested());
  }

  static JarHeader jarHeader() {
    return new JarHeader(JAR_SHA, "orders-2.0.jar", 1_234_567L, 3, 40L, 52L, 1_733_000_000_456L);
  }

  static JarChunk jarChunk() {
    return new JarChunk(JAR_SHA, 2, new byte[] {'P', 'K', 3, 4, 0, (byte) 0xFF});
  }

  static JobStatus jobStatus() {
    JobStatus s = jobStatusWithoutSubtasks();
    return new JobStatus(s.jobId(), s.state(), s.epoch(), s.restarts(), s.latestCheckpointId(),
        s.failure(), s.updatedAtMillis(), s.subtaskWorkers(), s.steps(), java.util.List.of(
            new SubtaskState(new dev.weir.runtime.checkpoint.TaskId("read", 0),
                SubtaskState.ENDED, 0.875, java.util.List.of(new StepRate("read", 0, 2_500.5))),
            new SubtaskState(new dev.weir.runtime.checkpoint.TaskId("count", 1),
                SubtaskState.FAILED, 0, java.util.List.of(new StepRate("count", 480, 478.25)))));
  }

  /** The sample status as Weir wrote it before statuses carried subtask states. */
  static JobStatus jobStatusWithoutSubtasks() {
    Map<String, String> workers = new LinkedHashMap<>();
    workers.put("read#0", "worker-b");
    workers.put("count#1", "worker-a");
    return new JobStatus("orders-7", "FAILED", 12, 5, 41, "count#1 failed: boom", 1_733_000_999L,
        workers, java.util.List.of(
            new dev.weir.sdk.SubtaskMetrics("read", 0, 0, 1_000, Long.MIN_VALUE),
            new dev.weir.sdk.SubtaskMetrics("count", 1, 500, 498, 1_733_000_000L)));
  }

  /** The sample metrics report as Weir wrote it before reports carried rates. */
  static TaskReport.Metrics metricsWithoutRates() {
    return new TaskReport.Metrics(9, TASK, java.util.List.of(
        new dev.weir.sdk.SubtaskMetrics("count", 3, 70_000, 69_998, 1_733_000_000L),
        new dev.weir.sdk.SubtaskMetrics("out", 3, 69_998, 69_998, Long.MIN_VALUE)));
  }

  static CompletedCheckpoint completedCheckpoint() {
    CheckpointMetrics m = completedCheckpointWithoutTrigger().metrics();
    return new CompletedCheckpoint(9, new CheckpointMetrics(m.checkpointId(),
        m.triggerTimestamp(), m.durationMs(), m.syncMsMax(), m.asyncMsMax(), m.alignmentMsMax(),
        m.fullBytes(), m.deltaBytes(), m.bytesPerStep(), dev.weir.sdk.CheckpointTrigger.SAVEPOINT,
        true));
  }

  /** The sample as Weir wrote it before completed checkpoints carried trigger and mark. */
  static CompletedCheckpoint completedCheckpointWithoutTrigger() {
    Map<String, Long> perStep = new LinkedHashMap<>();
    perStep.put("count", 2_000_000L);
    perStep.put("read", 1_234L);
    return new CompletedCheckpoint(9, new CheckpointMetrics(42, 1_733_000_111L, 812, 3, 540, 270,
        1_500_000, 501_234, perStep));
  }

  static Map<String, JobRequest> jobRequests() {
    Map<String, JobRequest> m = new LinkedHashMap<>();
    m.put("checkpoint", new JobRequest("req-1", JobRequest.Kind.CHECKPOINT, 1_733_000_222L));
    m.put("savepoint", new JobRequest("req-2 ✓", JobRequest.Kind.SAVEPOINT, 1_733_000_333L));
    m.put("stop", new JobRequest("req-3", JobRequest.Kind.STOP, 1_733_000_444L));
    m.put("stop-with-savepoint", new JobRequest("req-4", JobRequest.Kind.STOP_WITH_SAVEPOINT,
        1_733_000_555L));
    return m;
  }

  static JobStatus jobStatusWithoutFailure() {
    return new JobStatus("orders-7", JobStatus.STARTING, 0, 0, -1, null, 5L, Map.of());
  }

  static Map<String, ControlMessage> controlMessages() {
    Map<String, ControlMessage> m = new LinkedHashMap<>();
    m.put("start", new Start(9, "rb-4", 41, 3,
        Map.of("weir.c.orders-7.x0:0", 100L, "weir.c.orders-7.x0:5", 0L, "weir.c.j.x1:12", 7L)));
    m.put("trigger", new Trigger(9, 42, 1_733_000_111L));
    m.put("complete", new Complete(9, 42));
    m.put("abort", new Abort(9, 43));
    m.put("finish", new Finish(9));
    m.put("end", new End(9, "FAILED", "restarts exhausted: count#1 failed"));
    m.put("pause", new ControlMessage.Pause(9));
    m.put("stop", new ControlMessage.Stop(9, 44));
    return m;
  }

  static End endWithoutFailure() {
    return new End(10, "DONE", null);
  }

  static Start startWithoutRestore() {
    return new Start(1, "rb-1", -1, 0, Map.of());
  }

  static TaskSnapshot snapshot() {
    StateHandle full = new StateHandle("orders-7", 38, "cq:19723:42", 4096, 0xFFFF_FFFFL);
    StateHandle delta1 = new StateHandle("orders-7", 40, "cq:19723:57", 120, 7);
    StateHandle delta2 = new StateHandle("orders-7", 42, "cq:19724:3", 0, 0);
    KeyedStateHandles keyed = KeyedStateHandles.full(32, 63, full).withDelta(delta1)
        .withDelta(delta2);
    OperatorStateHandle position = new OperatorStateHandle("source-position", 3,
        "{\"type\":\"long\"}", new StateHandle("orders-7", 42, "cq:19724:4", 16, 123456789L));
    Map<String, String> schemas = new LinkedHashMap<>();
    schemas.put("counts", "{\"type\":\"long\"}");
    schemas.put("seen", "\"string\"");
    StepSnapshotPart count = new StepSnapshotPart("count", keyed, List.of(position), schemas,
        4096, 120);
    StepSnapshotPart sink = new StepSnapshotPart("write", null, List.of(
        new OperatorStateHandle("sink-commit", 3, "\"bytes\"",
            new StateHandle("orders-7", 42, "memory:17", 9, 99))), Map.of(), 9, 0);
    return new TaskSnapshot(List.of(count, sink), 3, 250, 17);
  }

  static Map<String, TaskReport> taskReports() {
    Map<String, TaskReport> m = new LinkedHashMap<>();
    m.put("ack", new Ack(9, TASK, 42, snapshot(),
        Map.of("weir.c.orders-7.x0:3", 1234L, "orders:0", 99L)));
    m.put("decline", new Decline(9, TASK, 43, "state store full: count#3"));
    m.put("input-ended", new InputEnded(9, TASK));
    m.put("failed", new Failed(9, TASK, "java.lang.IllegalStateException: boom"));
    m.put("ended", new Ended(9, TASK));
    m.put("records-read", new RecordsRead(9, TASK, 1_000_000_007L));
    m.put("metrics", new TaskReport.Metrics(9, TASK, metricsWithoutRates().steps(),
        java.util.List.of(new StepRate("count", 70_000.5, 69_998), new StepRate("out", 0, 0)),
        0.625));
    return m;
  }
}
