package dev.weir.bench.distributed;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The benchmark's peer: the keyed count on Kafka Streams with
 * {@code processing.guarantee=exactly_once_v2}. The topology reads the input topic,
 * {@code groupByKey().count()} (a RocksDB store with its changelog, in the run's state
 * directory) and writes every updated count to the output topic. {@code run.workers()}
 * {@link KafkaStreams} instances in this JVM share one application id and the {@code p} stream
 * threads between them.
 *
 * <p>The record cache is off by default ({@code statestore.cache.max.bytes=0}), so every input
 * record yields one output record, as Weir's job writes every update; a cache size compacts
 * updates per key between commits instead.
 */
public final class KafkaStreamsPeer implements DistributedPeer {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaStreamsPeer.class);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(60);

  private final Long commitIntervalMs;
  private final long cacheMaxBytes;

  /**
   * @param commitIntervalMs {@code commit.interval.ms}, or {@code null} for Kafka Streams' default
   *     (100 ms under exactly-once)
   * @param cacheMaxBytes {@code statestore.cache.max.bytes} over all threads (0: every update out)
   */
  public KafkaStreamsPeer(Long commitIntervalMs, long cacheMaxBytes) {
    if ((commitIntervalMs != null && commitIntervalMs < 1) || cacheMaxBytes < 0) {
      throw new IllegalArgumentException("kafka-streams peer: --commit-interval must be >= 1 ms "
          + "and --cache-bytes >= 0, got " + commitIntervalMs + " and " + cacheMaxBytes);
    }
    this.commitIntervalMs = commitIntervalMs;
    this.cacheMaxBytes = cacheMaxBytes;
  }

  @Override
  public String engine() {
    return "kafka-streams";
  }

  /** The keyed count's topology: input → groupByKey → count → every update to the output. */
  public static Topology topology(String inputTopic, String outputTopic) {
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(inputTopic, Consumed.with(Serdes.String(), Serdes.ByteArray()))
        .groupByKey(Grouped.with(Serdes.String(), Serdes.ByteArray()))
        .count(Materialized.<String, Long, KeyValueStore<Bytes, byte[]>>as("counts")
            .withKeySerde(Serdes.String()).withValueSerde(Serdes.Long()))
        .toStream()
        .mapValues(count -> Long.toString(count))
        .to(outputTopic, Produced.with(Serdes.String(), Serdes.String()));
    return builder.build();
  }

  /** The configuration of worker {@code index} of a run. */
  StreamsConfig config(KeyedCountRun run, int index) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "weir-bench-ks-" + run.runId());
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, run.bootstrap());
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, run.shareOf(index));
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDirOf(run, index).toString());
    props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, cacheMaxBytes);
    // No global state here; set only so that every config does not warn about its default.
    props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
    if (commitIntervalMs != null) {
      props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitIntervalMs);
    }
    return new StreamsConfig(props);
  }

  @Override
  public Running start(KeyedCountRun run) {
    Topology topology = topology(run.inputTopic(), run.outputTopic());
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<KafkaStreams> instances = new ArrayList<>();
    List<Integer> threads = new ArrayList<>();
    StreamsConfig first = config(run, 0);
    try {
      for (int i = 0; i < run.workers(); i++) {
        StreamsConfig config = config(run, i);
        KafkaStreams streams = new KafkaStreams(topology, config);
        int worker = i;
        streams.setUncaughtExceptionHandler(e -> {
          failure.compareAndSet(null, new IllegalStateException("kafka-streams worker " + worker
              + " of application " + first.getString(StreamsConfig.APPLICATION_ID_CONFIG)
              + " failed: " + e, e));
          return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.setStateListener((now, before) -> {
          if (now == KafkaStreams.State.ERROR) {
            failure.compareAndSet(null, new IllegalStateException("kafka-streams worker " + worker
                + " went into state ERROR (from " + before + "); see its log above"));
          }
        });
        instances.add(streams);
        threads.add(run.shareOf(i));
      }
      instances.forEach(KafkaStreams::start);
    } catch (RuntimeException e) {
      closeAll(instances);
      throw e;
    }
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("processingGuarantee", first.getString(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
    // The effective value: Kafka Streams lowers the default to 100 ms under exactly-once.
    settings.put("commitIntervalMs", first.getLong(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG));
    settings.put("cacheMaxBytes", cacheMaxBytes);
    settings.put("streamThreads", threads);
    settings.put("stateStore", "rocksdb");
    return new Running() {
      @Override
      public Map<String, Object> settings() {
        return settings;
      }

      @Override
      public boolean writesEveryUpdate() {
        return cacheMaxBytes == 0;
      }

      @Override
      public Optional<Throwable> failure() {
        return Optional.ofNullable(failure.get());
      }

      @Override
      public void close() {
        closeAll(instances);
      }
    };
  }

  private static void closeAll(List<KafkaStreams> instances) {
    // Close all at once: a closing instance's group leave rebalances the others otherwise.
    instances.forEach(s -> s.close(Duration.ZERO));
    for (KafkaStreams s : instances) {
      if (!s.close(CLOSE_TIMEOUT)) {
        LOG.warn("kafka-streams instance did not close within {}; its threads may linger", CLOSE_TIMEOUT);
      }
    }
  }

  /** Where worker {@code index} of a run keeps its state (below the run's state directory). */
  static Path stateDirOf(KeyedCountRun run, int index) {
    return run.stateDir().resolve("worker-" + index);
  }
}
