package dev.weir.console.internal;

import dev.weir.console.ActionOutcome;
import dev.weir.console.CheckpointHistory;
import dev.weir.console.JobDetail;
import dev.weir.console.JobSummary;
import dev.weir.sdk.CheckpointFailure;
import dev.weir.sdk.CheckpointMetrics;
import dev.weir.sdk.JobPlan;
import dev.weir.sdk.StepMetrics;
import dev.weir.sdk.SubtaskStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The API's JSON documents, built from the console's records as ordered maps (the field names
 * are the API; {@code docs/console.md} lists them). Free text a job reports (descriptions,
 * failures) passes {@link SecretMasker}.
 */
public final class JsonViews {
  /** Backpressure ratios up to this are shown as OK, as in Flink. */
  static final double BACKPRESSURE_LOW = 0.10;
  /** Backpressure ratios above this are HIGH. */
  static final double BACKPRESSURE_HIGH = 0.50;

  private JsonViews() {
  }

  /** {@code GET /api/jobs}. */
  public static Map<String, Object> jobs(List<JobSummary> jobs) {
    List<Object> list = new ArrayList<>();
    jobs.forEach(j -> list.add(summary(j)));
    return map("jobs", list);
  }

  static Map<String, Object> summary(JobSummary j) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", j.id());
    m.put("name", j.name());
    m.put("state", j.state());
    m.put("runner", j.runner());
    m.put("startTime", j.startTime());
    m.put("endTime", j.endTime() < 0 ? null : j.endTime());
    m.put("durationMs", (j.endTime() < 0 ? System.currentTimeMillis() : j.endTime()) - j.startTime());
    m.put("restarts", j.restarts());
    return m;
  }

  /** {@code GET /api/jobs/{id}}. */
  public static Map<String, Object> job(JobDetail d) {
    Map<String, Object> m = summary(d.summary());
    m.put("failure", d.failure().map(SecretMasker::mask).orElse(null));
    Map<String, StepMetrics> metrics = d.metrics().steps();
    List<Object> steps = new ArrayList<>();
    List<Object> chains = new ArrayList<>();
    List<Object> exchanges = new ArrayList<>();
    int parallelism = 0;
    if (d.plan().isPresent()) {
      JobPlan plan = d.plan().get();
      m.put("maxParallelism", plan.maxParallelism());
      for (JobPlan.Step s : plan.steps()) {
        Map<String, Object> step = new LinkedHashMap<>();
        step.put("name", s.name());
        step.put("kind", s.kind());
        step.put("description", SecretMasker.mask(s.description()));
        step.put("parallelism", s.parallelism());
        step.put("chain", s.chain());
        step.put("inputs", s.inputs());
        stepMetrics(step, metrics.get(s.name()));
        steps.add(step);
      }
      for (JobPlan.Chain c : plan.chains()) {
        parallelism = Math.max(parallelism, c.parallelism());
        Map<String, Object> chain = new LinkedHashMap<>();
        chain.put("id", c.id());
        chain.put("steps", c.steps());
        chain.put("parallelism", c.parallelism());
        double bp = c.steps().stream().map(metrics::get).filter(java.util.Objects::nonNull)
            .mapToDouble(StepMetrics::backpressureRatio).max().orElse(0);
        chain.put("backpressureRatio", bp);
        chain.put("backpressure", level(bp));
        chains.add(chain);
      }
      for (JobPlan.Exchange e : plan.exchanges()) {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("id", e.id());
        x.put("fromStep", e.fromStep());
        x.put("fromChain", e.fromChain());
        x.put("toStep", e.toStep());
        x.put("toChain", e.toChain());
        x.put("type", e.type());
        x.put("keyBy", e.keyBy().isEmpty() ? null : e.keyBy());
        exchanges.add(x);
      }
    } else {
      m.put("maxParallelism", null);
      // No plan (e.g. a cluster's job whose class the console cannot load): the steps the
      // metrics name, with no kind and no chain, at the parallelism their subtasks show.
      for (StepMetrics sm : metrics.values()) {
        int subtasks = Math.max(1, d.metrics().subtasks(sm.stepName()).size());
        parallelism = Math.max(parallelism, subtasks);
        Map<String, Object> step = new LinkedHashMap<>();
        step.put("name", sm.stepName());
        step.put("kind", null);
        step.put("description", "");
        step.put("parallelism", subtasks);
        step.put("chain", null);
        step.put("inputs", List.of());
        stepMetrics(step, sm);
        steps.add(step);
      }
    }
    m.put("parallelism", parallelism);
    m.put("steps", steps);
    m.put("chains", chains);
    m.put("exchanges", exchanges);
    return m;
  }

  private static void stepMetrics(Map<String, Object> step, StepMetrics sm) {
    StepMetrics s = sm != null ? sm : new StepMetrics("", 0, 0);
    step.put("recordsIn", s.recordsIn());
    step.put("recordsOut", s.recordsOut());
    step.put("recordsInPerSecond", s.recordsInPerSecond());
    step.put("recordsOutPerSecond", s.recordsOutPerSecond());
    step.put("sideOutputDropped", s.sideOutputDropped());
    step.put("watermark", s.watermark() == Long.MIN_VALUE ? null : s.watermark());
    step.put("backpressureRatio", s.backpressureRatio());
    step.put("backpressure", level(s.backpressureRatio()));
  }

  /** Flink's words for a backpressure ratio: OK, LOW, HIGH. */
  static String level(double ratio) {
    return ratio <= BACKPRESSURE_LOW ? "OK" : ratio <= BACKPRESSURE_HIGH ? "LOW" : "HIGH";
  }

  /** {@code GET /api/jobs/{id}/checkpoints}. */
  public static Map<String, Object> checkpoints(String jobId, CheckpointHistory h) {
    List<Map<String, Object>> history = new ArrayList<>();
    for (CheckpointMetrics c : h.completed()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", c.checkpointId());
      m.put("status", "COMPLETED");
      m.put("trigger", c.trigger().name());
      m.put("savepoint", c.savepoint());
      m.put("triggerTimestamp", c.triggerTimestamp());
      m.put("durationMs", c.durationMs());
      m.put("syncMs", c.syncMsMax());
      m.put("asyncMs", c.asyncMsMax());
      m.put("alignmentMs", c.alignmentMsMax());
      m.put("bytes", c.bytes());
      m.put("fullBytes", c.fullBytes());
      m.put("deltaBytes", c.deltaBytes());
      m.put("kind", c.full() ? "FULL" : "DELTA");
      m.put("bytesPerStep", c.bytesPerStep());
      m.put("failureReason", null);
      m.put("failureMessage", null);
      history.add(m);
    }
    for (CheckpointFailure f : h.failed()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", f.checkpointId());
      m.put("status", "FAILED");
      m.put("trigger", f.trigger().name());
      m.put("savepoint", f.trigger() == dev.weir.sdk.CheckpointTrigger.SAVEPOINT);
      m.put("triggerTimestamp", f.triggerTimestamp());
      m.put("durationMs", f.failureTimestamp() - f.triggerTimestamp());
      m.put("failureReason", f.reason().name());
      m.put("failureMessage", SecretMasker.mask(f.message()));
      history.add(m);
    }
    history.sort(Comparator.comparingLong(m -> (Long) m.get("id")));
    List<Object> savepoints = new ArrayList<>();
    for (CheckpointHistory.SavepointEntry s : h.savepoints()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("checkpointId", s.checkpointId() < 0 ? null : s.checkpointId());
      m.put("path", s.path());
      m.put("timestamp", s.timestamp());
      savepoints.add(m);
    }
    Map<String, Object> counts = new LinkedHashMap<>();
    counts.put("completed", h.completed().size());
    counts.put("failed", h.failed().size());
    counts.put("savepoints", h.savepoints().size());
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("jobId", jobId);
    m.put("counts", counts);
    m.put("latestCompletedId", h.completed().isEmpty() ? null
        : h.completed().get(h.completed().size() - 1).checkpointId());
    m.put("history", history);
    m.put("savepoints", savepoints);
    return m;
  }

  /** {@code GET /api/jobs/{id}/subtasks}. */
  public static Map<String, Object> subtasks(String jobId, List<SubtaskStatus> subtasks) {
    List<Object> list = new ArrayList<>();
    for (SubtaskStatus s : subtasks) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("task", s.task());
      m.put("steps", s.steps());
      m.put("subtask", s.subtask());
      m.put("worker", s.worker());
      m.put("state", s.state());
      m.put("restarts", s.restarts());
      m.put("recordsIn", s.recordsIn());
      m.put("recordsOut", s.recordsOut());
      m.put("backpressureRatio", s.backpressureRatio());
      m.put("backpressure", level(s.backpressureRatio()));
      list.add(m);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("jobId", jobId);
    m.put("subtasks", list);
    return m;
  }

  /** The answer to an action. */
  public static Map<String, Object> outcome(String jobId, ActionOutcome o) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("jobId", jobId);
    m.put("action", o.action());
    m.put("state", o.jobState());
    m.put("checkpointId", o.checkpointId().isPresent() ? o.checkpointId().getAsLong() : null);
    m.put("savepointPath", o.savepointPath().orElse(null));
    m.put("message", SecretMasker.mask(o.message()));
    return m;
  }

  /** An error body. */
  public static Map<String, Object> error(int status, String message) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("status", status);
    m.put("error", SecretMasker.mask(message));
    return m;
  }

  private static Map<String, Object> map(String key, Object value) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(key, value);
    return m;
  }
}
