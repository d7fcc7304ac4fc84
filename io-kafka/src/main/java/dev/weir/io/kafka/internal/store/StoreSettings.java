package dev.weir.io.kafka.internal.store;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The settings of a Kafka checkpoint store, and the client properties derived from them: every
 * user property passes to the clients that know its key; the store forces byte-array
 * (de)serializers, {@code acks=all}, idempotence, {@code isolation.level=read_committed} and
 * fetch and request sizes that fit a chunk; consumers wait little for data that is not there
 * (the store reads up to offsets it knows).
 *
 * @param clientProperties the Kafka client properties, without the store's own keys
 * @param stateTopic the topic of blob chunks
 * @param manifestTopic the topic of manifests, discard markers and attempt markers
 * @param chunkBytes the largest chunk record value
 * @param replicationFactor the replication factor of created topics; the broker's default if empty
 * @param timeout how long one call may wait for the cluster
 * @param clock times out reads of the manifest topic
 */
public record StoreSettings(Map<String, Object> clientProperties, String stateTopic,
    String manifestTopic, int chunkBytes, Optional<Short> replicationFactor, Duration timeout,
    Clock clock) {

  /** Room for a chunk's headers and the record batch around it. */
  private static final int RECORD_OVERHEAD = 64 * 1024;
  /** How long a consumer's fetch may wait at the broker for records that are not there yet. */
  private static final int FETCH_MAX_WAIT_MILLIS = 10;

  /** Copies the client properties. */
  public StoreSettings {
    clientProperties = Map.copyOf(clientProperties);
  }

  /** The state topic's only partition. */
  public TopicPartition statePartition() {
    return new TopicPartition(stateTopic, 0);
  }

  /** The manifest topic's only partition. */
  public TopicPartition manifestPartition() {
    return new TopicPartition(manifestTopic, 0);
  }

  /** The cluster, for messages: {@code Kafka <bootstrap.servers>}. */
  public String where() {
    Object servers = clientProperties.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
    return "Kafka " + (servers == null ? "(no bootstrap.servers)" : servers);
  }

  /** Properties of the admin client. */
  public Map<String, Object> adminProperties() {
    return known(AdminClientConfig.configNames());
  }

  /** Properties of the one idempotent producer, large enough for a chunk. */
  public Map<String, Object> producerProperties() {
    Map<String, Object> p = known(ProducerConfig.configNames());
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
    int needed = chunkBytes + RECORD_OVERHEAD;
    Object max = p.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
    if (max == null || Integer.parseInt(max.toString()) < needed) {
      p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Math.max(needed, 1024 * 1024));
    }
    return p;
  }

  /**
   * Properties of a transactional producer with {@code transactionalId}: those of
   * {@link #producerProperties()} plus the id. Creating one and calling
   * {@code initTransactions} fences every earlier producer with the same id.
   */
  public Map<String, Object> transactionalProducerProperties(String transactionalId) {
    Map<String, Object> p = producerProperties();
    p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    return p;
  }

  /**
   * Properties of a manually assigned consumer (no group) that fetches whole chunks and sees
   * only committed records: writes of a transaction that was aborted, or is still open, are
   * invisible (a fenced coordinator's manifests); writes without a transaction are visible at
   * once.
   */
  public Map<String, Object> consumerProperties() {
    Map<String, Object> c = known(ConsumerConfig.configNames());
    c.remove(ConsumerConfig.GROUP_ID_CONFIG);
    c.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
    c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.putIfAbsent(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, chunkBytes + RECORD_OVERHEAD);
    c.putIfAbsent(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 4 * (chunkBytes + RECORD_OVERHEAD));
    // The store reads up to ends it knows: a fetch parked waiting for new data only delays the
    // next request on the connection (the manifest log's next end offset) by the wait.
    c.putIfAbsent(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, FETCH_MAX_WAIT_MILLIS);
    return c;
  }

  private Map<String, Object> known(Set<String> names) {
    Map<String, Object> out = new HashMap<>();
    clientProperties.forEach((k, v) -> {
      if (names.contains(k)) {
        out.put(k, v);
      }
    });
    return out;
  }
}
