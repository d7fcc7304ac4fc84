package dev.weir.io.kafka.internal.sink;

import dev.weir.sdk.io.SinkContext;
import dev.weir.sdk.io.SinkWriter;
import dev.weir.sdk.types.Coder;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exactly-once writer of a {@link dev.weir.io.kafka.KafkaSink} subtask: stages records in
 * memory, hands them to the checkpoint as a {@link KafkaCommittable}, and writes each
 * committable in one Kafka transaction with its commit marker when its checkpoint completes.
 * See the class comment of {@code KafkaSink} for the protocol.
 */
public final class TransactionalWriter<T> implements SinkWriter<T, KafkaCommittable> {
  private static final Logger LOG = LoggerFactory.getLogger(TransactionalWriter.class);

  private final SinkSettings<T> settings;
  private final SinkContext context;
  private final String transactionalId;
  private final String writerId = UUID.randomUUID().toString();
  /** Producers by transactional id: this subtask's own, and others' while re-committing them. */
  private final Map<String, KafkaProducer<byte[], byte[]>> producers = new HashMap<>();
  private final CommitMarkers markers;
  private List<StagedRecord> staged = new ArrayList<>();
  /** With latestPerKey: the index in {@code staged} of each key's record. */
  private final Map<ByteBuffer, Integer> stagedIndex = new HashMap<>();

  public TransactionalWriter(SinkSettings<T> settings, SinkContext context) {
    this.settings = settings;
    this.context = context;
    this.transactionalId = transactionalId(settings.transactionalIdPrefix(), context.jobName(),
        context.stepName(), context.subtaskIndex());
    this.markers = new CommitMarkers(settings.clientProperties(), settings.timeout());
  }

  /** {@code <prefix>-<job>-<step>-<subtask>}. */
  public static String transactionalId(String prefix, String job, String step, int subtask) {
    return prefix + "-" + job + "-" + step + "-" + subtask;
  }

  @Override
  public Coder<KafkaCommittable> committableCoder() {
    return KafkaCommittableCoder.INSTANCE;
  }

  @Override
  public void open(List<KafkaCommittable> pending) throws IOException {
    SinkTopic.ensure(settings, context.stepName());
    // Taking the transactional id fences a zombie of an earlier attempt and aborts its open
    // transaction, if any.
    producer(transactionalId);
  }

  @Override
  public void write(T value, long timestamp) {
    StagedRecord r = settings.toRecord(value, timestamp, context.stepName());
    byte[] key = r.key();
    if (settings.latestPerKey() && key != null) {
      Integer at = stagedIndex.putIfAbsent(ByteBuffer.wrap(key), staged.size());
      if (at != null) {
        staged.set(at, r);
        return;
      }
    }
    staged.add(r);
  }

  @Override
  public KafkaCommittable prepareCommit(long checkpointId) {
    if (staged.isEmpty()) {
      return null;
    }
    KafkaCommittable c = new KafkaCommittable(transactionalId, writerId, checkpointId, staged,
        settings.topic());
    staged = new ArrayList<>();
    stagedIndex.clear();
    return c;
  }

  @Override
  public void commit(KafkaCommittable c) throws IOException {
    try {
      // Take the transactional id first: that fences a zombie producer of a failed attempt
      // and completes or aborts its transaction, so the marker read next cannot change after.
      KafkaProducer<byte[], byte[]> producer = producer(c.transactionalId());
      // Our own committables are committed in order by this instance: none of them is in
      // Kafka yet. Restored ones may have committed before the failure: the marker tells.
      // A restored committable goes to the topic it was staged for (another job's sink may
      // have written elsewhere).
      String topic = c.topicOr(settings.topic());
      if (!c.writerId().equals(writerId) && markers.isCommitted(c, topic)) {
        LOG.info("sink step '{}' subtask {}: checkpoint {}'s transaction ({}, {} records) had "
                + "committed before the restore", context.stepName(), context.subtaskIndex(),
            c.checkpointId(), c.transactionalId(), c.records().size());
        releaseForeign(c.transactionalId());
        return;
      }
      producer.beginTransaction();
      try {
        for (StagedRecord r : c.records()) {
          producer.send(new ProducerRecord<>(topic, null,
              r.timestamp() == Long.MIN_VALUE ? null : r.timestamp(), r.key(), r.value()));
        }
        producer.sendOffsetsToTransaction(
            Map.of(CommitMarkers.partition(topic),
                CommitMarkers.marker(c.writerId(), c.checkpointId())),
            new ConsumerGroupMetadata(c.transactionalId()));
        producer.commitTransaction();
      } catch (ProducerFencedException e) {
        throw fenced(c.transactionalId(), e);
      } catch (KafkaException e) {
        abortQuietly(producer, e);
        throw e;
      }
      releaseForeign(c.transactionalId());
    } catch (org.apache.kafka.common.errors.InterruptException e) {
      throw new InterruptedIOException("interrupted while committing to Kafka topic '"
          + settings.topic() + "'");
    } catch (KafkaException e) {
      throw new IOException("sink step '" + context.stepName() + "' could not commit checkpoint "
          + c.checkpointId() + "'s " + c.records().size() + " records to topic '"
          + c.topicOr(settings.topic())
          + "' (transactional id '" + c.transactionalId() + "'): " + rootCause(e), e);
    }
  }

  /** Closes the producer of a subtask that no longer exists (fewer subtasks now), if any. */
  private void releaseForeign(String id) {
    if (!id.equals(transactionalId)) {
      KafkaProducer<byte[], byte[]> p = producers.remove(id);
      if (p != null) {
        p.close(Duration.ZERO);
      }
    }
  }

  private IllegalStateException fenced(String id, ProducerFencedException e) {
    return new IllegalStateException("sink step '" + context.stepName() + "': the producer of "
        + "transactional id '" + id + "' was fenced: another producer took the id (is a second "
        + "job with the same job name, step name and transactional id prefix running? give each "
        + "a unique prefix), or the broker aborted the transaction because it ran longer than the "
        + "producer's transaction.timeout.ms (raise it with KafkaSink.builder(...).property("
        + "\"transaction.timeout.ms\", ...))", e);
  }

  private static void abortQuietly(KafkaProducer<byte[], byte[]> producer, Exception cause) {
    try {
      producer.abortTransaction();
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
    }
  }

  @Override
  public void abort() {
    staged = new ArrayList<>();
    stagedIndex.clear();
  }

  /** The innermost cause's class and message: Kafka wraps the useful one several times. */
  static String rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t == e ? String.valueOf(e.getMessage())
        : e.getMessage() + " (cause: " + t.getClass().getSimpleName() + ": " + t.getMessage() + ")";
  }

  /**
   * Closes every producer, each on its own: a failure or an interrupt (a cancelled task)
   * must not leak the others. The first failure is thrown after all were closed.
   */
  @Override
  public void close() {
    boolean interrupted = Thread.interrupted();
    RuntimeException first = null;
    try {
      for (KafkaProducer<byte[], byte[]> p : producers.values()) {
        try {
          p.close(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
          if (first == null) {
            first = e;
          } else {
            first.addSuppressed(e);
          }
        }
      }
      producers.clear();
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    if (first != null) {
      throw first;
    }
  }


  private KafkaProducer<byte[], byte[]> producer(String id) throws IOException {
    KafkaProducer<byte[], byte[]> p = producers.get(id);
    if (p == null) {
      try {
        p = new KafkaProducer<>(settings.producerProperties(id, id + "-" + context.attempt()));
        p.initTransactions();
      } catch (KafkaException e) {
        if (p != null) {
          p.close(Duration.ZERO);
        }
        throw new IOException("sink step '" + context.stepName() + "' could not start a "
            + "transactional producer '" + id + "' for topic '" + settings.topic() + "' at "
            + settings.bootstrapServers() + ": " + e.getMessage(), e);
      }
      producers.put(id, p);
    }
    return p;
  }
}
