package dev.weir.io.kafka.internal.source;

import dev.weir.sdk.WeirException;
import dev.weir.sdk.io.DeadLetter;
import dev.weir.sdk.io.ReadStatus;
import dev.weir.sdk.io.SourceContext;
import dev.weir.sdk.io.SourceOutput;
import dev.weir.sdk.io.SourceReader;
import dev.weir.sdk.types.Coder;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the Kafka partitions one subtask owns, with a manually assigned consumer (no group
 * membership).
 *
 * <p>Partition {@code p} of topic {@code t} belongs to subtask
 * {@code floorMod(t.hashCode() + p, parallelism)}: stable when partitions or topics are added.
 * The position entry of a partition is a {@link KafkaPartitionPosition}: the offset after the
 * last record emitted, the largest record timestamp emitted ({@code Long.MIN_VALUE} if none)
 * and, for a bounded read, the end offset recorded when the read began ({@code -1} if
 * unbounded). These entries are the source of truth on restore; committed group offsets are
 * never read.
 *
 * <p>{@link #read} emits at most {@link #BATCH} records of what one poll returned; the rest
 * waits in memory for the next call, and positions advance only as records are emitted.
 *
 * <p>About 400 lines: the read loop, its positions and the watermark they carry share one
 * consumer and one thread; ownership, start offsets and group commits are classes of their own.
 */
public final class KafkaSourceReader<T> implements SourceReader<T, KafkaPartitionPosition> {

  /** Records emitted per {@link #read} call at most. */
  static final int BATCH = 256;
  /** How long one poll waits for records. */
  static final Duration POLL = Duration.ofMillis(20);
  /** How long a group commit (monitoring only) may block the reader. */
  private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(5);
  /** How long closing the consumer may take. */
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

  private static final Logger LOG = LoggerFactory.getLogger(KafkaSourceReader.class);

  private static final class PartitionState {
    long next;
    long stop = Long.MAX_VALUE;
    boolean done;
  }

  private final SourceSpec<T> spec;
  private final SourceContext context;
  private final LongSupplier clock;
  private final Map<TopicPartition, PartitionState> owned = new LinkedHashMap<>();
  private final ArrayDeque<ConsumerRecord<byte[], byte[]>> pending = new ArrayDeque<>();
  private final GroupCommits commits = new GroupCommits();
  private final PartitionOwnership ownership;
  private final PartitionWatermarks<TopicPartition> watermarks;
  private Consumer<byte[], byte[]> consumer;
  /** The restored positions of the partitions this reader owns, by partition. */
  private final Map<TopicPartition, KafkaPartitionPosition> restored = new HashMap<>();
  private long nextDiscoveryMillis;

  /** A reader of the partitions {@code context}'s subtask owns. */
  public KafkaSourceReader(SourceSpec<T> spec, SourceContext context) {
    this(spec, context, System::currentTimeMillis);
  }

  KafkaSourceReader(SourceSpec<T> spec, SourceContext context, LongSupplier clock) {
    this.spec = spec;
    this.context = context;
    this.clock = clock;
    this.ownership = new PartitionOwnership(spec.topics(), spec.pattern(),
        context.subtaskIndex(), context.parallelism());
    this.watermarks = spec.watermarks()
        ? new PartitionWatermarks<>(spec.outOfOrdernessMillis(), spec.idleMillis(), clock) : null;
  }

  /** The subtask that reads a partition. */
  public static int owner(String topic, int partition, int parallelism) {
    return PartitionOwnership.owner(topic, partition, parallelism);
  }

  @Override
  public Coder<KafkaPartitionPosition> positionCoder() {
    return KafkaPartitionPositionCoder.INSTANCE;
  }

  @Override
  public void open(List<KafkaPartitionPosition> restoredPositions) {
    restored.clear();
    for (KafkaPartitionPosition e : restoredPositions) {
      if (ownership.owns(e.topic(), e.partition())) {
        restored.put(new TopicPartition(e.topic(), e.partition()), e);
      }
    }
    consumer = new KafkaConsumer<>(spec.consumerProperties(
        "weir-" + context.stepName() + "-" + context.subtaskIndex()));
    try {
      Map<String, List<PartitionInfo>> topics = awaitTopics();
      // After a restore, a partition without a position appeared after the checkpoint (found
      // by discovery, or created while the job was down): read it from the beginning, as
      // discovery does, whatever the configured start, so none of its records is skipped.
      addPartitions(ownership.ownedOf(topics), restored,
          restoredPositions.isEmpty() ? spec.start() : SourceSpec.Start.EARLIEST);
    } catch (KafkaException e) {
      throw failure("cannot read the partitions of " + spec.describeTopics() + ": " + e, e);
    }
    nextDiscoveryMillis = clock.getAsLong() + spec.discoveryMillis();
  }

  /** The topics now; for explicit topics, waits until all exist (bounded by the topic wait). */
  private Map<String, List<PartitionInfo>> awaitTopics() {
    long deadline = clock.getAsLong() + spec.topicWaitMillis();
    while (true) {
      Map<String, List<PartitionInfo>> topics = consumer.listTopics();
      if (spec.pattern() != null) {
        return topics;
      }
      Set<String> missing = new TreeSet<>(spec.topics());
      missing.removeAll(topics.keySet());
      if (missing.isEmpty()) {
        return topics;
      }
      if (clock.getAsLong() >= deadline) {
        throw failure("topic" + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing)
            + (missing.size() > 1 ? " do" : " does") + " not exist at "
            + spec.properties().get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG) + " (waited "
            + spec.topicWaitMillis() + " ms, KafkaSource.Builder.topicWaitTimeout); create "
            + (missing.size() > 1 ? "them" : "it") + " or fix the topic name", null);
      }
      try {
        Thread.sleep(Math.min(200, Math.max(1, deadline - clock.getAsLong())));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw failure("interrupted while waiting for " + missing + " to exist", e);
      }
    }
  }

  /**
   * Assigns the partitions not owned yet: restored ones at their checkpointed position, the
   * others at {@code start}; a bounded read records their end offsets.
   */
  private void addPartitions(List<TopicPartition> found,
      Map<TopicPartition, KafkaPartitionPosition> restored,
      SourceSpec.Start start) {
    List<TopicPartition> added = new ArrayList<>();
    for (TopicPartition tp : found) {
      if (!owned.containsKey(tp)) {
        added.add(tp);
      }
    }
    if (added.isEmpty()) {
      return;
    }
    List<TopicPartition> fresh = new ArrayList<>();
    List<TopicPartition> needStop = new ArrayList<>();
    Map<TopicPartition, PartitionState> states = new LinkedHashMap<>();
    for (TopicPartition tp : added) {
      PartitionState s = new PartitionState();
      KafkaPartitionPosition r = restored.get(tp);
      long maxTimestamp = Long.MIN_VALUE;
      if (r != null) {
        s.next = r.offset();
        maxTimestamp = r.maxTimestamp();
        if (spec.bounded() && r.stopOffset() >= 0) {
          s.stop = r.stopOffset();
        } else if (spec.bounded()) {
          needStop.add(tp);
        }
      } else {
        fresh.add(tp);
        if (spec.bounded()) {
          needStop.add(tp);
        }
      }
      states.put(tp, s);
      if (watermarks != null) {
        watermarks.track(tp, maxTimestamp);
      }
    }
    Map<TopicPartition, Long> starts =
        StartOffsets.of(consumer, fresh, start, spec.startTimestamp());
    Map<TopicPartition, Long> stops = needStop.isEmpty() ? Map.of() : consumer.endOffsets(needStop);
    for (TopicPartition tp : fresh) {
      states.get(tp).next = starts.get(tp);
    }
    for (TopicPartition tp : needStop) {
      states.get(tp).stop = stops.get(tp);
    }
    owned.putAll(states);
    consumer.assign(owned.keySet());
    for (Map.Entry<TopicPartition, PartitionState> e : states.entrySet()) {
      consumer.seek(e.getKey(), e.getValue().next);
      if (e.getValue().next >= e.getValue().stop) {
        finish(e.getKey(), e.getValue());
      }
    }
    LOG.info("Kafka source '{}' subtask {} reads {}", context.stepName(), context.subtaskIndex(),
        added);
  }

  private void finish(TopicPartition tp, PartitionState s) {
    s.done = true;
    consumer.pause(List.of(tp));
    if (watermarks != null) {
      watermarks.remove(tp);
    }
  }

  @Override
  public ReadStatus read(SourceOutput<T> output) {
    try {
      return readBatch(output);
    } catch (KafkaException e) {
      throw failure("reading " + spec.describeTopics() + " failed: " + e, e);
    }
  }

  private ReadStatus readBatch(SourceOutput<T> output) {
    if (!spec.bounded() && clock.getAsLong() >= nextDiscoveryMillis) {
      discover();
      nextDiscoveryMillis = clock.getAsLong() + spec.discoveryMillis();
    }
    if (pending.isEmpty()) {
      if (spec.bounded() && allDone()) {
        return ReadStatus.END_OF_INPUT;
      }
      if (!owned.isEmpty()) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
          pending.add(r);
        }
      }
    }
    int n = 0;
    while (n < BATCH && !pending.isEmpty()) {
      ConsumerRecord<byte[], byte[]> r = pending.poll();
      PartitionState s = owned.get(new TopicPartition(r.topic(), r.partition()));
      if (s == null || r.offset() < s.next || r.offset() >= s.stop) {
        continue;
      }
      emit(r, s, output);
      n++;
    }
    if (spec.bounded() && pending.isEmpty()) {
      for (Map.Entry<TopicPartition, PartitionState> e : owned.entrySet()) {
        PartitionState s = e.getValue();
        if (!s.done && (s.next >= s.stop || consumer.position(e.getKey()) >= s.stop)) {
          finish(e.getKey(), s);
        }
      }
    }
    reportWatermark(output);
    if (n > 0 || !pending.isEmpty()) {
      return ReadStatus.MORE_AVAILABLE;
    }
    return spec.bounded() && allDone() ? ReadStatus.END_OF_INPUT : ReadStatus.NOTHING_AVAILABLE;
  }

  private boolean allDone() {
    for (PartitionState s : owned.values()) {
      if (!s.done) {
        return false;
      }
    }
    return true;
  }

  private void emit(ConsumerRecord<byte[], byte[]> r, PartitionState s, SourceOutput<T> output) {
    long ts = r.timestamp() >= 0 ? r.timestamp() : Long.MIN_VALUE;
    T value;
    try {
      value = spec.decoder().decode(r);
    } catch (RecordDecoder.DecodeException e) {
      String origin = r.topic() + "/" + r.partition() + "@" + r.offset();
      if (!spec.deadLetters()) {
        throw failure("cannot decode record " + origin + " (topic " + r.topic() + ", partition "
            + r.partition() + ", offset " + r.offset() + "): " + e.getMessage()
            + "; fix the producer or the coder, or send such records to dead letters with "
            + "KafkaSource.Builder.deadLetters()", e);
      }
      output.deadLetter(new DeadLetter(context.stepName(), origin, e.getMessage(),
          r.value() == null ? new byte[0] : r.value(), ts));
      value = null;
    }
    s.next = r.offset() + 1;
    if (watermarks != null) {
      watermarks.onRecord(new TopicPartition(r.topic(), r.partition()), ts);
    }
    if (value != null) {
      output.emit(value, ts);
    }
  }

  private void reportWatermark(SourceOutput<T> output) {
    if (watermarks == null) {
      return;
    }
    if (watermarks.allIdle()) {
      output.markIdle();
      return;
    }
    long wm = watermarks.watermark();
    if (wm != Long.MIN_VALUE) {
      output.emitWatermark(wm);
    }
  }

  private void discover() {
    Map<String, List<PartitionInfo>> topics;
    try {
      topics = consumer.listTopics();
    } catch (InterruptException e) {
      throw e;
    } catch (KafkaException e) {
      LOG.warn("Kafka source '{}' subtask {}: partition discovery failed, retrying in {} ms: {}",
          context.stepName(), context.subtaskIndex(), spec.discoveryMillis(), e.toString());
      return;
    }
    // A restored partition that the first listing missed keeps its restored position.
    addPartitions(ownership.ownedOf(topics), restored, SourceSpec.Start.EARLIEST);
  }

  @Override
  public List<KafkaPartitionPosition> snapshotPositions(long checkpointId) {
    List<KafkaPartitionPosition> out = new ArrayList<>(owned.size());
    Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
    for (Map.Entry<TopicPartition, PartitionState> e : owned.entrySet()) {
      TopicPartition tp = e.getKey();
      PartitionState s = e.getValue();
      long maxTimestamp = watermarks == null ? Long.MIN_VALUE : watermarks.maxTimestamp(tp);
      out.add(new KafkaPartitionPosition(tp.topic(), tp.partition(), s.next, maxTimestamp,
          spec.bounded() ? s.stop : -1L));
      commit.put(tp, new OffsetAndMetadata(s.next));
    }
    if (spec.commitGroup() != null) {
      commits.add(checkpointId, commit);
    }
    return out;
  }

  @Override
  public void notifyCheckpointComplete(long checkpointId) {
    Map<TopicPartition, OffsetAndMetadata> commit = commits.complete(checkpointId);
    if (commit.isEmpty()) {
      return;
    }
    try {
      consumer.commitSync(commit, COMMIT_TIMEOUT);
    } catch (KafkaException e) {
      LOG.warn("Kafka source '{}' subtask {}: committing offsets to group {} failed (for "
          + "monitoring only; positions live in the checkpoint): {}", context.stepName(),
          context.subtaskIndex(), spec.commitGroup(), e.toString());
    }
  }

  @Override
  public void close() {
    pending.clear();
    if (consumer == null) {
      return;
    }
    // A cancelled task's thread may be interrupted; close the consumer cleanly anyway.
    boolean interrupted = Thread.interrupted();
    try {
      consumer.close(CloseOptions.timeout(CLOSE_TIMEOUT));
    } catch (KafkaException e) {
      LOG.warn("Kafka source '{}' subtask {}: closing the consumer failed: {}",
          context.stepName(), context.subtaskIndex(), e.toString());
    } finally {
      consumer = null;
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** For tests and messages: the partitions this reader owns. */
  public List<TopicPartition> ownedPartitions() {
    return List.copyOf(owned.keySet());
  }

  private WeirException failure(String message, Throwable cause) {
    return new WeirException("Kafka source '" + context.stepName() + "' subtask "
        + context.subtaskIndex() + ": " + message, cause, context.stepName(),
        context.subtaskIndex());
  }
}
