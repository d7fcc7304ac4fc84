package dev.weir.runner.distributed.internal.exchange;

import dev.weir.runtime.graph.PipelineImpl;
import dev.weir.runtime.plan.Exchange;
import dev.weir.runtime.plan.ExchangeType;
import dev.weir.runtime.plan.PhysicalPlan;
import dev.weir.runtime.state.KeyGroups;
import dev.weir.runtime.task.ChannelEvent;
import dev.weir.runtime.task.InputGate;
import dev.weir.sdk.Pipeline;
import dev.weir.sdk.PipelineOptions;
import dev.weir.sdk.types.KV;
import dev.weir.sdk.types.Types;
import dev.weir.testing.CollectingSink;
import dev.weir.testing.TestSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;

/**
 * A plan with both kinds of exchange, for the transport tests: {@code words} (1 subtask)
 * -REBALANCE-> {@code upper} (2) -HASH(byWord)-> {@code count} (2).
 */
final class ExchangeFixture {
  static final int MAX_PARALLELISM = 128;

  private ExchangeFixture() {
  }

  static PhysicalPlan plan(String jobName) {
    return plan(jobName, TestSource.of(Types.STRING, "a", "b"), CollectingSink.create());
  }

  static PhysicalPlan plan(String jobName, TestSource<String> words,
      CollectingSink<KV<String, Long>> out) {
    Pipeline p = Pipeline.create(PipelineOptions.defaults().withJobName(jobName)
        .withParallelism(2));
    p.read("words", words).withParallelism(1)
        .map("upper", (String s) -> s.toUpperCase()).withParallelism(2).withCoder(Types.STRING)
        .keyBy("byWord", (String w) -> w, Types.STRING)
        .count("count")
        .write("out", out);
    PhysicalPlan plan = PipelineImpl.of(p).plan();
    if (plan.exchanges().get(0).type() != ExchangeType.REBALANCE
        || plan.exchanges().get(1).type() != ExchangeType.HASH
        || plan.maxParallelism() != MAX_PARALLELISM) {
      throw new IllegalStateException("the fixture's plan changed: " + plan.explain());
    }
    return plan;
  }

  static Exchange rebalance(PhysicalPlan plan) {
    return plan.exchanges().get(0);
  }

  static Exchange hash(PhysicalPlan plan) {
    return plan.exchanges().get(1);
  }

  /** {@code n} distinct words whose key group subtask {@code subtask} of 2 owns. */
  static List<String> wordsOwnedBy(int subtask, int n) {
    List<String> words = new ArrayList<>();
    for (int i = 0; words.size() < n; i++) {
      String w = "w" + i;
      int kg = KeyGroups.keyGroupOf(Types.STRING.hashOfEncoding(w), MAX_PARALLELISM);
      if (KeyGroups.subtaskOf(kg, MAX_PARALLELISM, 2) == subtask) {
        words.add(w);
      }
    }
    return words;
  }

  static Producer<byte[], byte[]> producer(Map<String, Object> client) {
    return new KafkaProducer<>(KafkaOutputChannel.producerProperties(client));
  }

  /** An event with the channel it came from. */
  record Received(int channel, ChannelEvent event) {
  }

  /** Polls until {@code n} events came, failing after 20 s. */
  static List<Received> pollN(InputGate gate, int n) {
    List<Received> got = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (got.size() < n) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("only " + got.size() + " of " + n + " events within 20 s: " + got);
      }
      ChannelEvent e = gate.poll(TimeUnit.MILLISECONDS.toNanos(100));
      if (e != null) {
        got.add(new Received(gate.lastChannel(), e));
      }
    }
    return got;
  }

  /** Polls for {@code wait} and returns what came (to show that nothing does). */
  static List<Received> pollFor(InputGate gate, Duration wait) {
    List<Received> got = new ArrayList<>();
    long deadline = System.nanoTime() + wait.toNanos();
    while (System.nanoTime() < deadline) {
      ChannelEvent e = gate.poll(TimeUnit.MILLISECONDS.toNanos(50));
      if (e != null) {
        got.add(new Received(gate.lastChannel(), e));
      }
    }
    return got;
  }

  static Map<String, Object> with(Map<String, Object> base, String key, Object value) {
    Map<String, Object> m = new HashMap<>(base);
    m.put(key, value);
    return m;
  }
}
