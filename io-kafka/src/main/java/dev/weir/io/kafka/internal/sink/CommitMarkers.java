package dev.weir.io.kafka.internal.sink;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;


/**
 * The commit marker of a transactional id: an offset of consumer group {@code <transactionalId>}
 * on partition 0 of the sink's topic, committed inside each sink transaction, whose metadata
 * names the writer and the checkpoint ({@code weir:<writerId>:<checkpointId>}). Because the
 * offset commits atomically with the records, the marker tells whether a committable's
 * transaction committed.
 *
 * <p>A writer commits its committables in checkpoint order and commits restored ones before
 * its own, so a committable is committed exactly when the marker names its writer and a
 * checkpoint at least as new.
 */
final class CommitMarkers {
  private static final String PREFIX = "weir:";

  private final Map<String, Object> clientProperties;
  private final Duration timeout;

  CommitMarkers(Map<String, Object> clientProperties, Duration timeout) {
    this.clientProperties = Map.copyOf(clientProperties);
    this.timeout = timeout;
  }

  /** Where the markers of transactions writing to {@code topic} are: its partition 0. */
  static TopicPartition partition(String topic) {
    return new TopicPartition(topic, 0);
  }

  static OffsetAndMetadata marker(String writerId, long checkpointId) {
    return new OffsetAndMetadata(Math.max(0, checkpointId), PREFIX + writerId + ":" + checkpointId);
  }

  /**
   * Whether the transaction of {@code c} committed, from the marker of its transactional id.
   * Read through a {@code read_committed} consumer of the marker's group, which waits for
   * transactional offsets still being completed (a commit that returned may not have written
   * its markers yet).
   */
  boolean isCommitted(KafkaCommittable c, String topic) {
    TopicPartition partition = partition(topic);
    Map<String, Object> props = new HashMap<>(clientProperties);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, c.transactionalId());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    OffsetAndMetadata om;
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
      om = consumer.committed(Set.of(partition), timeout).get(partition);
    } catch (KafkaException e) {
      throw new IllegalStateException("cannot read the commit marker of transactional id '"
          + c.transactionalId() + "' (the offset of consumer group '" + c.transactionalId()
          + "' on " + partition + "): " + e.getMessage(), e);
    }
    if (om == null || om.metadata() == null || !om.metadata().startsWith(PREFIX)) {
      return false;
    }
    String[] parts = om.metadata().substring(PREFIX.length()).split(":");
    try {
      return parts.length == 2 && parts[0].equals(c.writerId())
          && Long.parseLong(parts[1]) >= c.checkpointId();
    } catch (NumberFormatException e) {
      throw new IllegalStateException("the commit marker of transactional id '"
          + c.transactionalId() + "' (consumer group of that name, " + partition + ") has metadata '"
          + om.metadata() + "', which Weir did not write; is another application committing "
          + "offsets for that group?", e);
    }
  }

}
