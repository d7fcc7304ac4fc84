package dev.weir.bench.distributed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.bench.ResultLines;
import dev.weir.examples.bench.BenchResult;
import dev.weir.examples.bench.KafkaKeyedCountBench;
import dev.weir.io.kafka.testing.EmbeddedKafkaExtension;
import dev.weir.runner.local.LocalRunner;
import dev.weir.sdk.PipelineResult;
import dev.weir.sdk.checkpoint.CheckpointStore;
import dev.weir.sdk.checkpoint.CheckpointStores;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The distributed-keyed-count harness against a real in-JVM broker. */
class DistributedKeyedCountTest {

  @RegisterExtension
  static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

  private static final long N = 20_000;
  private static final long K = 500;

  private static DistributedKeyedCount.Params params(Duration timeout) {
    return new DistributedKeyedCount.Params(N, K, 2, 2, 200, KAFKA.bootstrapServers(), timeout);
  }

  private static Map<String, Object> parse(BenchResult line) {
    return ResultLines.parseObject(line.toJson());
  }

  @Test
  void kafkaStreamsAndWeirWorkerProcessesCountEveryKeyExactlyOnce() throws Exception {
    List<BenchResult> lines = DistributedKeyedCount.run(params(Duration.ofSeconds(120)),
        List.of(new KafkaStreamsPeer(null, 0), new WeirPeer(6000, 0)));

    assertThat(lines).hasSize(3);
    Map<String, Object> ks = parse(lines.get(0));
    assertThat(ks).containsEntry("workload", "distributed-keyed-count")
        .containsEntry("engine", "kafka-streams")
        .containsEntry("processingGuarantee", "exactly_once_v2")
        .containsEntry("commitIntervalMs", 100L)
        .containsEntry("streamThreads", List.of(1L, 1L))
        .containsEntry("outputRecords", N)
        .containsEntry("outputKeys", K)
        .containsEntry("verified", true);
    assertThat((Double) ks.get("recordsPerSec")).isPositive();
    assertThat((Long) ks.get("firstOutputMs")).isBetween(0L, (Long) ks.get("wallMs"));
    Map<String, Object> weir = parse(lines.get(1));
    assertThat(weir).containsEntry("engine", "weir").containsEntry("workerProcesses", 2L)
        .containsEntry("outputRecords", N).containsEntry("outputKeys", K)
        .containsEntry("verified", true);
  }

  @Test
  void theWeirJobOnTheLocalRunnerVerifiesAndTwoEnginesGiveARatioLine() throws Exception {
    List<BenchResult> lines = DistributedKeyedCount.run(params(Duration.ofSeconds(60)),
        List.of(new KafkaStreamsPeer(50L, 0), new LocalRunnerPeer()));

    assertThat(lines).hasSize(3);
    assertThat(parse(lines.get(0))).containsEntry("commitIntervalMs", 50L).containsEntry("verified", true);
    assertThat(parse(lines.get(1))).containsEntry("engine", "weir-local")
        .containsEntry("outputRecords", N).containsEntry("verified", true);
    Map<String, Object> ratio = parse(lines.get(2));
    assertThat(ratio).containsEntry("ratio", "weir-local / kafka-streams").containsEntry("verified", true);
    double expected = (Double) parse(lines.get(1)).get("recordsPerSec") / (Double) parse(lines.get(0)).get("recordsPerSec");
    assertThat(((Number) ratio.get("recordsPerSecRatio")).doubleValue()).isCloseTo(expected,
        Offset.offset(0.01 * expected + 0.001));
  }

  @Test
  void anOutputWithACountPastItsFinalValueIsNotVerified() throws Exception {
    Map<String, Long> expected = KafkaKeyedCountBench.expectedCounts(N, K);
    List<BenchResult> lines = DistributedKeyedCount.run(params(Duration.ofSeconds(30)),
        List.of(new WritingPeer(run -> {
          Map<String, Long> out = new java.util.HashMap<>(expected);
          out.merge("k7", 1L, Long::sum);
          return out;
        })));

    Map<String, Object> line = parse(lines.get(0));
    assertThat(line).containsEntry("verified", false);
    assertThat((String) line.get("wrong")).contains("'k7'").contains("past its final count");
  }

  @Test
  void finalCountsOnlyVerifyWhenTheEngineMayCompactUpdates() throws Exception {
    Map<String, Long> expected = KafkaKeyedCountBench.expectedCounts(N, K);
    List<BenchResult> lines = DistributedKeyedCount.run(params(Duration.ofSeconds(30)),
        List.of(new WritingPeer(run -> expected)));

    assertThat(parse(lines.get(0))).containsEntry("outputRecords", K).containsEntry("verified", true);
  }

  @Test
  void anEngineThatWritesNothingTimesOutNamingTheTopicAndTheMissingKeys() {
    assertThatThrownBy(() -> DistributedKeyedCount.run(params(Duration.ofSeconds(2)),
        List.of(new WritingPeer(run -> Map.of()))))
        .isInstanceOf(TimeoutException.class)
        .hasMessageContaining("weir-bench-dist-out-writer-")
        .hasMessageContaining(K + " of " + K + " keys still lack their final count");
  }

  @Test
  void anEngineFailureEndsTheWaitWithThatFailure() {
    IllegalStateException boom = new IllegalStateException("worker 1 lost its state");
    DistributedPeer failing = new DistributedPeer() {
      @Override
      public String engine() {
        return "failing";
      }

      @Override
      public Running start(KeyedCountRun run) {
        return new Running() {
          @Override
          public Map<String, Object> settings() {
            return Map.of();
          }

          @Override
          public Optional<Throwable> failure() {
            return Optional.of(boom);
          }

          @Override
          public void close() {
          }
        };
      }
    };
    assertThatThrownBy(() -> DistributedKeyedCount.run(params(Duration.ofSeconds(60)), List.of(failing)))
        .isSameAs(boom);
  }

  /** Weir's job ({@link DistributedKeyedCountJob}) on the local runner, as WeirPeer will submit it. */
  private static final class LocalRunnerPeer implements DistributedPeer {
    @Override
    public String engine() {
      return "weir-local";
    }

    @Override
    public Running start(KeyedCountRun run) {
      CheckpointStore store = CheckpointStores.inMemory();
      PipelineResult result = LocalRunner.builder().checkpointStore(store).build()
          .run(new DistributedKeyedCountJob().create(DistributedKeyedCountJob.options(run),
              DistributedKeyedCountJob.args(run)));
      return new PipelineResultRunning(result, Map.of("checkpointIntervalMs", run.checkpointIntervalMs()),
          store::close);
    }
  }

  /** Writes the given final counts (one record per key) to the output topic, without a transaction. */
  private record WritingPeer(Function<KeyedCountRun, Map<String, Long>> counts) implements DistributedPeer {
    @Override
    public String engine() {
      return "writer";
    }

    @Override
    public Running start(KeyedCountRun run) {
      try (KafkaProducer<String, String> producer = new KafkaProducer<>(KAFKA.clientProperties(),
          new StringSerializer(), new StringSerializer())) {
        counts.apply(run).forEach((key, count) ->
            producer.send(new ProducerRecord<>(run.outputTopic(), key, Long.toString(count))));
      }
      return new Running() {
        @Override
        public Map<String, Object> settings() {
          return Map.of();
        }

        @Override
        public boolean writesEveryUpdate() {
          return false;
        }

        @Override
        public Optional<Throwable> failure() {
          return Optional.empty();
        }

        @Override
        public void close() {
        }
      };
    }
  }
}
