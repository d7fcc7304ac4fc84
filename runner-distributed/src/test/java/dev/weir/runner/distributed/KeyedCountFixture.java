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
import org.apache.kafka.common.KafkaException;
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
    // One transaction per attempt: the job reads read_committed, so a failed attempt's records
    // are invisible, and the next attempt (same transactional id: it fences and aborts the
    // previous one) writes the whole input again. On a loaded machine a first write to a new
    // topic can stall until the producer gives up on it.
    KafkaException last = null;
    for (int attempt = 1; attempt <= 3; attempt++) {
      Properties p = new Properties();
      p.putAll(kafka);
      p.put("key.serializer", ByteArraySerializer.class.getName());
      p.put("value.serializer", ByteArraySerializer.class.getName());
      p.put("linger.ms", "5");
      p.put("delivery.timeout.ms", "60000");
      p.put("transactional.id", input + "-fill");
      KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p);
      try {
        producer.initTransactions();
        producer.beginTransaction();
        for (long i = 0; i < records; i++) {
          producer.send(new ProducerRecord<>(input, (int) (i % 3), null,
              word(i, keys).getBytes(StandardCharsets.UTF_8)));
        }
        producer.commitTransaction(); // flushes: fails if any record was not written
        producer.close();
        return;
      } catch (KafkaException e) {
        last = e;
        producer.close(Duration.ZERO);
      }
    }
    throw new IllegalStateException("could not write the input topic " + input + " in 3 "
        + "attempts", last);
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
