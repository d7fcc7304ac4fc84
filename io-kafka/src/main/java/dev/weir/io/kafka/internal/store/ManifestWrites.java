package dev.weir.io.kafka.internal.store;

import java.io.IOException;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * How {@link ManifestLog} puts records into the manifest topic: through the store's shared
 * idempotent producer ({@link IdempotentManifestWrites}), or through a transactional producer
 * that a newer owner of its transactional id can fence ({@link TransactionalManifestWrites}).
 */
public interface ManifestWrites {

  /**
   * Writes {@code records} and returns once they are durable.
   *
   * @param what what the write does, for messages, naming the job and the checkpoints
   *     ("writing the manifest of checkpoint 3 of job 'orders'")
   * @throws IOException naming {@code what} and the topic if the write failed
   */
  void write(List<ProducerRecord<byte[], byte[]>> records, String what) throws IOException;
}
