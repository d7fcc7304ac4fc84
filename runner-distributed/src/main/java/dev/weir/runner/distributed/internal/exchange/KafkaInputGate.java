package dev.weir.runner.distributed.internal.exchange;

import dev.weir.runtime.plan.Exchange;
import dev.weir.runtime.task.ChannelEvent;
import dev.weir.runtime.task.EndOfInput;
import dev.weir.runtime.task.InputGate;
import dev.weir.runtime.task.TaskCancelledException;
import dev.weir.sdk.WeirException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLongArray;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.InvalidOffsetException;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The input channels of one subtask as partitions of exchange topics, read by a consumer of
 * its own (assigned, never a member of a group). Given a reader group, the gate commits its
 * {@link #positions()} under it, tagged with the epoch ({@link LagGuard#commitMetadata}), at
 * most every {@link #COMMIT_INTERVAL_MILLIS} ms and just before it fetches (an asynchronous
 * commit travels while the consumer polls): the writers' {@link LagGuard} reads them. Each
 * channel starts at the offset the
 * epoch's {@code START} gives; a record written at another epoch (a zombie's, or a failed
 * epoch's past the start) is dropped and counted. Events of a channel come out in partition
 * order, each once. A blocked channel keeps what was fetched for it and its partition is
 * paused until {@link #unblockAll()}; so is a channel with many undelivered events
 * (bounded memory) and a channel whose input ended.
 *
 * <p>Used by the task's thread; {@link #positions()} and {@link #droppedStaleRecords()} may be
 * read from any thread.
 */
public final class KafkaInputGate implements InputGate, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaInputGate.class);

  /** Events kept per channel before its partition is paused until the task catches up. */
  static final int MAX_BUFFERED_EVENTS = 64;

  /** The shortest time between two commits of the positions. */
  static final long COMMIT_INTERVAL_MILLIS = 5;

  /**
   * One input channel.
   *
   * @param partition the exchange topic's partition of the channel
   * @param startOffset where this epoch's reading starts
   * @param exchange the exchange the channel belongs to (for decoding)
   */
  public record Channel(TopicPartition partition, long startOffset, Exchange exchange) {
  }

  private record Pending(ChannelEvent event, long nextOffset) {
  }

  private final Consumer<byte[], byte[]> consumer;
  private final Channel[] channels;
  private final ExchangeFrames[] frames;
  private final Map<TopicPartition, Integer> indexOf = new HashMap<>();
  private final List<ArrayDeque<Pending>> buffered = new ArrayList<>();
  private final boolean[] blocked;
  private final boolean[] ended;
  private final boolean[] paused;
  private final AtomicLongArray positions;
  private final long epoch;
  private final int subtask;
  private final String taskName;
  private volatile long dropped;
  private final String readerGroup;
  private final String commitMetadata;
  private final long[] committed;
  private long lastCommitNanos;
  private volatile Exception commitFailure;
  private int next;
  private int last = -1;

  /**
   * Creates the consumer and positions it at every channel's start offset.
   *
   * @param consumerBase client settings (at least {@code bootstrap.servers}); see
   *     {@link #consumerProperties(Map)}
   * @param channels the channels in the order of the chain's input exchanges, then upstream
   *     subtasks
   * @param epoch the epoch whose records are read
   * @param maxParallelism the plan's number of key groups
   * @param subtask the receiving subtask
   */
  public KafkaInputGate(Map<String, Object> consumerBase, List<Channel> channels, long epoch,
      int maxParallelism, int subtask) {
    this(consumerBase, channels, epoch, maxParallelism, subtask, null);
  }

  /**
   * Creates the consumer and positions it at every channel's start offset; with a reader group,
   * the gate commits its positions under it (see the class comment).
   *
   * @param readerGroup the group positions are committed under, or null for none
   */
  public KafkaInputGate(Map<String, Object> consumerBase, List<Channel> channels, long epoch,
      int maxParallelism, int subtask, String readerGroup) {
    if (channels.isEmpty()) {
      throw new IllegalArgumentException("an input gate needs at least one channel");
    }
    this.channels = channels.toArray(new Channel[0]);
    int n = this.channels.length;
    this.frames = new ExchangeFrames[n];
    this.blocked = new boolean[n];
    this.ended = new boolean[n];
    this.paused = new boolean[n];
    this.positions = new AtomicLongArray(n);
    this.committed = new long[n];
    this.readerGroup = readerGroup;
    this.commitMetadata = LagGuard.commitMetadata(epoch);
    this.epoch = epoch;
    this.subtask = subtask;
    Exchange first = this.channels[0].exchange();
    this.taskName = first.toChain().name() + " (" + (subtask + 1) + "/"
        + first.toChain().parallelism() + ")";
    Map<Exchange, ExchangeFrames> byExchange = new IdentityHashMap<>();
    for (int c = 0; c < n; c++) {
      Channel ch = this.channels[c];
      if (indexOf.put(ch.partition(), c) != null) {
        throw new IllegalArgumentException(taskName + ": partition " + ch.partition()
            + " is given as two channels");
      }
      frames[c] = byExchange.computeIfAbsent(ch.exchange(),
          e -> new ExchangeFrames(e, maxParallelism));
      buffered.add(new ArrayDeque<>());
      positions.set(c, ch.startOffset());
      committed[c] = -1;
    }
    Map<String, Object> props = consumerProperties(consumerBase);
    if (readerGroup != null) {
      props.put(ConsumerConfig.GROUP_ID_CONFIG, readerGroup);
    }
    this.consumer = new KafkaConsumer<>(props);
    try {
      consumer.assign(indexOf.keySet());
      for (Channel ch : this.channels) {
        consumer.seek(ch.partition(), ch.startOffset());
      }
    } catch (RuntimeException e) {
      consumer.close();
      throw e;
    }
  }

  /**
   * The consumer settings of a gate on top of {@code base}: no group and nothing committed,
   * records of aborted transactions too (exchange writers are not transactional), no reset
   * (a start offset that is gone is an error), byte-array deserializers and a short
   * {@code fetch.max.wait.ms} (10 ms) so a resumed partition is fetched soon.
   */
  public static Map<String, Object> consumerProperties(Map<String, Object> base) {
    Map<String, Object> p = new HashMap<>(base);
    p.remove(ConsumerConfig.GROUP_ID_CONFIG);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.putIfAbsent(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
    return p;
  }

  @Override
  public int channelCount() {
    return channels.length;
  }

  @Override
  public ChannelEvent poll(long maxWaitNanos) {
    if (Thread.currentThread().isInterrupted()) {
      throw new TaskCancelledException(taskName);
    }
    ChannelEvent e = scan();
    if (e != null) {
      return e;
    }
    long deadline = System.nanoTime() + Math.max(0, maxWaitNanos);
    while (true) {
      fetch(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
      e = scan();
      if (e != null || System.nanoTime() - deadline >= 0) {
        return e;
      }
    }
  }

  private void fetch(Duration timeout) {
    ConsumerRecords<byte[], byte[]> records;
    try {
      commitPositions();
      records = consumer.poll(timeout);
    } catch (InterruptException e) {
      TaskCancelledException c = new TaskCancelledException(taskName);
      c.addSuppressed(e);
      throw c;
    } catch (InvalidOffsetException e) {
      throw new WeirException(taskName + ": the start offsets of partitions " + e.partitions()
          + " are no longer in the exchange topics (trimmed or deleted while the epoch ran?): "
          + e.getMessage(), e, channels[0].exchange().toChain().name(), subtask);
    }
    for (TopicPartition tp : records.partitions()) {
      int c = indexOf.get(tp);
      ArrayDeque<Pending> queue = buffered.get(c);
      for (ConsumerRecord<byte[], byte[]> r : records.records(tp)) {
        if (frames[c].epochOf(r, subtask) != epoch) {
          dropped++;
          continue;
        }
        queue.add(new Pending(frames[c].decode(r, subtask), r.offset() + 1));
      }
      updatePause(c);
    }
  }

  /**
   * Commits the positions that changed since the last commit, unless that was less than
   * {@link #COMMIT_INTERVAL_MILLIS} ago. A retriable failure only delays the writers (the next
   * commit carries newer positions); another one fails the task, naming the group.
   */
  private void commitPositions() {
    Exception failure = commitFailure;
    if (failure != null) {
      throw new WeirException(taskName + ": committing its exchange positions under group '"
          + readerGroup + "' failed: " + failure + ". The writers of its channels wait for these "
          + "commits; grant the workers' principal READ on the group (ACLs) and check the "
          + "brokers' logs", failure, channels[0].exchange().toChain().name(), subtask);
    }
    long now = System.nanoTime();
    if (readerGroup == null
        || now - lastCommitNanos < TimeUnit.MILLISECONDS.toNanos(COMMIT_INTERVAL_MILLIS)) {
      return;
    }
    Map<TopicPartition, OffsetAndMetadata> changed = new HashMap<>();
    for (int c = 0; c < channels.length; c++) {
      long p = positions.get(c);
      if (p != committed[c]) {
        changed.put(channels[c].partition(), new OffsetAndMetadata(p, commitMetadata));
        committed[c] = p;
      }
    }
    if (changed.isEmpty()) {
      return;
    }
    lastCommitNanos = now;
    consumer.commitAsync(changed, (offsets, error) -> {
      if (error == null) {
        return;
      }
      if (error instanceof RetriableException) {
        LOG.debug("{}: committing exchange positions {} failed, retried with the next: {}",
            taskName, offsets, error.toString());
        // Committed again with the next change (or at once if nothing changes).
        offsets.keySet().forEach(tp -> committed[indexOf.get(tp)] = -1);
      } else {
        commitFailure = error;
      }
    });
  }

  private ChannelEvent scan() {
    int n = channels.length;
    for (int i = 0; i < n; i++) {
      int c = next + i;
      if (c >= n) {
        c -= n;
      }
      if (blocked[c]) {
        continue;
      }
      Pending p = buffered.get(c).poll();
      if (p != null) {
        last = c;
        next = c + 1 == n ? 0 : c + 1;
        positions.set(c, p.nextOffset());
        if (p.event() == EndOfInput.INSTANCE) {
          ended[c] = true;
        }
        updatePause(c);
        return p.event();
      }
    }
    return null;
  }

  /** Pauses a channel's partition while it is blocked, ended or full; resumes it otherwise. */
  private void updatePause(int c) {
    boolean pause = blocked[c] || ended[c] || buffered.get(c).size() >= MAX_BUFFERED_EVENTS;
    if (pause != paused[c]) {
      Set<TopicPartition> tp = Set.of(channels[c].partition());
      if (pause) {
        consumer.pause(tp);
      } else {
        consumer.resume(tp);
      }
      paused[c] = pause;
    }
  }

  @Override
  public int lastChannel() {
    return last;
  }

  @Override
  public void block(int channel) {
    blocked[channel] = true;
    updatePause(channel);
  }

  @Override
  public void unblockAll() {
    Arrays.fill(blocked, false);
    for (int c = 0; c < channels.length; c++) {
      updatePause(c);
    }
  }

  /**
   * Per channel, in channel order, the offset after the last event {@link #poll} returned (the
   * start offset before the first): what precedes it may be trimmed.
   */
  public Map<TopicPartition, Long> positions() {
    Map<TopicPartition, Long> m = new LinkedHashMap<>();
    for (int c = 0; c < channels.length; c++) {
      m.put(channels[c].partition(), positions.get(c));
    }
    return m;
  }

  /** Records dropped because another epoch wrote them. */
  public long droppedStaleRecords() {
    return dropped;
  }

  /**
   * Closes the consumer. On an interrupted thread the consumer still closes; the interrupt
   * stays set for the caller to see.
   */
  @Override
  public void close() {
    try {
      consumer.close();
    } catch (InterruptException e) {
      // The consumer released its resources before reporting the interrupt, and Kafka's
      // InterruptException has set the thread's interrupt flag again: the signal is kept.
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "input gate of " + taskName + " at epoch " + epoch;
  }
}
