package dev.weir.runner.distributed.internal.coordinator;

import dev.weir.runner.distributed.internal.protocol.ControlMessage;
import dev.weir.runner.distributed.internal.protocol.ProtocolCodec;
import dev.weir.runner.distributed.internal.worker.TopicTail;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The coordinator's side of a job's control topic: one transactional producer whose
 * {@code initTransactions} fences every earlier coordinator of the job, so a deposed
 * coordinator's triggers and completions never become visible; and the reading of the last
 * {@code START} (which holds the job's epoch and restart count).
 */
final class ControlLog implements AutoCloseable {
  private final KafkaProducer<byte[], byte[]> producer;
  private final String topic;

  ControlLog(Map<String, Object> kafka, String topic, String transactionalId) {
    this.topic = topic;
    Map<String, Object> props = new java.util.HashMap<>(kafka);
    props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    props.put(ProducerConfig.CLIENT_ID_CONFIG, transactionalId);
    this.producer = new KafkaProducer<>(props);
    this.producer.initTransactions();
  }

  /**
   * Publishes {@code m} in a transaction of its own; returns its offset. Synchronized: the
   * coordinator's threads (its own, the reports thread's checkpoint notifications, the
   * background end of the job) publish through one producer, which runs one transaction at a
   * time.
   */
  synchronized long publish(ControlMessage m) {
    producer.beginTransaction();
    try {
      RecordMetadata md = producer.send(new ProducerRecord<>(topic, 0, null,
          ProtocolCodec.encode(m))).get();
      producer.commitTransaction();
      return md.offset();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      abortQuietly();
      throw new IllegalStateException("interrupted while publishing " + m, e);
    } catch (java.util.concurrent.ExecutionException e) {
      abortQuietly();
      if (e.getCause() instanceof org.apache.kafka.common.errors.ProducerFencedException fenced) {
        throw fenced;
      }
      throw new IllegalStateException("publishing " + m + " to " + topic + " failed: "
          + e.getCause(), e.getCause());
    }
  }

  private void abortQuietly() {
    try {
      producer.abortTransaction();
    } catch (RuntimeException ignored) {
      // fenced or closed: nothing of the transaction is visible either way
    }
  }

  /** The last committed {@code START} in the topic, if any. */
  static Optional<ControlMessage.Start> lastStart(Map<String, Object> kafka, String topic) {
    TopicPartition tp = new TopicPartition(topic, 0);
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(TopicTail.props(kafka,
        "weir-control-scan"))) {
      c.assign(List.of(tp));
      c.seekToBeginning(List.of(tp));
      long end = c.endOffsets(List.of(tp)).get(tp);
      ControlMessage.Start last = null;
      while (c.position(tp) < end) {
        for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
          ControlMessage m = ProtocolCodec.decodeControlMessage(r.value());
          if (m instanceof ControlMessage.Start s) {
            last = s;
          }
        }
      }
      return Optional.ofNullable(last);
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
