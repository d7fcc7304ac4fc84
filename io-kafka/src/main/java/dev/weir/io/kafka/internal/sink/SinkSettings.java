package dev.weir.io.kafka.internal.sink;

import dev.weir.io.kafka.KafkaSink.Guarantee;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The configuration of a {@link dev.weir.io.kafka.KafkaSink}, shared by its writers;
 * {@code createPartitions} is 0 when the sink must not create its topic; with
 * {@code latestPerKey} a checkpoint's transaction holds only the last record of each key.
 */
public record SinkSettings<T>(
    String bootstrapServers,
    String topic,
    Function<? super T, byte[]> key,
    Function<? super T, byte[]> value,
    Guarantee guarantee,
    String transactionalIdPrefix,
    Duration timeout,
    int createPartitions,
    boolean latestPerKey,
    Map<String, Object> properties) {

  /** Client properties with the user's first, then the servers. */
  Map<String, Object> clientProperties() {
    Map<String, Object> props = new HashMap<>(properties);
    props.put("bootstrap.servers", bootstrapServers);
    return props;
  }

  /** Producer properties; {@code transactionalId} may be {@code null}. */
  Map<String, Object> producerProperties(String transactionalId, String clientId) {
    Map<String, Object> props = clientProperties();
    props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
    props.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    props.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
        (int) Math.min(30_000, timeout.toMillis() / 2));
    props.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis());
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    if (transactionalId != null) {
      props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    }
    return props;
  }

  /**
   * The record's key and value bytes through the user's functions, with errors that name the
   * sink step and the topic; a null value (a tombstone) is refused.
   */
  StagedRecord toRecord(T value, long timestamp, String step) {
    byte[] keyBytes;
    byte[] valueBytes;
    try {
      keyBytes = key.apply(value);
      valueBytes = this.value.apply(value);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("sink step '" + step + "' could not turn a record into "
          + "Kafka key/value bytes for topic '" + topic + "': " + e, e);
    }
    if (valueBytes == null) {
      throw new IllegalArgumentException("sink step '" + step + "': the value function returned "
          + "null for a record; Kafka tombstones are not supported by this sink");
    }
    return new StagedRecord(keyBytes, valueBytes, timestamp);
  }
}
