package dev.weir.io.kafka.internal.source;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The settings of a {@code KafkaSource}, as its readers need them.
 *
 * @param properties Kafka client properties, including {@code bootstrap.servers}
 * @param topics explicit topics, or empty when {@code pattern} is set
 * @param pattern the topic pattern, or {@code null}
 * @param start where partitions without a checkpointed position start
 * @param startTimestamp epoch milliseconds for {@link Start#TIMESTAMP}
 * @param bounded whether readers stop at the end offsets they find when they open
 * @param discoveryMillis how often to look for new partitions and topics (unbounded only)
 * @param topicWaitMillis how long to wait for explicit topics to exist before failing
 * @param commitGroup the consumer group offsets are committed to for monitoring, or {@code null}
 * @param watermarks whether readers emit per-partition watermarks
 * @param outOfOrdernessMillis the watermark bound
 * @param idleMillis after how long without records a partition is idle (0: never)
 * @param deadLetters whether undecodable records go to dead letters instead of failing
 * @param decoder turns record bytes into pipeline records
 * @param <T> the record type
 */
public record SourceSpec<T>(
    Map<String, Object> properties,
    List<String> topics,
    Pattern pattern,
    Start start,
    long startTimestamp,
    boolean bounded,
    long discoveryMillis,
    long topicWaitMillis,
    String commitGroup,
    boolean watermarks,
    long outOfOrdernessMillis,
    long idleMillis,
    boolean deadLetters,
    RecordDecoder<T> decoder) {

  /** Where a partition without a checkpointed position starts. */
  public enum Start {
    /** The first offset still in the log. */
    EARLIEST,
    /** The end of the log when the reader opens. */
    LATEST,
    /** The first record with a timestamp at or after {@code startTimestamp}. */
    TIMESTAMP
  }

  /**
   * The properties of a reader's consumer: the user's, with byte-array deserializers, no
   * auto-commit and no topic auto-creation; {@code read_committed}, {@code earliest} and
   * {@code clientId} unless set; a {@code group.id} only for monitoring commits.
   */
  public Map<String, Object> consumerProperties(String clientId) {
    Map<String, Object> c = new HashMap<>(properties);
    c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    c.putIfAbsent(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    if (commitGroup != null) {
      c.put(ConsumerConfig.GROUP_ID_CONFIG, commitGroup);
    } else {
      c.remove(ConsumerConfig.GROUP_ID_CONFIG);
    }
    return c;
  }

  /** The topics or the pattern, for messages. */
  public String describeTopics() {
    return pattern != null ? "pattern " + pattern.pattern() : "topics " + topics;
  }
}
