package dev.weir.runner.distributed.internal.membership;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker's membership in one job's consumer group, on a thread of its own: joins the
 * group, keeps polling (no record is ever written to the task topic; polling keeps the member
 * alive), and turns the group's callbacks into calls on a {@link Handler}. A rebalance first
 * revokes everything ({@link Handler#revoked}, which must stop every subtask before it
 * returns), then assigns ({@link Handler#assigned}).
 *
 * <p>{@link #requestRebalance()} (any thread) makes the member rejoin: with the eager protocol
 * that revokes every member's partitions, so the whole job rolls back. {@link #close()} leaves
 * the group at once, so the others take over without waiting for the session timeout.
 */
public final class JobMembership implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JobMembership.class);

  /** What the member is told. Called on the membership thread. */
  public interface Handler {
    /** Everything this member held is revoked (or lost): stop it before returning. */
    void revoked();

    /**
     * This member now holds {@code partitions} (task-topic partition numbers) of rebalance
     * {@code rebalanceId}.
     */
    void assigned(String rebalanceId, int generation, Set<Integer> partitions, int missingSlots,
        Map<Integer, String> workers);
  }

  private final String jobId;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final String topic;
  private final Handler handler;
  private final Thread thread;
  private volatile boolean rebalanceRequested;
  private volatile boolean closing;
  // Set by the assignor's callback, consumed by onPartitionsAssigned (both on this thread).
  private String rebalanceId;
  private int generation;
  private int missingSlots;
  private Map<Integer, String> workers = Map.of();

  /**
   * @param kafka client properties (bootstrap servers, security ...)
   * @param sessionTimeoutMs how long the group waits for a silent member before moving its work
   */
  public JobMembership(Map<String, Object> kafka, String jobId, String group, String topic,
      String worker, int slots, int sessionTimeoutMs, Handler handler) {
    this.jobId = jobId;
    this.topic = topic;
    this.handler = handler;
    Map<String, Object> props = new HashMap<>(kafka);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    props.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic");
    props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, List.of(WeirAssignor.class));
    props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, sessionTimeoutMs);
    // Rebalances reach the other members at their next heartbeat: keep it short.
    props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Math.max(100, Math.min(1000, sessionTimeoutMs / 3)));
    props.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 300_000);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "weir-" + worker + "-" + jobId + "-member");
    props.put(WeirAssignor.LISTENER_CONFIG, (WeirAssignor.Listener) (id, gen, missing, w, parts) -> {
      rebalanceId = id;
      generation = gen;
      missingSlots = missing;
      workers = w;
    });
    props.put(WeirAssignor.SLOTS_CONFIG, slots);
    props.put(WeirAssignor.WORKER_CONFIG, worker);
    this.consumer = new KafkaConsumer<>(props);
    this.thread = new Thread(this::loop, "weir-" + jobId + "-membership");
    this.thread.setDaemon(true);
  }

  public void start() {
    thread.start();
  }

  /** Makes this member rejoin the group: every member of the job rolls back. */
  public void requestRebalance() {
    rebalanceRequested = true;
    consumer.wakeup();
  }

  private void loop() {
    try {
      consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
          if (!partitions.isEmpty()) {
            handler.revoked();
          }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
          LOG.warn("Job '{}': this worker lost its subtasks (it was silent past the session "
              + "timeout, or the group moved on without it); stopping them", jobId);
          handler.revoked();
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
          Set<Integer> ps = new TreeSet<>();
          partitions.forEach(tp -> ps.add(tp.partition()));
          if (rebalanceId == null) {
            return;
          }
          handler.assigned(rebalanceId, generation, ps, missingSlots, workers);
        }
      });
      while (!closing) {
        if (rebalanceRequested) {
          rebalanceRequested = false;
          LOG.info("Job '{}': asking the group to rebalance (global rollback)", jobId);
          consumer.enforceRebalance("weir: a subtask of the job failed");
        }
        try {
          consumer.poll(Duration.ofMillis(200));
        } catch (WakeupException e) {
          // requestRebalance or close
        }
      }
    } catch (RuntimeException e) {
      if (!closing) {
        LOG.error("Job '{}': the membership of this worker failed: {}", jobId, e.toString(), e);
        handler.revoked();
      }
    } finally {
      try {
        consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(10)));
      } catch (RuntimeException e) {
        LOG.warn("Job '{}': leaving the group failed: {}", jobId, e.toString());
      }
    }
  }

  /** Leaves the group (the others take over at once) and waits for the thread to end. */
  @Override
  public void close() {
    closing = true;
    consumer.wakeup();
    if (Thread.currentThread() != thread) {
      try {
        thread.join(20_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
