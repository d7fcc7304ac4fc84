package dev.weir.bench.distributed;

import dev.weir.runner.distributed.DistributedJob;
import dev.weir.runner.distributed.DistributedRunner;
import dev.weir.runner.distributed.WorkerMain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Weir's distributed runner in the benchmark: starts {@code run.workers()} worker processes (each
 * a JVM of its own, as in production) against the run's broker and submits
 * {@link DistributedKeyedCountJob} to them. With {@code killAfterMs > 0}, worker 0 is killed with
 * SIGKILL that long after the start, and the result line gets {@code recoveryMs}: the time from
 * the kill to the first checkpoint completed after it. The workers' logs are kept in
 * {@code weir-data/bench/bench-<run id>/}.
 */
public final class WeirPeer implements DistributedPeer {
  private final int sessionTimeoutMs;
  private final long killAfterMs;

  /**
   * @param sessionTimeoutMs the workers' session timeout (the broker must allow it)
   * @param killAfterMs when to kill worker 0 with SIGKILL, or 0 for a failure-free run
   */
  public WeirPeer(int sessionTimeoutMs, long killAfterMs) {
    this.sessionTimeoutMs = sessionTimeoutMs;
    this.killAfterMs = killAfterMs;
  }

  @Override
  public String engine() {
    return "weir";
  }

  /** Worker processes started by {@link #prepare}, handed to the next {@link #start}. */
  private List<Process> prepared = List.of();

  /**
   * Starts the worker processes and waits until each has joined the cluster, untimed: workers
   * are long-running, a job is submitted to workers that already run.
   */
  @Override
  public void prepare(KeyedCountRun run) throws Exception {
    String cluster = "bench-" + run.runId();
    List<Process> workers = new ArrayList<>();
    // Kept after the run (the state directory is not), for a look at the workers' timeline.
    Path logs = Files.createDirectories(Path.of("weir-data", "bench", cluster));
    for (int i = 0; i < run.workers(); i++) {
      List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-XX:+UseParallelGC", "-Xmx1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
          "-Dorg.slf4j.simpleLogger.log.org.apache.kafka=warn",
          "-Dorg.slf4j.simpleLogger.showDateTime=true",
          "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS",
          // Under surefire the JVM's own class path is a manifest-only jar; prefer the real one.
          "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
          WorkerMain.class.getName(),
          "--bootstrap", run.bootstrap(), "--cluster", cluster, "--name", "w" + i,
          "--session-timeout-ms", Integer.toString(sessionTimeoutMs));
      workers.add(new ProcessBuilder(cmd).redirectErrorStream(true)
          .redirectOutput(logs.resolve("w" + i + ".log").toFile()).start());
    }
    for (int i = 0; i < workers.size(); i++) {
      Path log = logs.resolve("w" + i + ".log");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!Files.readString(log).contains(" started in cluster ")) {
        if (!workers.get(i).isAlive() || System.nanoTime() > deadline) {
          workers.forEach(Process::destroyForcibly);
          throw new IllegalStateException("Weir worker w" + i + " did not start; see " + log);
        }
        LockSupport.parkNanos(20_000_000);
      }
    }
    prepared = workers;
  }

  @Override
  public Running start(KeyedCountRun run) throws Exception {
    String cluster = "bench-" + run.runId();
    List<Process> workers = prepared;
    if (workers.isEmpty()) {
      prepare(run);
      workers = prepared;
    }
    prepared = List.of();
    List<Process> started = workers;
    DistributedRunner runner = DistributedRunner.connect(Map.of("bootstrap.servers", run.bootstrap()),
        cluster);
    DistributedJob job = runner.submit(DistributedKeyedCountJob.class,
        DistributedKeyedCountJob.options(run), DistributedKeyedCountJob.args(run));
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("checkpointIntervalMs", run.checkpointIntervalMs());
    settings.put("workerProcesses", run.workers());
    settings.put("sessionTimeoutMs", sessionTimeoutMs);
    settings.put("workersStartedBeforeTiming", true);
    Thread killer = null;
    if (killAfterMs > 0) {
      killer = new Thread(() -> killAndMeasure(job, started.get(0), settings), "weir-bench-killer");
      killer.setDaemon(true);
      killer.start();
    }
    Thread k = killer;
    return new Running() {
      @Override
      public Map<String, Object> settings() {
        settings.put("restarts", job.restarts());
        long[] durations = job.checkpoints().stream()
            .mapToLong(dev.weir.sdk.CheckpointMetrics::durationMs).sorted().toArray();
        settings.put("checkpoints", durations.length);
        if (durations.length > 0) {
          settings.put("checkpointMedianMs", durations[durations.length / 2]);
          settings.put("checkpointMaxMs", durations[durations.length - 1]);
        }
        return settings;
      }

      @Override
      public Optional<Throwable> failure() {
        return job.state() == dev.weir.sdk.PipelineResult.State.FAILED
            ? Optional.of(job.failure().orElseGet(() -> new IllegalStateException("job failed")))
            : Optional.empty();
      }

      @Override
      public void close() throws Exception {
        try {
          if (k != null) {
            k.interrupt();
          }
          if (!job.state().isTerminal()) {
            job.cancel();
          }
        } finally {
          runner.close();
          for (Process p : started) {
            p.destroy();
          }
          for (Process p : started) {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
              p.destroyForcibly();
            }
          }
        }
      }
    };
  }

  /** Kills {@code victim} with SIGKILL after the delay; records the time to the next checkpoint. */
  private void killAndMeasure(DistributedJob job, Process victim, Map<String, Object> settings) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(killAfterMs);
    while (System.nanoTime() < deadline) {
      if (Thread.currentThread().isInterrupted()) {
        return;
      }
      LockSupport.parkNanos(10_000_000);
    }
    if (job.state().isTerminal()) {
      settings.put("recoveryMs", "job ended before the kill");
      return;
    }
    long epoch = job.epoch();
    long killedAt = System.nanoTime();
    victim.destroyForcibly();
    // A checkpoint of the killed epoch may still complete; recovery ends with the first one the
    // next epoch completes (its START records the restored checkpoint as the latest).
    while (job.epoch() <= epoch && !job.state().isTerminal()) {
      if (Thread.currentThread().isInterrupted()) {
        return;
      }
      LockSupport.parkNanos(5_000_000);
    }
    long restored = job.latestCheckpointId();
    while (job.latestCheckpointId() <= restored && !job.state().isTerminal()) {
      if (Thread.currentThread().isInterrupted()) {
        return;
      }
      LockSupport.parkNanos(5_000_000);
    }
    settings.put("recoveryMs", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt));
  }
}
