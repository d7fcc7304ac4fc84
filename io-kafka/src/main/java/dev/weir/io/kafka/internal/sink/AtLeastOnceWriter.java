package dev.weir.io.kafka.internal.sink;

import dev.weir.sdk.io.SinkContext;
import dev.weir.sdk.io.SinkWriter;
import dev.weir.sdk.types.Coder;
import dev.weir.sdk.types.Types;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InterruptException;

/**
 * The at-least-once writer of a {@link dev.weir.io.kafka.KafkaSink} subtask: sends each record
 * right away with an idempotent producer; a checkpoint waits until all are acknowledged, so a
 * restore re-sends at most the records after it.
 */
public final class AtLeastOnceWriter<T> implements SinkWriter<T, Long> {
  private final SinkSettings<T> settings;
  private final SinkContext context;
  private final AtomicReference<Exception> sendFailure = new AtomicReference<>();
  private KafkaProducer<byte[], byte[]> producer;

  public AtLeastOnceWriter(SinkSettings<T> settings, SinkContext context) {
    this.settings = settings;
    this.context = context;
  }

  @Override
  public Coder<Long> committableCoder() {
    return Types.LONG;
  }

  @Override
  public void open(java.util.List<Long> pending) throws IOException {
    SinkTopic.ensure(settings, context.stepName());
    try {
      producer = new KafkaProducer<>(settings.producerProperties(null,
          "weir-" + context.jobName() + "-" + context.stepName() + "-" + context.subtaskIndex()));
    } catch (KafkaException e) {
      throw new IOException("sink step '" + context.stepName() + "' could not create a producer "
          + "for topic '" + settings.topic() + "' at " + settings.bootstrapServers() + ": "
          + e.getMessage(), e);
    }
  }

  @Override
  public void write(T value, long timestamp) throws IOException {
    checkSends();
    StagedRecord r = settings.toRecord(value, timestamp, context.stepName());
    producer.send(new ProducerRecord<>(settings.topic(), null,
        timestamp == Long.MIN_VALUE ? null : timestamp, r.key(), r.value()), (md, e) -> {
          if (e != null) {
            sendFailure.compareAndSet(null, e);
          }
        });
  }

  @Override
  public Long prepareCommit(long checkpointId) throws IOException {
    try {
      producer.flush();
    } catch (InterruptException e) {
      throw new InterruptedIOException("interrupted while flushing to topic '" + settings.topic() + "'");
    }
    checkSends();
    return null;
  }

  private void checkSends() throws IOException {
    Exception e = sendFailure.get();
    if (e != null) {
      throw new IOException("sink step '" + context.stepName() + "' could not write to topic '"
          + settings.topic() + "': " + e.getMessage(), e);
    }
  }

  @Override
  public void commit(Long committable) {
  }

  @Override
  public void close() {
    if (producer != null) {
      boolean interrupted = Thread.interrupted();
      try {
        producer.close(Duration.ofSeconds(5));
      } finally {
        producer = null;
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }
}
