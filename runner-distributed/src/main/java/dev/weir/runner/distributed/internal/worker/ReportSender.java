package dev.weir.runner.distributed.internal.worker;

import dev.weir.runner.distributed.internal.protocol.ProtocolCodec;
import dev.weir.runner.distributed.internal.protocol.TaskReport;
import dev.weir.runtime.checkpoint.CheckpointResponder;
import dev.weir.runtime.checkpoint.TaskId;
import dev.weir.runtime.snapshot.TaskSnapshot;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a job's task reports to its reports topic (one partition, so the coordinator reads them
 * in the order each task sent them). Shared by the job's tasks on one worker.
 */
final class ReportSender {
  private static final Logger LOG = LoggerFactory.getLogger(ReportSender.class);

  private final KafkaProducer<byte[], byte[]> producer;
  private final String topic;

  ReportSender(KafkaProducer<byte[], byte[]> producer, String topic) {
    this.producer = producer;
    this.topic = topic;
  }

  /** Sends {@code report}; a failed send is logged (the coordinator's timeout covers a lost ack). */
  void send(TaskReport report) {
    producer.send(new ProducerRecord<>(topic, 0, null, ProtocolCodec.encode(report)), (md, e) -> {
      if (e != null) {
        LOG.warn("Sending {} of {} to {} failed: {}", report.getClass().getSimpleName(),
            report.task(), topic, e.toString());
      }
    });
  }

  /**
   * The responder of one task in one epoch.
   *
   * @param flushOutputs makes every record the task sent so far durable in its exchange
   *     partitions, or throws: a checkpoint is acknowledged only once what preceded its barriers
   *     is safely written
   */
  CheckpointResponder responder(long epoch, TaskId task, Supplier<Map<String, Long>> positions,
      Runnable flushOutputs) {
    return new CheckpointResponder() {
      @Override
      public void acknowledge(TaskId t, long checkpointId, TaskSnapshot snapshot) {
        long t0 = System.nanoTime();
        try {
          flushOutputs.run();
          LOG.debug("Task {}: checkpoint {} output flushed in {} ms", t, checkpointId,
              (System.nanoTime() - t0) / 1_000_000);
        } catch (RuntimeException e) {
          LOG.warn("Task {} declines checkpoint {}: its output could not be written: {}", t,
              checkpointId, e.toString());
          send(new TaskReport.Decline(epoch, t, checkpointId, "output not written: " + e));
          return;
        }
        send(new TaskReport.Ack(epoch, t, checkpointId, snapshot, positions.get()));
      }

      @Override
      public void decline(TaskId t, long checkpointId, Throwable cause) {
        send(new TaskReport.Decline(epoch, t, checkpointId, cause.toString()));
      }

      @Override
      public void recordsRead(long n) {
        // Count-based triggers are not offered by the distributed runner (see docs/distributed.md).
      }

      @Override
      public void inputEnded(TaskId t) {
        send(new TaskReport.InputEnded(epoch, t));
      }
    };
  }
}
