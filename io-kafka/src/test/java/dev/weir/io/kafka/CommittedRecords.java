package dev.weir.io.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads every record of a topic as a {@code read_committed} (or uncommitted) consumer sees it. */
final class CommittedRecords {
  private CommittedRecords() {
  }

  /** {@code key=value} strings (UTF-8) of every committed record, partition by partition. */
  static List<String> read(Map<String, Object> clientProperties, String topic) {
    return read(clientProperties, topic, "read_committed");
  }

  static List<String> read(Map<String, Object> clientProperties, String topic, String isolation) {
    Map<String, Object> props = new HashMap<>(clientProperties);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    List<String> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
      List<TopicPartition> parts = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      Map<TopicPartition, Long> end = settledEnd(clientProperties, consumer, parts, isolation);
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (parts.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("could not read " + topic + " up to " + end);
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          String k = r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
          out.add(k + "=" + new String(r.value(), StandardCharsets.UTF_8));
        }
      }
    }
    return out;
  }

  /**
   * The end offsets to read to. For {@code read_committed}: a transaction whose commit returned
   * may not have written its markers yet, so the last stable offset can lag; wait until it
   * equals the high watermark (no transaction pending on any partition).
   */
  private static Map<TopicPartition, Long> settledEnd(Map<String, Object> clientProperties,
      KafkaConsumer<byte[], byte[]> committed, List<TopicPartition> parts, String isolation) {
    if (!isolation.equals("read_committed")) {
      return committed.endOffsets(parts);
    }
    Map<String, Object> props = new HashMap<>(clientProperties);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    try (KafkaConsumer<byte[], byte[]> all = new KafkaConsumer<>(props)) {
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (true) {
        Map<TopicPartition, Long> high = all.endOffsets(parts);
        Map<TopicPartition, Long> stable = committed.endOffsets(parts);
        if (stable.equals(high)) {
          return stable;
        }
        if (System.nanoTime() > deadline) {
          throw new AssertionError("transactions still open after 30 s: stable " + stable
              + ", high watermarks " + high);
        }
        java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
      }
    }
  }
}
