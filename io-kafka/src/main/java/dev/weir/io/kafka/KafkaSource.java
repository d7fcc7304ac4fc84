package dev.weir.io.kafka;

import dev.weir.io.kafka.internal.source.KafkaSourceReader;
import dev.weir.io.kafka.internal.source.RecordDecoder;
import dev.weir.io.kafka.internal.source.SourceSpec;
import dev.weir.sdk.ConfigException;
import dev.weir.sdk.io.Source;
import dev.weir.sdk.io.SourceContext;
import dev.weir.sdk.io.SourceReader;
import dev.weir.sdk.types.Coder;
import dev.weir.sdk.types.KV;
import dev.weir.sdk.types.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * A checkpointable source of the records of Kafka topics: each record's key and value decoded
 * with a {@link Coder} into a {@code KV<K, V>}, or its value alone; the record's timestamp is
 * the event timestamp.
 *
 * <pre>{@code
 * p.read("orders", KafkaSource.<String, Order>builder()
 *     .bootstrapServers("broker-1:9092")
 *     .topics("orders")
 *     .keyCoder(KafkaCoders.UTF8)
 *     .valueCoder(Types.avro(Order.class))
 *     .property("security.protocol", "SASL_SSL")
 *     .watermarks(Duration.ofSeconds(5), Duration.ofMinutes(1))
 *     .build());
 * p.read("lines", KafkaSource.values("localhost:9092", "lines", KafkaCoders.UTF8));
 * }</pre>
 *
 * <h2>Partitions and positions</h2>
 * Each subtask reads its partitions with a manually assigned consumer (no consumer-group
 * membership, {@code isolation.level=read_committed} unless set otherwise): partition
 * {@code p} of topic {@code t} is read by subtask {@code floorMod(t.hashCode() + p,
 * parallelism)}, so adding partitions does not move existing ones. A checkpoint records, per
 * partition, the offset after the last record emitted (and the largest timestamp seen, for
 * watermarks). Those offsets are the source of truth: a restore — also at another parallelism
 * — resumes each partition exactly there, so with an exactly-once sink every record counts
 * once. Partitions without a checkpointed offset start at the starting offsets (earliest by
 * default). Offsets committed to a consumer group with {@link Builder#commitOffsetsToGroup} are
 * for monitoring only and never read.
 *
 * <h2>Discovery and bounded reads</h2>
 * An unbounded source looks for new partitions, and with {@link Builder#topicPattern} for new
 * matching topics, every {@link Builder#partitionDiscoveryInterval} (10 s by default); new
 * partitions are read from their earliest offset. A {@link Builder#bounded()} source records
 * the end offsets of its partitions when it opens (the last stable offset, under
 * {@code read_committed}), ends when it reached them all, and discovers nothing.
 *
 * <h2>Errors</h2>
 * A record that does not decode fails the job with a message naming topic, partition, offset
 * and coder; with {@link Builder#deadLetters()} it goes to {@link dev.weir.sdk.io.DeadLetter#TAG}
 * instead (origin {@code topic/partition@offset}, payload the raw value bytes). Explicit topics
 * that do not exist fail the job after {@link Builder#topicWaitTimeout} (60 s by default), naming
 * them. Invalid settings throw {@link ConfigException} from {@code build()}.
 *
 * @param <T> the record type: {@code KV<K, V>} or {@code V}
 */
public final class KafkaSource<T> implements Source<T> {

  /** Default interval of partition and topic discovery: 10 s. */
  public static final Duration DEFAULT_DISCOVERY_INTERVAL = Duration.ofSeconds(10);
  /** Default wait for explicit topics to exist: 60 s. */
  public static final Duration DEFAULT_TOPIC_WAIT = Duration.ofSeconds(60);

  private final SourceSpec<T> spec;
  private final Coder<T> coder;

  private KafkaSource(SourceSpec<T> spec, Coder<T> coder) {
    this.spec = spec;
    this.coder = coder;
  }

  /** A builder of a source; set the coders with {@code keyCoder}/{@code valueCoder}. */
  public static <K, V> Builder<K, V> builder() {
    return new Builder<>();
  }

  /**
   * An unbounded source of the values of one topic, from its earliest offsets; tombstones
   * (records without a value) are skipped.
   */
  public static <V> KafkaSource<V> values(String bootstrapServers, String topic,
      Coder<V> valueCoder) {
    return KafkaSource.<byte[], V>builder().bootstrapServers(bootstrapServers).topics(topic)
        .valueCoder(valueCoder).buildValues();
  }

  @Override
  public Coder<T> coder() {
    return coder;
  }

  @Override
  public boolean isBounded() {
    return spec.bounded();
  }

  @Override
  public boolean emitsDeadLetters() {
    return spec.deadLetters();
  }

  @Override
  public SourceReader<T, ?> createReader(SourceContext context) {
    return new KafkaSourceReader<>(spec, Objects.requireNonNull(context, "context"));
  }

  @Override
  public String toString() {
    return "KafkaSource[" + spec.describeTopics() + " at "
        + spec.properties().get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG)
        + (spec.bounded() ? ", bounded" : "") + "]";
  }

  /**
   * Settings of a {@link KafkaSource}; {@link #build()} or {@link #buildValues()} checks them.
   * Not thread-safe.
   *
   * @param <K> the key type
   * @param <V> the value type
   */
  public static final class Builder<K, V> {
    private final Map<String, Object> properties = new HashMap<>();
    private List<String> topics = List.of();
    private Pattern pattern;
    private Coder<K> keyCoder;
    private Coder<V> valueCoder;
    private SourceSpec.Start start = SourceSpec.Start.EARLIEST;
    private long startTimestamp;
    private boolean bounded;
    private Duration discovery = DEFAULT_DISCOVERY_INTERVAL;
    private Duration topicWait = DEFAULT_TOPIC_WAIT;
    private String commitGroup;
    private Duration outOfOrderness;
    private Duration idleness;
    private boolean deadLetters;

    private Builder() {
    }

    /** {@code bootstrap.servers}: {@code host:port[,host:port...]}. Required. */
    public Builder<K, V> bootstrapServers(String servers) {
      return property(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
    }

    /** Reads these topics (replaces earlier topics or pattern). */
    public Builder<K, V> topics(String... topics) {
      this.topics = List.copyOf(Arrays.asList(topics));
      this.pattern = null;
      return this;
    }

    /**
     * Reads every topic whose whole name matches (replaces earlier topics); topics that appear
     * later are found by discovery. Internal topics ({@code __...}) never match.
     */
    public Builder<K, V> topicPattern(Pattern pattern) {
      this.pattern = Objects.requireNonNull(pattern, "pattern");
      this.topics = List.of();
      return this;
    }

    /** Decodes record keys ({@link #build()} only). */
    public Builder<K, V> keyCoder(Coder<K> coder) {
      this.keyCoder = Objects.requireNonNull(coder, "keyCoder");
      return this;
    }

    /** Decodes record values. Required. */
    public Builder<K, V> valueCoder(Coder<V> coder) {
      this.valueCoder = Objects.requireNonNull(coder, "valueCoder");
      return this;
    }

    /**
     * A Kafka consumer property, passed through as given (security, timeouts, fetch sizes).
     * The source sets the deserializers, turns auto-commit off and sets {@code group.id} only
     * with {@link #commitOffsetsToGroup}; {@code isolation.level} defaults to
     * {@code read_committed}, {@code auto.offset.reset} (used when a checkpointed offset is no
     * longer in the log) to {@code earliest}.
     */
    public Builder<K, V> property(String key, Object value) {
      properties.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, key));
      return this;
    }

    /** Several consumer properties; see {@link #property}. */
    public Builder<K, V> properties(Map<String, ?> properties) {
      properties.forEach(this::property);
      return this;
    }

    /** Partitions without a checkpointed offset start at their earliest offset (the default). */
    public Builder<K, V> startFromEarliest() {
      start = SourceSpec.Start.EARLIEST;
      return this;
    }

    /**
     * Partitions start at their end when a fresh job opens. A restored job reads partitions
     * that have no checkpointed offset (new since the checkpoint) from their beginning.
     */
    public Builder<K, V> startFromLatest() {
      start = SourceSpec.Start.LATEST;
      return this;
    }

    /**
     * Partitions start at their first record with a timestamp at or after {@code time} (at
     * their end if there is none) when a fresh job opens. A restored job reads partitions that
     * have no checkpointed offset (new since the checkpoint) from their beginning.
     */
    public Builder<K, V> startFromTimestamp(Instant time) {
      start = SourceSpec.Start.TIMESTAMP;
      startTimestamp = time.toEpochMilli();
      return this;
    }

    /** Ends once the end offsets found when each reader opened are reached; no discovery. */
    public Builder<K, V> bounded() {
      bounded = true;
      return this;
    }

    /** How often an unbounded source looks for new partitions and topics (default 10 s). */
    public Builder<K, V> partitionDiscoveryInterval(Duration interval) {
      discovery = positive("partitionDiscoveryInterval", interval);
      return this;
    }

    /**
     * How long a reader waits for explicit topics to exist before it fails the job naming them
     * (default 60 s).
     */
    public Builder<K, V> topicWaitTimeout(Duration timeout) {
      topicWait = positive("topicWaitTimeout", timeout);
      return this;
    }

    /**
     * After each completed checkpoint, commits its offsets to this consumer group so lag can be
     * monitored with the usual tools. Never read back: restores use the checkpoint.
     */
    public Builder<K, V> commitOffsetsToGroup(String groupId) {
      if (groupId == null || groupId.isBlank()) {
        throw new ConfigException("commitOffsetsToGroup", groupId,
            "Kafka source: the consumer group id must not be blank");
      }
      commitGroup = groupId;
      return this;
    }

    /**
     * Emits per-partition watermarks: the smallest {@code maxTimestamp - outOfOrderness - 1}
     * over the partitions that had a record within {@code idleness} (zero: partitions never go
     * idle); when all are idle the reader is marked idle. The largest timestamp of each
     * partition is checkpointed with its offset.
     */
    public Builder<K, V> watermarks(Duration outOfOrderness, Duration idleness) {
      if (outOfOrderness == null || outOfOrderness.isNegative()) {
        throw new ConfigException("watermarks.outOfOrderness", outOfOrderness,
            "Kafka source: the out-of-orderness bound must be zero or positive");
      }
      if (idleness == null || idleness.isNegative()) {
        throw new ConfigException("watermarks.idleness", idleness,
            "Kafka source: the idleness must be zero (never idle) or positive");
      }
      this.outOfOrderness = outOfOrderness;
      this.idleness = idleness;
      return this;
    }

    /**
     * Sends records that do not decode to {@link dev.weir.sdk.io.DeadLetter#TAG} instead of
     * failing the job; the pipeline must then read {@code sideOutput(DeadLetter.TAG)}.
     */
    public Builder<K, V> deadLetters() {
      deadLetters = true;
      return this;
    }

    /** A source of {@code KV(key, value)}; a tombstone gives a {@code null} value. */
    public KafkaSource<KV<K, V>> build() {
      if (keyCoder == null) {
        throw new ConfigException("keyCoder", null, "Kafka source: no key coder; set "
            + ".keyCoder(...) (KafkaCoders.UTF8 for plain strings), or use buildValues()");
      }
      requireValueCoder();
      return new KafkaSource<>(spec(RecordDecoder.kv(keyCoder, valueCoder)),
          Types.kv(keyCoder, Types.nullable(valueCoder)));
    }

    /** A source of record values; keys are ignored and tombstones skipped. */
    public KafkaSource<V> buildValues() {
      requireValueCoder();
      return new KafkaSource<>(spec(RecordDecoder.values(valueCoder)), valueCoder);
    }

    private void requireValueCoder() {
      if (valueCoder == null) {
        throw new ConfigException("valueCoder", null, "Kafka source: no value coder; set "
            + ".valueCoder(...) (KafkaCoders.UTF8 for plain strings, KafkaCoders.BYTES for raw "
            + "bytes)");
      }
    }

    private <T> SourceSpec<T> spec(RecordDecoder<T> decoder) {
      Object servers = properties.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG);
      if (servers == null || servers.toString().isBlank()) {
        throw new ConfigException(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
            "Kafka source: bootstrap.servers is missing; set .bootstrapServers(\"host:9092\")");
      }
      if (pattern == null && topics.isEmpty()) {
        throw new ConfigException("topics", topics,
            "Kafka source: no topics; set .topics(\"name\", ...) or .topicPattern(...)");
      }
      for (String t : topics) {
        if (t == null || t.isBlank()) {
          throw new ConfigException("topics", topics, "Kafka source: a topic name is blank");
        }
      }
      return new SourceSpec<>(Map.copyOf(properties), topics, pattern, start, startTimestamp,
          bounded, discovery.toMillis(), topicWait.toMillis(), commitGroup, outOfOrderness != null,
          outOfOrderness == null ? 0 : outOfOrderness.toMillis(),
          idleness == null ? 0 : idleness.toMillis(), deadLetters, decoder);
    }

    private static Duration positive(String key, Duration d) {
      if (d == null || d.isNegative() || d.isZero() || d.toMillis() == 0) {
        throw new ConfigException(key, d, "Kafka source: " + key
            + " must be at least 1 ms");
      }
      return d;
    }
  }
}
