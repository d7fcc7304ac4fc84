package dev.weir.bench.distributed;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Tails an output topic as a {@code read_committed} consumer until every key shows its final
 * count: the end of the timed part of {@code distributed-keyed-count}. Stops early when a key's
 * count goes past its final count or a key is not expected (the output is wrong, and would
 * never become complete), or when the engine reports a failure.
 */
public final class OutputWatcher {
  private static final Duration POLL = Duration.ofMillis(50);

  private final String bootstrap;
  private final String topic;
  private final Map<String, Long> expected;

  /**
   * @param bootstrap the cluster
   * @param topic the output topic (it must exist)
   * @param expected the final count of every key
   */
  public OutputWatcher(String bootstrap, String topic, Map<String, Long> expected) {
    this.bootstrap = bootstrap;
    this.topic = topic;
    this.expected = Map.copyOf(expected);
  }

  /**
   * How the watch ended.
   *
   * @param completeNanos {@link System#nanoTime()} when every key had its final count, or when
   *     the watch stopped on wrong output
   * @param firstOutputNanos {@code nanoTime} of the first committed output record (or of the
   *     end, if there was none)
   * @param wrong why the output cannot become right (a key past its count, an unknown key), or
   *     {@code null} if every key reached its final count
   */
  public record Watch(long completeNanos, long firstOutputNanos, String wrong) {
  }

  /**
   * Watches until the output is complete or wrong.
   *
   * @param failure polled between reads: the engine's failure, which ends the watch with it
   * @throws TimeoutException if the output is neither complete nor wrong within {@code timeout};
   *     the message says how many keys lack their final count
   * @throws Exception the engine's failure
   */
  public Watch await(Duration timeout, Supplier<Optional<Throwable>> failure) throws Exception {
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
    Map<String, Long> latest = new HashMap<>();
    int incomplete = expected.size();
    long firstOutput = 0;
    long complete = 0;
    long deadline = System.nanoTime() + timeout.toNanos();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
      var infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
      if (infos == null || infos.isEmpty()) {
        throw new IllegalArgumentException("output topic '" + topic + "' does not exist at " + bootstrap);
      }
      List<TopicPartition> parts = infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      while (incomplete > 0) {
        Optional<Throwable> failed = failure.get();
        if (failed.isPresent()) {
          throw failed.get() instanceof Exception e ? e : new IllegalStateException(failed.get());
        }
        if (System.nanoTime() > deadline) {
          throw new TimeoutException("output topic '" + topic + "' at " + bootstrap + ": "
              + incomplete + " of " + expected.size() + " keys still lack their final count after "
              + timeout.toSeconds() + " s; raise --timeout, or check the engine's log");
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
          long now = System.nanoTime();
          if (firstOutput == 0) {
            firstOutput = now;
          }
          String key = new String(r.key(), StandardCharsets.UTF_8);
          long count = Long.parseLong(new String(r.value(), StandardCharsets.UTF_8));
          Long want = expected.get(key);
          if (want == null || count > want) {
            return new Watch(now, firstOutput, want == null
                ? "key '" + key + "' is not in the input"
                : "key '" + key + "' reached " + count + ", past its final count " + want);
          }
          Long before = latest.put(key, count);
          boolean was = want.equals(before);
          boolean is = count == want;
          if (was != is) {
            incomplete += is ? -1 : 1;
          }
          complete = now;
        }
      }
    }
    if (expected.isEmpty()) {
      complete = System.nanoTime();
    }
    return new Watch(complete, firstOutput == 0 ? complete : firstOutput, null);
  }
}
