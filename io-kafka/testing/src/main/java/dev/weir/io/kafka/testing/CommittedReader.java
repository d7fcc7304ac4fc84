package dev.weir.io.kafka.testing;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a whole topic once, from the beginning to its end, as a {@code read_committed} (or
 * {@code read_uncommitted}) consumer sees it: for checking a job's output in tests, benchmarks
 * and demos.
 *
 * <p>A transaction whose commit returned may not have written its markers to the partitions
 * yet, which holds the last stable offset back for a moment. A committed read therefore first
 * waits, up to {@code settle}, until the stable offsets equal the high watermarks (no
 * transaction open on any partition), then reads up to the stable offsets.
 */
public final class CommittedReader {
  private CommittedReader() {
  }

  /**
   * Passes every record of {@code topic} to {@code each}, partition by partition in offset
   * order; returns how many there were.
   *
   * @param committedOnly {@code read_committed} when true, else {@code read_uncommitted}
   * @param settle how long a committed read waits for open transactions to finish
   * @throws IllegalArgumentException if the topic does not exist
   * @throws IllegalStateException if the records cannot be read within five minutes
   */
  public static long read(Map<String, ?> clientProperties, String topic, boolean committedOnly,
      Duration settle, Consumer<ConsumerRecord<byte[], byte[]>> each) {
    long n = 0;
    try (KafkaConsumer<byte[], byte[]> consumer = consumer(clientProperties, committedOnly)) {
      var infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
      if (infos == null || infos.isEmpty()) {
        throw new IllegalArgumentException("topic '" + topic + "' does not exist at "
            + clientProperties.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG));
      }
      List<TopicPartition> parts = infos.stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      Map<TopicPartition, Long> end = committedOnly
          ? settledEnd(clientProperties, consumer, parts, settle) : consumer.endOffsets(parts);
      long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
      while (parts.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("could not read " + topic + " up to " + end + " in 5 min");
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          each.accept(r);
          n++;
        }
      }
    }
    return n;
  }

  /** The stable offsets once they reach the high watermarks, or after {@code settle}. */
  private static Map<TopicPartition, Long> settledEnd(Map<String, ?> clientProperties,
      KafkaConsumer<byte[], byte[]> committed, List<TopicPartition> parts, Duration settle) {
    try (KafkaConsumer<byte[], byte[]> all = consumer(clientProperties, false)) {
      long deadline = System.nanoTime() + settle.toNanos();
      while (true) {
        Map<TopicPartition, Long> stable = committed.endOffsets(parts);
        if (stable.equals(all.endOffsets(parts)) || System.nanoTime() > deadline) {
          return stable;
        }
        LockSupport.parkNanos(5_000_000);
      }
    }
  }

  private static KafkaConsumer<byte[], byte[]> consumer(Map<String, ?> clientProperties,
      boolean committedOnly) {
    Map<String, Object> props = new HashMap<>(clientProperties);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG,
        committedOnly ? "read_committed" : "read_uncommitted");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    props.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
    return new KafkaConsumer<>(props);
  }
}
