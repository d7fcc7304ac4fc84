package dev.weir.runner.distributed;

import dev.weir.io.kafka.KafkaTopics;
import dev.weir.io.kafka.testing.CommittedReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Input and expectations of {@link KeyedCountJob}: {@code records} words over {@code keys}
 * distinct ones, written round robin over three partitions; the exactly-once output of a
 * keyed count is, per word seen n times, the updates 1..n, each exactly once.
 */
final class KeyedCountFixture {
  final String input;
  final String output;
  final int records;
  final int keys;

  KeyedCountFixture(String name, int records, int keys) {
    this.input = name + "-in";
    this.output = name + "-out";
    this.records = records;
    this.keys = keys;
  }

  static String word(long i, int keys) {
    return "w" + (i * 7919 % keys);
  }

  void produce(Map<String, Object> kafka) throws Exception {
    try (Admin admin = Admin.create(kafka)) {
      admin.createTopics(List.of(new NewTopic(input, 3, (short) 1))).all().get();
      KafkaTopics.awaitLeaders(admin, List.of(input), Duration.ofSeconds(60));
    }
    Properties p = new Properties();
    p.putAll(kafka);
    p.put("key.serializer", ByteArraySerializer.class.getName());
    p.put("value.serializer", ByteArraySerializer.class.getName());
    p.put("linger.ms", "5");
    p.put("delivery.timeout.ms", "120000");
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
      // The new topic's leaders into this producer's metadata before the first batch: a first
      // write that meets a leader change on a loaded broker can leave an idempotent producer
      // retrying out-of-order sequences.
      producer.partitionsFor(input);
      List<Future<?>> sent = new ArrayList<>();
      for (long i = 0; i < records; i++) {
        sent.add(producer.send(new ProducerRecord<>(input, (int) (i % 3), null,
            word(i, keys).getBytes(StandardCharsets.UTF_8))));
      }
      for (Future<?> f : sent) {
        f.get(120, TimeUnit.SECONDS);
      }
    }
  }

  /** Every update a failure-free run writes, as "word=count". */
  List<String> expectedUpdates() {
    Map<String, Integer> counts = new HashMap<>();
    List<String> out = new ArrayList<>();
    for (long i = 0; i < records; i++) {
      String w = word(i, keys);
      out.add(w + "=" + counts.merge(w, 1, Integer::sum));
    }
    return out;
  }

  /** The committed output, as "word=count". */
  List<String> committedOutput(Map<String, Object> kafka) {
    List<String> out = new ArrayList<>();
    CommittedReader.read(kafka, output, true, Duration.ofSeconds(10), r -> out.add(
        new String(r.key(), StandardCharsets.UTF_8) + "=" + new String(r.value(),
            StandardCharsets.UTF_8)));
    return out;
  }

  List<String> args(String bootstrap) {
    return List.of(bootstrap, input, output);
  }
}
