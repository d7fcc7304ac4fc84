package dev.weir.io.kafka;

import dev.weir.io.kafka.internal.sink.AtLeastOnceWriter;
import dev.weir.io.kafka.internal.sink.SinkSettings;
import dev.weir.io.kafka.internal.sink.TransactionalWriter;
import dev.weir.sdk.io.Sink;
import dev.weir.sdk.io.SinkContext;
import dev.weir.sdk.io.SinkWriter;
import dev.weir.sdk.types.Coder;
import dev.weir.sdk.types.KV;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Writes a stream to a Kafka topic, exactly once by default.
 *
 * <pre>{@code
 * counts.write("toKafka", KafkaSink.kv("broker:9092", "word-counts", KafkaCoders.UTF8, KafkaCoders.UTF8));
 *
 * KafkaSink<Order> sink = KafkaSink.<Order>builder("broker:9092", "orders-out")
 *     .key(o -> o.id().getBytes(UTF_8))
 *     .value(Order::toJsonBytes)
 *     .property("security.protocol", "SASL_SSL")
 *     .build();
 * }</pre>
 *
 * <h2>Exactly once ({@link Guarantee#EXACTLY_ONCE})</h2>
 * Each sink subtask collects the records of a checkpoint interval; on the checkpoint barrier
 * they become the subtask's committable and are stored in the checkpoint (a write-ahead copy).
 * When the checkpoint completes, the subtask writes them to Kafka in one transaction, together
 * with a commit marker (a consumer-group offset of group {@code <transactionalId>}, committed
 * in the same transaction), and commits. A {@code read_committed} consumer sees each record
 * exactly once: after a failure, the restored job looks at the marker of each restored
 * committable and writes again only the transactions that did not commit. The transactional
 * id of a subtask is {@code <prefix>-<job>-<step>-<subtask>}; a restarted job's producer
 * takes the same id, which fences any zombie producer of the failed attempt. Two running jobs
 * must not share a prefix, job name and step name.
 *
 * <p>The write-ahead copy is the price of exactly-once with the public Kafka client API: a
 * transaction cannot be committed by a producer other than the one that began it, so records
 * staged in an open transaction before a crash could not be made visible by the restored job.
 * Records reach Kafka at checkpoint completion, so output latency is about one checkpoint
 * interval, as for every transactional sink read with {@code read_committed}.
 *
 * <h2>At least once ({@link Guarantee#AT_LEAST_ONCE})</h2>
 * Records are sent as they arrive with an idempotent producer, and each checkpoint waits until
 * all of them are acknowledged; after a restore, records since the checkpoint are sent again.
 *
 * <p>Every client property passes through to the producer (and to the admin client that
 * reads commit markers).
 *
 * @param <T> the record type
 */
public final class KafkaSink<T> implements Sink<T> {

  /** What a reader of the topic sees after failures. */
  public enum Guarantee {
    /** Each record once, for {@code read_committed} consumers; visible at checkpoint completion. */
    EXACTLY_ONCE,
    /** Each record at least once; visible right away; duplicates after a restore. */
    AT_LEAST_ONCE
  }

  /** The default prefix of transactional ids. */
  public static final String DEFAULT_TRANSACTIONAL_ID_PREFIX = "weir";

  private final SinkSettings<T> settings;

  private KafkaSink(SinkSettings<T> settings) {
    this.settings = settings;
  }

  /**
   * A sink of {@code KV} records: key and value are encoded with the given coders (use
   * {@code KafkaCoders} for plain text); the record's event time becomes the Kafka timestamp.
   */
  public static <K, V> KafkaSink<KV<K, V>> kv(String bootstrapServers, String topic,
      Coder<K> keyCoder, Coder<V> valueCoder) {
    Objects.requireNonNull(keyCoder, "keyCoder");
    Objects.requireNonNull(valueCoder, "valueCoder");
    return KafkaSink.<KV<K, V>>builder(bootstrapServers, topic)
        .key(kv -> keyCoder.encode(kv.key()))
        .value(kv -> valueCoder.encode(kv.value()))
        .build();
  }

  /** A builder for a sink writing to {@code topic} of the cluster at {@code bootstrapServers}. */
  public static <T> Builder<T> builder(String bootstrapServers, String topic) {
    return new Builder<>(bootstrapServers, topic);
  }

  @Override
  public SinkWriter<T, ?> createWriter(SinkContext context) {
    return settings.guarantee() == Guarantee.EXACTLY_ONCE
        ? new TransactionalWriter<>(settings, context)
        : new AtLeastOnceWriter<>(settings, context);
  }

  @Override
  public String toString() {
    return "KafkaSink(" + settings.topic() + ", " + settings.guarantee() + ")";
  }

  /**
   * Builds a {@link KafkaSink}.
   *
   * @param <T> the record type
   */
  public static final class Builder<T> {
    private final String bootstrapServers;
    private final String topic;
    private Function<? super T, byte[]> key = v -> null;
    private Function<? super T, byte[]> value;
    private Guarantee guarantee = Guarantee.EXACTLY_ONCE;
    private String transactionalIdPrefix = DEFAULT_TRANSACTIONAL_ID_PREFIX;
    private Duration timeout = Duration.ofSeconds(60);
    private int createPartitions;
    private boolean latestPerKey;
    private final Map<String, Object> properties = new HashMap<>();

    private Builder(String bootstrapServers, String topic) {
      if (bootstrapServers == null || bootstrapServers.isBlank()) {
        throw new IllegalArgumentException("KafkaSink needs bootstrap servers (host:port,...), got '"
            + bootstrapServers + "'");
      }
      if (topic == null || topic.isBlank()) {
        throw new IllegalArgumentException("KafkaSink needs a topic, got '" + topic + "'");
      }
      this.bootstrapServers = bootstrapServers;
      this.topic = topic;
    }

    /** The record key's bytes ({@code null} for no key); no key by default. */
    public Builder<T> key(Function<? super T, byte[]> key) {
      this.key = Objects.requireNonNull(key, "key");
      return this;
    }

    /** The record value's bytes. Required. */
    public Builder<T> value(Function<? super T, byte[]> value) {
      this.value = Objects.requireNonNull(value, "value");
      return this;
    }

    /** Exactly once (the default) or at least once. */
    public Builder<T> guarantee(Guarantee guarantee) {
      this.guarantee = Objects.requireNonNull(guarantee, "guarantee");
      return this;
    }

    /**
     * The prefix of transactional ids (default {@value #DEFAULT_TRANSACTIONAL_ID_PREFIX});
     * must be unique among running jobs that share a job and step name.
     */
    public Builder<T> transactionalIdPrefix(String prefix) {
      if (prefix == null || prefix.isBlank()) {
        throw new IllegalArgumentException("the transactional id prefix must not be blank");
      }
      this.transactionalIdPrefix = prefix;
      return this;
    }

    /** How long a send, commit or marker lookup may take before the job fails (default 60 s). */
    public Builder<T> timeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("the timeout must be > 0, got " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /**
     * Creates the topic with {@code partitions} partitions (the cluster's default replication)
     * when it does not exist; by default a missing topic fails the job with an error naming it.
     */
    public Builder<T> createTopicIfMissing(int partitions) {
      if (partitions < 1) {
        throw new IllegalArgumentException("partitions must be >= 1, got " + partitions);
      }
      this.createPartitions = partitions;
      return this;
    }

    /**
     * For changelog output (the latest value per key, as a keyed count emits it): of the
     * records with the same key between two checkpoints only the last is written, so a
     * transaction holds at most one record per key. A compacted topic, or a reader that keeps
     * the latest value per key, sees the same result as without the option, with less traffic
     * and a smaller write-ahead copy. Records without a key are all written. Exactly-once mode
     * only.
     */
    public Builder<T> latestPerKey() {
      this.latestPerKey = true;
      return this;
    }

    /** A Kafka client property for the producer and admin client (SASL, SSL, timeouts, ...). */
    public Builder<T> property(String name, Object value) {
      properties.put(Objects.requireNonNull(name, "name"),
          Objects.requireNonNull(value, () -> "value of property " + name));
      return this;
    }

    /** Several Kafka client properties; see {@link #property}. */
    public Builder<T> properties(Map<String, ?> props) {
      props.forEach(this::property);
      return this;
    }

    /** The sink. */
    public KafkaSink<T> build() {
      if (value == null) {
        throw new IllegalStateException("KafkaSink for topic '" + topic + "' has no value "
            + "function; set one with .value(record -> bytes)");
      }
      if (latestPerKey && guarantee != Guarantee.EXACTLY_ONCE) {
        throw new IllegalStateException("KafkaSink for topic '" + topic + "': latestPerKey() "
            + "needs the exactly-once guarantee (records are kept until the checkpoint)");
      }
      return new KafkaSink<>(new SinkSettings<>(bootstrapServers, topic, key, value, guarantee,
          transactionalIdPrefix, timeout, createPartitions, latestPerKey, Map.copyOf(properties)));
    }
  }
}
