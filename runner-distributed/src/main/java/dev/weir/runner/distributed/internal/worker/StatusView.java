package dev.weir.runner.distributed.internal.worker;

import dev.weir.runner.distributed.internal.ClusterTopics;
import dev.weir.runner.distributed.internal.protocol.JobStatus;
import dev.weir.runner.distributed.internal.protocol.ProtocolCodec;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The latest status of every job of a cluster, kept up to date from the status topic; callers
 * may wait for a change.
 */
public final class StatusView implements AutoCloseable {
  private final Map<String, JobStatus> latest = new ConcurrentHashMap<>();
  private final TopicTail tail;

  public StatusView(Map<String, Object> kafka, ClusterTopics topics) {
    this.tail = new TopicTail(kafka, topics.status(), -1, "weir-status-view", this::onStatus);
  }

  public StatusView start() {
    tail.start();
    return this;
  }

  private void onStatus(ConsumerRecord<byte[], byte[]> r) {
    if (r.key() == null) {
      return;
    }
    String jobId = new String(r.key(), StandardCharsets.UTF_8);
    if (r.value() == null) {
      latest.remove(jobId);
    } else {
      latest.put(jobId, ProtocolCodec.decodeJobStatus(r.value()));
    }
    synchronized (this) {
      notifyAll();
    }
  }

  /** Reads the whole status topic now: the latest status of every job. */
  public static Map<String, JobStatus> scan(Map<String, Object> kafka, ClusterTopics topics) {
    org.apache.kafka.common.TopicPartition tp = new org.apache.kafka.common.TopicPartition(
        topics.status(), 0);
    Map<String, JobStatus> out = new TreeMap<>();
    try (org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]> c =
        new org.apache.kafka.clients.consumer.KafkaConsumer<>(TopicTail.props(kafka, "weir-status-scan"))) {
      c.assign(java.util.List.of(tp));
      c.seekToBeginning(java.util.List.of(tp));
      long end = c.endOffsets(java.util.List.of(tp)).get(tp);
      while (c.position(tp) < end) {
        for (ConsumerRecord<byte[], byte[]> r : c.poll(java.time.Duration.ofMillis(200))) {
          if (r.key() == null) {
            continue;
          }
          String id = new String(r.key(), StandardCharsets.UTF_8);
          if (r.value() == null) {
            out.remove(id);
          } else {
            out.put(id, ProtocolCodec.decodeJobStatus(r.value()));
          }
        }
      }
    }
    return out;
  }

  public Optional<JobStatus> get(String jobId) {
    return Optional.ofNullable(latest.get(jobId));
  }

  public Map<String, JobStatus> all() {
    return new TreeMap<>(latest);
  }

  /** Waits up to {@code millis} for the next status change. */
  public synchronized void awaitChange(long millis) throws InterruptedException {
    if (millis > 0) {
      wait(millis);
    }
  }

  @Override
  public void close() {
    tail.close();
  }
}
