package dev.weir.sdk.checkpoint;

import dev.weir.sdk.checkpoint.InMemoryCheckpointStore;

/**
 * Factories for the checkpoint stores the sdk ships. Stores that need other libraries live in
 * their own modules: {@code ChronicleQueueCheckpointStore} in {@code weir-io-files},
 * {@code KafkaCheckpointStore} in {@code weir-io-kafka}.
 */
public final class CheckpointStores {

  private CheckpointStores() {}

  /**
   * A new, empty store that keeps everything on the heap of this JVM, for tests. It is
   * thread-safe and frees discarded blobs at once; its data is gone when it is closed or the JVM
   * exits.
   */
  public static CheckpointStore inMemory() {
    return new InMemoryCheckpointStore();
  }
}
