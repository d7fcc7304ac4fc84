package dev.weir.io.kafka.internal.source;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

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

  /** The topics or the pattern, for messages. */
  public String describeTopics() {
    return pattern != null ? "pattern " + pattern.pattern() : "topics " + topics;
  }
}
