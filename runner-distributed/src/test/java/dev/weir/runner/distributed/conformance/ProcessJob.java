package dev.weir.runner.distributed.conformance;

import dev.weir.runner.distributed.DistributedJob;
import dev.weir.sdk.CheckpointMetrics;
import dev.weir.sdk.JobMetrics;
import dev.weir.sdk.PipelineResult;
import dev.weir.testing.WeirTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * A distributed job whose workers run in other processes, with metrics summed over the shares
 * those workers publish ({@link MetricsShares}). Once the job ended, {@link #metrics()} waits
 * until every worker of its last placement published its final share, so the counts a test
 * asserts on are the job's last ones.
 *
 * @param job the job
 * @param metricsDir where the workers publish their shares
 * @param zero every step of the job at zero (gives the steps and their order)
 */
record ProcessJob(DistributedJob job, Path metricsDir, JobMetrics zero) implements PipelineResult {

  @Override
  public JobMetrics metrics() {
    if (job.state().isTerminal()) {
      Set<String> workers = new TreeSet<>(job.placement().values());
      WeirTest.await("the final metrics of job " + job.jobName() + " from workers " + workers,
          () -> {
            Set<String> complete = new TreeSet<>();
            MetricsShares.read(metricsDir, job.jobName()).stream()
                .filter(MetricsShares.Share::complete).forEach(s -> complete.add(s.worker()));
            return complete.containsAll(workers);
          }, Duration.ofSeconds(30));
    }
    List<JobMetrics> shares = new ArrayList<>(List.of(zero));
    MetricsShares.read(metricsDir, job.jobName()).forEach(s -> shares.add(s.metrics()));
    return InJvmRunner.sum(shares);
  }

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
