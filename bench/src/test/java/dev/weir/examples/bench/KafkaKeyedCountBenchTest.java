package dev.weir.examples.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.io.kafka.testing.EmbeddedKafkaExtension;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kafka-keyed-count workload on a tiny N against an embedded broker: the run verifies, and
 * the verification of its real output fails on a wrong expectation.
 */
class KafkaKeyedCountBenchTest {

  @RegisterExtension
  static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

  @TempDir
  static Path temp;

  private static final long N = 5_000;
  private static final long K = 300;

  private static BenchResult run(String guarantee, String store) throws Exception {
    return KafkaKeyedCountBench.run(new KafkaKeyedCountBench.Params(N, K, 2, 100, store, guarantee,
        KAFKA.bootstrapServers(), temp.resolve("data")));
  }

  @Test
  void exactlyOnceVerifiesAndAWrongExpectationDoesNot() throws Exception {
    BenchResult r = run("exactly-once", "chronicle");
    assertThat(r.get("verified")).as(r.toJson()).isEqualTo(true);
    assertThat(r.get("workload")).isEqualTo("kafka-keyed-count");
    assertThat(r.get("guarantee")).isEqualTo("exactly-once");
    assertThat(r.get("outputRecords")).isEqualTo(N);
    assertThat(r.get("outputKeys")).isEqualTo((int) K);

    KafkaKeyedCountBench.Output out = KafkaKeyedCountBench.readOutput(KAFKA.clientProperties(),
        (String) r.get("outputTopic"));
    assertThat(KafkaKeyedCountBench.verify(out, N, K, "exactly-once")).isTrue();
    // A wrong total: one record more or less than was written.
    assertThat(KafkaKeyedCountBench.verify(out, N + 1, K, "exactly-once")).isFalse();
    assertThat(KafkaKeyedCountBench.verify(out, N - 1, K, "exactly-once")).isFalse();
    // A wrong number of keys.
    assertThat(KafkaKeyedCountBench.verify(out, N, K + 1, "exactly-once")).isFalse();
    // One key's latest value off by one, with the record count still right.
    Map<String, Long> wrong = new HashMap<>(out.latest());
    wrong.merge(KeyedCountSource.key(0, K), 1L, Long::sum);
    assertThat(KafkaKeyedCountBench.verify(new KafkaKeyedCountBench.Output(wrong, out.records()),
        N, K, "exactly-once")).isFalse();
    // A duplicate update: fine for at-least-once, not for exactly-once.
    KafkaKeyedCountBench.Output dup = new KafkaKeyedCountBench.Output(out.latest(), N + 1);
    assertThat(KafkaKeyedCountBench.verify(dup, N, K, "exactly-once")).isFalse();
    assertThat(KafkaKeyedCountBench.verify(dup, N, K, "at-least-once")).isTrue();
  }

  @Test
  void atLeastOnceWithTheKafkaStoreVerifies() throws Exception {
    BenchResult r = run("at-least-once", "kafka");
    assertThat(r.get("verified")).as(r.toJson()).isEqualTo(true);
    assertThat(r.get("store")).isEqualTo("kafka");
    assertThat(r.toJson()).contains("\"broker\": \"" + KAFKA.bootstrapServers() + "\"");
  }
}
