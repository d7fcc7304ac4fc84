package dev.weir.cli;

import dev.weir.examples.wordcount.GeneratedLines;
import dev.weir.io.kafka.testing.CommittedReader;
import dev.weir.io.kafka.testing.EmbeddedKafkaBroker;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code weir kafka}: a Kafka broker for demos, and plain-text produce/consume helpers. */
@Command(name = "kafka", mixinStandardHelpOptions = true,
    description = "A single-node Kafka broker for demos and small text tools to fill and read topics.",
    subcommands = {KafkaCommand.Start.class, KafkaCommand.Produce.class, KafkaCommand.Consume.class})
public final class KafkaCommand implements Runnable {

  @Override
  public void run() {
    picocli.CommandLine.usage(this, System.out);
  }

  static Map<String, Object> client(String bootstrap) {
    Map<String, Object> props = new HashMap<>();
    props.put("bootstrap.servers", bootstrap);
    return props;
  }

  /** Creates a topic unless it exists. */
  static void createTopic(String bootstrap, String topic, int partitions) throws Exception {
    try (Admin admin = Admin.create(client(bootstrap))) {
      admin.createTopics(List.of(new NewTopic(topic, Optional.of(partitions), Optional.empty())))
          .all().get(30, TimeUnit.SECONDS);
      System.out.printf("kafka: created topic %s with %d partitions%n", topic, partitions);
    } catch (java.util.concurrent.ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException("cannot create topic '" + topic + "' at " + bootstrap
            + ": " + e.getCause().getMessage(), e.getCause());
      }
    }
  }

  /** {@code weir kafka start}. */
  @Command(name = "start", mixinStandardHelpOptions = true,
      description = "Run a single-node Kafka broker (KRaft, in this JVM, data in a temporary "
          + "directory deleted on exit) until Ctrl-C.")
  static final class Start implements Callable<Integer> {
    @Option(names = "--port", description = "Client port (default ${DEFAULT-VALUE}; 0 = any free port).")
    int port = 9092;

    @Option(names = "--topic", description = "Create a topic, as NAME or NAME:PARTITIONS (repeatable).")
    List<String> topics = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
      EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(port,
          Map.of("auto.create.topics.enable", "true", "num.partitions", "2"));
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        System.out.println("kafka: stopping the broker");
        broker.close();
        stopped.countDown();
      }, "weir-kafka-stop"));
      String bs = broker.bootstrapServers();
      for (String t : topics) {
        int colon = t.indexOf(':');
        createTopic(bs, colon < 0 ? t : t.substring(0, colon),
            colon < 0 ? 2 : Integer.parseInt(t.substring(colon + 1)));
      }
      System.out.println("kafka: broker running at " + bs + " (Ctrl-C stops it and deletes its data)");
      System.out.println("  try, in another terminal:");
      System.out.println("    ./weir kafka produce --bootstrap " + bs + " --topic lines --lines 100000");
      System.out.println("    ./weir wordcount --input kafka://" + bs + "/lines --bounded \\");
      System.out.println("        --output kafka://" + bs + "/counts --checkpoints kafka://" + bs);
      System.out.println("    ./weir kafka consume --bootstrap " + bs + " --topic counts --latest-per-key");
      System.out.println("  or Kafka's own tools, e.g. kafka-console-consumer.sh --bootstrap-server "
          + bs + " --topic counts --from-beginning --isolation-level read_committed --property print.key=true");
      stopped.await();
      return 0;
    }
  }

  /** {@code weir kafka produce}. */
  @Command(name = "produce", mixinStandardHelpOptions = true,
      description = "Write text lines to a topic, one record per line (value = the line, UTF-8, no key).")
  static final class Produce implements Callable<Integer> {
    @Option(names = "--bootstrap", required = true, description = "Kafka bootstrap servers, host:port.")
    String bootstrap;

    @Option(names = "--topic", required = true, description = "The topic (created with 2 partitions if missing).")
    String topic;

    @Option(names = "--file", description = "A text file to send; default: a generated corpus of --lines lines.")
    Path file;

    @Option(names = "--lines", description = "Lines of the generated corpus (default ${DEFAULT-VALUE}).")
    long lines = 100_000;

    @Override
    public Integer call() throws Exception {
      createTopic(bootstrap, topic, 2);
      Map<String, Object> props = client(bootstrap);
      props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
      props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
      props.put(ProducerConfig.LINGER_MS_CONFIG, 10);
      long n = 0;
      try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
        if (file != null) {
          try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line; (line = r.readLine()) != null; n++) {
              producer.send(new ProducerRecord<>(topic, line));
            }
          }
        } else {
          GeneratedLines corpus = new GeneratedLines(lines, 12);
          for (; n < lines; n++) {
            producer.send(new ProducerRecord<>(topic, corpus.line(n)));
          }
        }
        producer.flush();
      }
      System.out.printf("kafka: wrote %,d lines to %s at %s%n", n, topic, bootstrap);
      return 0;
    }
  }

  /** {@code weir kafka consume}. */
  @Command(name = "consume", mixinStandardHelpOptions = true,
      description = "Print the committed records of a topic (read_committed), from the beginning to "
          + "the end it sees at start, as 'key<TAB>value' lines.")
  static final class Consume implements Callable<Integer> {
    @Option(names = "--bootstrap", required = true, description = "Kafka bootstrap servers, host:port.")
    String bootstrap;

    @Option(names = "--topic", required = true, description = "The topic.")
    String topic;

    @Option(names = "--latest-per-key", description = "Print only the last value of each key, sorted by key.")
    boolean latestPerKey;

    @Option(names = "--verify-lines", description = "With --latest-per-key: compare the counts with a "
        + "plain count of the corpus that 'kafka produce --lines N' generates, print whether they "
        + "are equal, and exit 1 when not.")
    Long verifyLines;

    @Override
    public Integer call() {
      if (verifyLines != null && !latestPerKey) {
        throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
            "--verify-lines needs --latest-per-key (it compares the latest count of each word)");
      }
      Map<String, String> latest = new java.util.TreeMap<>();
      long n = readCommitted(bootstrap, topic, r -> {
        if (latestPerKey) {
          latest.put(r.key(), r.value());
        } else {
          System.out.println(r.key() + "\t" + r.value());
        }
      });
      latest.forEach((k, v) -> System.out.println(k + "\t" + v));
      System.err.printf("kafka: %,d records in %s%s%n", n, topic,
          latestPerKey ? ", " + latest.size() + " keys" : "");
      if (verifyLines == null) {
        return 0;
      }
      Map<String, String> expected = new java.util.TreeMap<>();
      GeneratedLines corpus = new GeneratedLines(verifyLines, 12);
      Map<String, Long> counts = new HashMap<>();
      for (long i = 0; i < verifyLines; i++) {
        dev.weir.examples.wordcount.WordCount.words(corpus.line(i))
            .forEach(w -> counts.merge(w, 1L, Long::sum));
      }
      counts.forEach((w, c) -> expected.put(w, Long.toString(c)));
      boolean equal = expected.equals(latest);
      System.out.println("verified against a plain count of " + verifyLines + " generated lines: "
          + equal);
      return equal ? 0 : 1;
    }
  }

  /** A record with its key and value as UTF-8 text ({@code null} stays {@code null}). */
  record TextRecord(String topic, int partition, long offset, String key, String value) {
  }

  /**
   * Reads every committed record of {@code topic} up to its end offsets at start, after
   * waiting up to 10 s for transactions still completing (see {@link CommittedReader}).
   */
  static long readCommitted(String bootstrap, String topic,
      java.util.function.Consumer<TextRecord> each) {
    return CommittedReader.read(client(bootstrap), topic, true, Duration.ofSeconds(10),
        r -> each.accept(new TextRecord(r.topic(), r.partition(), r.offset(), text(r.key()),
            text(r.value()))));
  }

  private static String text(byte[] bytes) {
    return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
  }

  /** The end offsets of each partition of {@code topic} now; empty if it does not exist yet. */
  static Map<TopicPartition, Long> endOffsets(String bootstrap, String topic) {
    Map<String, Object> props = client(bootstrap);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
      Map<String, List<org.apache.kafka.common.PartitionInfo>> topics = consumer.listTopics(Duration.ofSeconds(30));
      if (!topics.containsKey(topic)) {
        return Map.of();
      }
      return consumer.endOffsets(topics.get(topic).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList());
    }
  }

  /**
   * The latest value of each key among the committed records of {@code topic} after
   * {@code from} (offsets per partition; partitions not in it from the beginning), parsed as
   * counts.
   */
  static Map<String, Long> latestCounts(String bootstrap, String topic, Map<TopicPartition, Long> from) {
    Map<String, Long> latest = new HashMap<>();
    readCommitted(bootstrap, topic, r -> {
      Long start = from.get(new TopicPartition(r.topic(), r.partition()));
      if (start == null || r.offset() >= start) {
        latest.put(r.key(), Long.parseLong(r.value()));
      }
    });
    return latest;
  }
}
