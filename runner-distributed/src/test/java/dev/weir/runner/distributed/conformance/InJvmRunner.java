package dev.weir.runner.distributed.conformance;

import dev.weir.runner.distributed.DistributedJob;
import dev.weir.runner.distributed.DistributedRunner;
import dev.weir.runner.distributed.Worker;
import dev.weir.runtime.graph.PipelineImpl;
import dev.weir.runtime.task.JobMetricsAssembler;
import dev.weir.sdk.CheckpointMetrics;
import dev.weir.sdk.JobMetrics;
import dev.weir.sdk.Pipeline;
import dev.weir.sdk.PipelineOptions;
import dev.weir.sdk.PipelineResult;
import dev.weir.sdk.PipelineRunner;
import dev.weir.sdk.StepMetrics;
import dev.weir.sdk.SubtaskMetrics;
import dev.weir.sdk.checkpoint.CheckpointConfig;
import dev.weir.testing.WeirTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link PipelineRunner} over the distributed runner whose workers run in this JVM: submits
 * the given pipeline object through {@link RegisteredPipelines}, and reports the job's metrics
 * as the sum of the workers' shares (the distributed runner does not gather metrics yet).
 *
 * <p>{@link #run} returns once the job runs on every worker (or ended): a job's first epoch may
 * start before the second worker joined its group, and the rebalance of that join starts a new
 * epoch, whose tasks' counters start again from the restored checkpoint. A test that reads
 * metrics while the job runs must not see that happen under its feet.
 *
 * @param client submits and follows jobs
 * @param workers the in-JVM workers of the cluster
 * @param workerNames their names
 * @param settings job options added to the pipeline's own ({@code checkpoint.*})
 */
record InJvmRunner(DistributedRunner client, List<Worker> workers, List<String> workerNames,
    Map<String, String> settings) implements PipelineRunner {

  /** Job options added to the pipeline's own: checkpoints often, so small jobs end soon. */
  static Map<String, String> conformanceSettings() {
    return Map.of(CheckpointConfig.INTERVAL_MS_CONFIG, "100");
  }

  /**
   * A failing function fails the job after the restarts that a late worker's joining may cost
   * (each new epoch counts as a restart); a deterministic failure repeats on every attempt.
   */
  static final int MAX_RESTARTS = 2;

  @Override
  public PipelineResult run(Pipeline pipeline) {
    PipelineOptions options = pipeline.options();
    for (Map.Entry<String, String> e : settings.entrySet()) {
      options = options.withSetting(e.getKey(), e.getValue());
    }
    DistributedJob job = client.submit(RegisteredPipelines.class.getName(), options,
        List.of(RegisteredPipelines.register(pipeline)), RegisteredPipelines.class.getClassLoader(),
        MAX_RESTARTS, Duration.ZERO);
    WeirTest.await("job " + job.jobName() + " to run on workers " + workerNames + " or end",
        () -> job.state().isTerminal() || job.placement().values().containsAll(workerNames),
        Duration.ofSeconds(30));
    return new Job(job, workers, JobMetricsAssembler.of(PipelineImpl.of(pipeline).nodes(),
        List.of()));
  }

  /** The distributed job, with metrics summed over the in-JVM workers. */
  private record Job(DistributedJob job, List<Worker> workers, JobMetrics zero)
      implements PipelineResult {
    @Override
    public String jobName() {
      return job.jobName();
    }

    @Override
    public State state() {
      return job.state();
    }

    @Override
    public State waitUntilFinish(Duration timeout) {
      return job.waitUntilFinish(timeout);
    }

    @Override
    public void cancel() {
      job.cancel();
    }

    @Override
    public void stop() {
      job.stop();
    }

    @Override
    public void drain() {
      job.drain();
    }

    @Override
    public Optional<Throwable> failure() {
      return job.failure();
    }

    @Override
    public JobMetrics metrics() {
      List<JobMetrics> shares = new ArrayList<>(List.of(zero));
      workers.forEach(w -> w.metrics(job.jobName()).ifPresent(shares::add));
      return sum(shares);
    }

    @Override
    public CompletableFuture<Long> triggerCheckpoint() {
      return job.triggerCheckpoint();
    }

    @Override
    public List<CheckpointMetrics> checkpoints() {
      return job.checkpoints();
    }

    @Override
    public int restarts() {
      return job.restarts();
    }

    @Override
    public String runId() {
      return job.runId();
    }

    @Override
    public List<Long> restoredCheckpointIds() {
      return job.restoredCheckpointIds();
    }

    @Override
    public List<Long> recoveryMillis() {
      return job.recoveryMillis();
    }
  }

  /**
   * Per step: records summed, watermark the minimum; subtasks of all shares. The first share
   * (every step at zero) gives the steps and their order.
   */
  static JobMetrics sum(List<JobMetrics> shares) {
    Map<String, StepMetrics> steps = new LinkedHashMap<>();
    List<SubtaskMetrics> subtasks = new ArrayList<>();
    for (JobMetrics share : shares) {
      share.steps().forEach((name, m) -> steps.merge(name, m, (a, b) -> new StepMetrics(name,
          a.recordsIn() + b.recordsIn(), a.recordsOut() + b.recordsOut(),
          a.sideOutputDropped() + b.sideOutputDropped(), minWatermark(a, b))));
      subtasks.addAll(share.subtasks());
    }
    subtasks.sort(Comparator.comparing(SubtaskMetrics::stepName)
        .thenComparingInt(SubtaskMetrics::subtask));
    return new JobMetrics(steps, subtasks);
  }

  private static long minWatermark(StepMetrics a, StepMetrics b) {
    if (a.watermark() == Long.MIN_VALUE) {
      return b.watermark();
    }
    if (b.watermark() == Long.MIN_VALUE) {
      return a.watermark();
    }
    return Math.min(a.watermark(), b.watermark());
  }
}
