package dev.weir.examples.bench;

import dev.weir.io.kafka.KafkaCheckpointStore;
import dev.weir.io.kafka.testing.EmbeddedKafkaBroker;
import dev.weir.sdk.checkpoint.BlobWriter;
import dev.weir.sdk.checkpoint.CheckpointManifest;
import dev.weir.sdk.checkpoint.CheckpointStore;
import dev.weir.sdk.checkpoint.StateHandle;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * A {@link KafkaCheckpointStore} on an {@link EmbeddedKafkaBroker} of its own, started in this
 * JVM: the benchmarks' {@code --store kafka}. Closing the store stops the broker and deletes
 * its files.
 */
final class EmbeddedBrokerStore implements CheckpointStore {
  private final EmbeddedKafkaBroker broker;
  private final KafkaCheckpointStore store;

  private EmbeddedBrokerStore(EmbeddedKafkaBroker broker, KafkaCheckpointStore store) {
    this.broker = broker;
    this.store = store;
  }

  /** Starts a broker and opens a store on it. */
  static EmbeddedBrokerStore start() {
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
    try {
      return new EmbeddedBrokerStore(broker, KafkaCheckpointStore.create(broker.clientProperties()));
    } catch (RuntimeException e) {
      broker.close();
      throw e;
    }
  }

  @Override
  public BlobWriter openBlob(String jobId, long checkpointId) throws IOException {
    return store.openBlob(jobId, checkpointId);
  }

  @Override
  public InputStream openBlob(StateHandle handle) throws IOException {
    return store.openBlob(handle);
  }

  @Override
  public void writeManifest(CheckpointManifest manifest) throws IOException {
    store.writeManifest(manifest);
  }

  @Override
  public void prepare(String jobId) throws IOException {
    store.prepare(jobId);
  }

  @Override
  public List<CheckpointManifest> listCheckpoints(String jobId) throws IOException {
    return store.listCheckpoints(jobId);
  }

  @Override
  public Optional<CheckpointManifest> manifest(String jobId, long checkpointId) throws IOException {
    return store.manifest(jobId, checkpointId);
  }

  @Override
  public long highestCheckpointId(String jobId) throws IOException {
    return store.highestCheckpointId(jobId);
  }

  @Override
  public void discard(String jobId, Collection<Long> checkpointIds,
      Collection<StateHandle> unreferencedHandles) throws IOException {
    store.discard(jobId, checkpointIds, unreferencedHandles);
  }

  @Override
  public List<String> jobs() throws IOException {
    return store.jobs();
  }

  @Override
  public void close() throws IOException {
    try {
      store.close();
    } finally {
      broker.close();
    }
  }

  @Override
  public String toString() {
    return "EmbeddedBrokerStore(" + store + ")";
  }
}
