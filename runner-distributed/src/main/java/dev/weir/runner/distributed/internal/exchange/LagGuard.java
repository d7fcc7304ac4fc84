package dev.weir.runner.distributed.internal.exchange;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds how far a writer of an exchange channel runs ahead of its reader: the backpressure of
 * the distributed runner. Readers commit their position in each channel (the offset after the
 * last event their task took) as an offset of the job's reader group, tagged with the epoch
 * ({@link #commitMetadata}); a writer that is more than {@code limit} frames ahead of the
 * reader's committed position of the same epoch waits until it is not. Without it a source
 * fills the exchange topics as fast as the broker takes records, and every barrier waits behind
 * that backlog: checkpoints, the first visible output and recovery all take as long as the
 * backlog takes to read.
 *
 * <p>Only record frames wait ({@link Lane#beforeRecords()}); barriers, watermarks and
 * end-of-input never do. Since a task sends a barrier on every output channel before any record
 * after it, a reader that blocks a channel during alignment has had that channel's barrier, and
 * the writers it still waits for can always write their barrier: waiting cannot deadlock on a
 * job's acyclic graph.
 *
 * <p>One guard serves every channel of a worker. It reads the committed positions with the
 * worker's admin client, only while some writer waits, every {@link #REFRESH_MILLIS} ms.
 * Commits of another epoch (an earlier epoch's, a paused zombie's) are ignored: until the reader
 * of this epoch commits, a writer takes the epoch's start offset as the reader's position.
 */
public final class LagGuard implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LagGuard.class);

  /** Frames a writer may be ahead of its reader by default. */
  public static final int DEFAULT_LIMIT = 16;

  /** How often committed positions are read while a writer waits. */
  static final long REFRESH_MILLIS = 20;

  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

  private record Key(String group, TopicPartition partition) {
  }

  private final Admin admin;
  private final int limit;
  private final Object lock = new Object();
  /** Keys some writer waits on, with how many writers wait on each. */
  private final Map<Key, Integer> waiting = new HashMap<>();
  /** The latest committed position read per key (any epoch). */
  private final Map<Key, OffsetAndMetadata> committed = new HashMap<>();
  private final Thread refresher;
  private boolean closed;
  private long refreshes;

  /**
   * @param admin the client committed offsets are read with (not closed by the guard)
   * @param limit frames a writer may be ahead of its reader
   */
  public LagGuard(Admin admin, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("the exchange lag limit must be at least 1 frame, not "
          + limit);
    }
    this.admin = admin;
    this.limit = limit;
    this.refresher = new Thread(this::refreshLoop, "weir-exchange-lag-guard");
    this.refresher.setDaemon(true);
    this.refresher.start();
  }

  /** The metadata a reader commits its positions of {@code epoch} with. */
  public static String commitMetadata(long epoch) {
    return "weir-epoch=" + epoch;
  }

  /** The frames a writer may be ahead of its reader. */
  public int limit() {
    return limit;
  }

  /**
   * The flow control of one channel: written by one task's thread.
   *
   * @param readerGroup the group the channel's reader commits its position under
   * @param partition the channel's partition
   * @param epoch the epoch both ends run
   * @param startOffset the partition's offset at the epoch's start (where its reader starts)
   */
  public Lane lane(String readerGroup, TopicPartition partition, long epoch, long startOffset) {
    return new Lane(new Key(readerGroup, partition), commitMetadata(epoch), startOffset);
  }

  /** The writer's side of one channel. */
  public final class Lane {
    private final Key key;
    private final String tag;
    /** The offset the next frame gets, if no other writer wrote the partition meanwhile. */
    private long next;
    /** The reader's latest known position. */
    private long reader;
    /** Nanoseconds of waits that ended (written by the writer only). */
    private volatile long waitedNanos;
    /** {@code System.nanoTime()} when the writer started waiting, or 0. */
    private volatile long waitingSince;

    private Lane(Key key, String tag, long startOffset) {
      this.key = key;
      this.tag = tag;
      this.next = startOffset;
      this.reader = startOffset;
    }

    /**
     * Called before a frame of records is written: returns at once while the writer is at most
     * {@code limit} frames ahead of its reader, else waits until the reader's committed
     * position allows the frame.
     *
     * @throws InterruptedException if the writing thread is interrupted while it waits (the
     *     task is being cancelled)
     */
    public void beforeRecords() throws InterruptedException {
      if (next - reader >= limit) {
        long start = System.nanoTime();
        waitingSince = start;
        try {
          reader = awaitReader(key, tag, next - limit + 1);
        } finally {
          waitingSince = 0;
          waitedNanos += System.nanoTime() - start;
        }
      }
      next++;
    }

    /**
     * Nanoseconds the writer has waited in {@link #beforeRecords()} so far, including a wait in
     * progress: the channel's backpressure, as a local channel measures it. Read by any thread.
     */
    public long waitedNanos() {
      long since = waitingSince;
      long waited = waitedNanos;
      return since == 0 ? waited : waited + Math.max(0, System.nanoTime() - since);
    }

    /** Called after a control frame is written (it counts towards the partition's offsets). */
    public void afterControl() {
      next++;
    }

    @Override
    public String toString() {
      return "lane " + key.partition() + " (reader group " + key.group() + ", next " + next
          + ", reader at " + reader + ")";
    }
  }

  /** Waits until the reader's committed position of the epoch is at least {@code atLeast}. */
  private long awaitReader(Key key, String tag, long atLeast) throws InterruptedException {
    synchronized (lock) {
      waiting.merge(key, 1, Integer::sum);
      lock.notifyAll();
      try {
        while (true) {
          if (closed) {
            throw new InterruptedException("the exchange lag guard is closed");
          }
          OffsetAndMetadata c = committed.get(key);
          if (c != null && tag.equals(c.metadata()) && c.offset() >= atLeast) {
            return c.offset();
          }
          lock.wait();
        }
      } finally {
        waiting.merge(key, -1, (a, b) -> a + b == 0 ? null : a + b);
      }
    }
  }

  private void refreshLoop() {
    long failures = 0;
    while (true) {
      Map<String, Set<TopicPartition>> wanted = new HashMap<>();
      synchronized (lock) {
        while (!closed && waiting.isEmpty()) {
          try {
            lock.wait();
          } catch (InterruptedException e) {
            return;
          }
        }
        if (closed) {
          return;
        }
        waiting.keySet().forEach(k ->
            wanted.computeIfAbsent(k.group(), g -> new HashSet<>()).add(k.partition()));
      }
      try {
        Map<Key, OffsetAndMetadata> read = read(wanted);
        synchronized (lock) {
          committed.putAll(read);
          refreshes++;
          lock.notifyAll();
        }
        failures = 0;
      } catch (InterruptedException e) {
        return;
      } catch (ExecutionException | TimeoutException | RuntimeException e) {
        // Writers keep waiting (a broker restart, say): their tasks are cancelled by a rollback
        // if the job cannot go on. Logged once per run of failures.
        if (failures++ == 0) {
          LOG.warn("Reading exchange readers' positions of groups {} failed (retrying every {} "
              + "ms; writers ahead of their readers wait meanwhile): {}", wanted.keySet(),
              REFRESH_MILLIS, e.toString());
        }
      }
      try {
        Thread.sleep(REFRESH_MILLIS); // polls remote state: the brokers do not push commits
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private Map<Key, OffsetAndMetadata> read(Map<String, Set<TopicPartition>> wanted)
      throws InterruptedException, ExecutionException, TimeoutException {
    Map<String, ListConsumerGroupOffsetsSpec> specs = new HashMap<>();
    wanted.forEach((g, tps) -> specs.put(g,
        new ListConsumerGroupOffsetsSpec().topicPartitions(List.copyOf(tps))));
    Map<String, Map<TopicPartition, OffsetAndMetadata>> all = admin.listConsumerGroupOffsets(specs)
        .all().get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    Map<Key, OffsetAndMetadata> out = new HashMap<>();
    all.forEach((g, offsets) -> offsets.forEach((tp, om) -> {
      if (om != null) {
        out.put(new Key(g, tp), om);
      }
    }));
    return out;
  }

  /** How many times committed positions were read (for tests that wait for a fresh read). */
  long refreshes() {
    synchronized (lock) {
      return refreshes;
    }
  }

  /** Stops the refresher; writers that wait are released with an {@link InterruptedException}. */
  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
      lock.notifyAll();
    }
    refresher.interrupt();
  }
}
