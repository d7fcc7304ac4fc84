package dev.weir.runner.distributed.conformance;

import dev.weir.io.kafka.testing.EmbeddedKafkaExtension;
import dev.weir.runner.distributed.DistributedRunner;
import dev.weir.runner.distributed.Worker;
import dev.weir.sdk.PipelineRunner;
import dev.weir.testing.conformance.RunnerConformanceSuite;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The runner conformance suite on the distributed runner: two workers in this JVM on an
 * embedded Kafka broker, for the whole class; each test's pipeline object is planned by both
 * workers (see {@link RegisteredPipelines}), and the workers' subtasks follow the test's
 * processing-time clock.
 */
class DistributedRunnerConformanceTest extends RunnerConformanceSuite {
  @RegisterExtension
  static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension(Map.of(
      "group.min.session.timeout.ms", "500"));

  private static final String CLUSTER = "conformance";
  /**
   * Long enough that a loaded machine does not take a slow worker for a dead one: a rebalance
   * mid-case restarts the subtasks' counters, which some cases read. No case here loses a
   * worker (a failing function rolls back through a rebalance it asks for).
   */
  private static final int SESSION_TIMEOUT_MS = 6000;
  private static final String FIRST = "w1";
  private static final String SECOND = "w2";
  private static final SwitchableClock CLOCK = new SwitchableClock();
  private static Worker first;
  private static Worker second;
  private static DistributedRunner client;

  @BeforeAll
  static void startWorkers() {
    first = worker(FIRST);
    second = worker(SECOND);
    client = DistributedRunner.connect(KAFKA.clientProperties(), CLUSTER);
  }

  private static Worker worker(String name) {
    return Worker.builder(KAFKA.clientProperties()).cluster(CLUSTER).name(name)
        .sessionTimeoutMs(SESSION_TIMEOUT_MS).clock(CLOCK).start();
  }

  @AfterAll
  static void stopWorkers() {
    for (AutoCloseable c : new AutoCloseable[] {client, first, second}) {
      if (c != null) {
        try {
          c.close();
        } catch (Exception e) {
          throw new IllegalStateException("closing " + c + " failed", e);
        }
      }
    }
  }

  @Override
  protected PipelineRunner runner(Clock processingTime) {
    CLOCK.set(processingTime);
    return new InJvmRunner(client, List.of(first, second), List.of(FIRST, SECOND),
        InJvmRunner.conformanceSettings());
  }
}
