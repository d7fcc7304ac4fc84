package dev.weir.io.kafka.internal.store;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;

/**
 * Manifest-topic writes through the store's shared idempotent producer, without a transaction:
 * visible to every reader as soon as they are acknowledged (the local runner's path).
 * Thread-safe.
 */
public final class IdempotentManifestWrites implements ManifestWrites {

  private final Producer<byte[], byte[]> producer;
  private final StoreSettings settings;

  /** Writes through {@code producer}, which belongs to the store. */
  public IdempotentManifestWrites(Producer<byte[], byte[]> producer, StoreSettings settings) {
    this.producer = producer;
    this.settings = settings;
  }

  @Override
  public void write(List<ProducerRecord<byte[], byte[]>> records, String what)
      throws IOException {
    String topic = settings.manifestTopic();
    List<Future<RecordMetadata>> sent = new ArrayList<>();
    try {
      for (ProducerRecord<byte[], byte[]> r : records) {
        sent.add(producer.send(r));
      }
      producer.flush();
    } catch (KafkaException e) {
      throw new IOException(what + " to topic '" + topic + "' failed: " + e, e);
    }
    for (Future<RecordMetadata> f : sent) {
      ClusterCalls.await(f, settings.timeout(), what + " to topic '" + topic + "'");
    }
  }
}
