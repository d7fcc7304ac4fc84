package dev.weir.runner.distributed.conformance;

import dev.weir.io.kafka.testing.EmbeddedKafkaExtension;
import dev.weir.runner.distributed.DistributedJob;
import dev.weir.runner.distributed.DistributedRunner;
import dev.weir.runner.distributed.WorkerProcess;
import dev.weir.runtime.graph.PipelineImpl;
import dev.weir.runtime.task.JobMetricsAssembler;
import dev.weir.sdk.PipelineOptions;
import dev.weir.sdk.PipelineResult;
import dev.weir.sdk.PipelineRunner;
import dev.weir.testing.ManualClock;
import dev.weir.testing.WeirTest;
import dev.weir.testing.conformance.ConformanceIo;
import dev.weir.testing.conformance.ConformancePipeline;
import dev.weir.testing.conformance.RunnerConformanceSuite;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The runner conformance suite on the distributed runner with its workers in JVMs of their own:
 * two worker processes ({@link ConformanceWorkerMain}) on an embedded Kafka broker, for the
 * whole class. Every case's pipeline is submitted by class name, so each worker builds it
 * itself; inputs and results are files in a directory per run ({@link ConformanceIo#inDirectory}),
 * the workers' processing time is a file the test's {@link ManualClock} writes
 * ({@link FileClock}), and step metrics are the sum of the shares the workers publish
 * ({@link MetricsShares}).
 */
class DistributedRunnerProcessConformanceTest extends RunnerConformanceSuite {
  @RegisterExtension
  static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension(Map.of(
      "group.min.session.timeout.ms", "500"));

  private static final String CLUSTER = "conformance-processes";
  private static final List<String> WORKERS = List.of("p1", "p2");
  private static final AtomicInteger RUNS = new AtomicInteger();
  private static Path root;
  private static Path clockFile;
  private static Path metricsDir;
  private static final List<WorkerProcess> processes = new ArrayList<>();
  private static DistributedRunner client;

  @BeforeAll
  static void startWorkers() throws IOException {
    root = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "process-conformance-");
    clockFile = root.resolve("clock");
    metricsDir = root.resolve("metrics");
    FileClock.set(clockFile, null);
    for (String name : WORKERS) {
      processes.add(WorkerProcess.start(ConformanceWorkerMain.class.getName(),
          KAFKA.bootstrapServers(), CLUSTER, name, 6000, List.of(),
          List.of("--clock-file", clockFile.toString(), "--metrics-dir", metricsDir.toString())));
    }
    client = DistributedRunner.connect(KAFKA.clientProperties(), CLUSTER);
  }

  @AfterAll
  static void stopWorkers() throws InterruptedException {
    if (client != null) {
      client.close();
    }
    for (WorkerProcess p : processes) {
      p.terminate();
    }
  }

  @Override
  protected PipelineRunner runner(Clock processingTime) {
    throw new UnsupportedOperationException("the workers build each case's pipeline from its "
        + "class; see start()");
  }

  @Override
  protected ConformanceIo newIo() {
    return ConformanceIo.inDirectory(root.resolve("run-" + RUNS.incrementAndGet()));
  }

  /**
   * Sets the workers' clock, submits the case's class with {@code io.args()} and the
   * parameters, and returns once the job runs on both workers (or ended), as
   * {@link InJvmRunner#run} does.
   */
  @Override
  protected PipelineResult start(Class<? extends ConformancePipeline> pipeline,
      PipelineOptions options, ConformanceIo io, List<String> params, Clock processingTime) {
    if (processingTime instanceof ManualClock manual) {
      FileClock.set(clockFile, manual.millis());
      manual.onMove(millis -> FileClock.set(clockFile, millis));
    } else {
      FileClock.set(clockFile, null);
    }
    for (Map.Entry<String, String> e : InJvmRunner.conformanceSettings().entrySet()) {
      options = options.withSetting(e.getKey(), e.getValue());
    }
    List<String> args = new ArrayList<>(io.args());
    args.addAll(params);
    DistributedJob job = client.submit(pipeline.getName(), options, args,
        pipeline.getClassLoader(), InJvmRunner.MAX_RESTARTS, Duration.ZERO);
    WeirTest.await("job " + job.jobName() + " to run on workers " + WORKERS + " or end",
        () -> job.state().isTerminal() || job.placement().values().containsAll(WORKERS),
        Duration.ofSeconds(30));
    return new ProcessJob(job, metricsDir, JobMetricsAssembler.of(
        PipelineImpl.of(instantiate(pipeline).create(options, io, params)).nodes(), List.of()));
  }
}
