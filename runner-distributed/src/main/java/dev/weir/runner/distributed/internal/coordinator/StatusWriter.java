package dev.weir.runner.distributed.internal.coordinator;

import dev.weir.runner.distributed.internal.ClusterTopics;
import dev.weir.runner.distributed.internal.protocol.CompletedCheckpoint;
import dev.weir.runner.distributed.internal.protocol.JobStatus;
import dev.weir.runner.distributed.internal.protocol.ProtocolCodec;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes job status to the cluster's compacted status topic (what {@code weir jobs list} and a
 * client's {@code PipelineResult} read) and removes ended jobs' definitions from the jobs topic,
 * so that a worker started later does not join them; appends completed checkpoints to the
 * job's checkpoint history.
 */
public final class StatusWriter {
  private static final Logger LOG = LoggerFactory.getLogger(StatusWriter.class);

  private final KafkaProducer<byte[], byte[]> producer;
  private final ClusterTopics topics;

  public StatusWriter(KafkaProducer<byte[], byte[]> producer, ClusterTopics topics) {
    this.producer = producer;
    this.topics = topics;
  }

  /** Writes the job's status and waits until the broker has it (status changes are rare). */
  public void write(JobStatus status) {
    send(topics.status(), status.jobId(), ProtocolCodec.encode(status));
  }

  /** Writes a status without subtasks: {@code write(new JobStatus(...))} with the time now. */
  public void write(String jobId, String state, long epoch, int restarts, long latestCheckpoint,
      String failure, Map<String, String> subtaskWorkers) {
    write(new JobStatus(jobId, state, epoch, restarts, latestCheckpoint, failure,
        System.currentTimeMillis(), subtaskWorkers));
  }

  /**
   * Appends a completed checkpoint to the job's history, without waiting: a lost record costs
   * a line of history, never the checkpoint (whose manifest is stored already).
   */
  public void checkpointCompleted(String jobId, CompletedCheckpoint checkpoint) {
    String topic = topics.checkpoints(jobId);
    producer.send(new ProducerRecord<>(topic, 0, Long.toString(checkpoint.metrics()
        .checkpointId()).getBytes(StandardCharsets.UTF_8), ProtocolCodec.encode(checkpoint)),
        (metadata, error) -> {
          if (error != null) {
            LOG.warn("Recording checkpoint {} of job '{}' in {} failed: {}",
                checkpoint.metrics().checkpointId(), jobId, topic, error.toString());
          }
        });
  }

  /** Tombstones the job's definition. */
  public void removeDefinition(String jobId) {
    send(topics.jobs(), jobId, null);
  }

  private void send(String topic, String key, byte[] value) {
    try {
      producer.send(new ProducerRecord<>(topic, 0, key.getBytes(StandardCharsets.UTF_8), value))
          .get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("Writing to {} for job '{}' failed: {}", topic, key, e.toString());
    }
  }
}
