package dev.weir.sdk.spi;

/**
 * Test hooks where a task can be made to fail on purpose. Each hook throws to inject a
 * failure; the default implementation never does.
 */
public interface FaultInjector {
  /** Never injects anything. */
  FaultInjector NONE = new FaultInjector() {
  };

  /** Before the {@code recordIndex}-th record (from 0) of {@code step}'s subtask is processed. */
  default void beforeRecord(String step, int subtask, long recordIndex) {
  }

  /** When {@code step}'s subtask takes its snapshot of checkpoint {@code checkpointId}. */
  default void atBarrier(String step, int subtask, long checkpointId) {
  }

  /** While the subtask whose chain starts at {@code step} writes checkpoint {@code checkpointId}. */
  default void duringAsyncWrite(String step, int subtask, long checkpointId) {
  }

  /**
   * After the subtask whose chain starts at {@code step} wrote checkpoint
   * {@code checkpointId}'s blobs, before it acknowledges (so before the manifest exists).
   */
  default void afterAsyncWrite(String step, int subtask, long checkpointId) {
  }

  /**
   * When sink step {@code step}'s subtask learns that checkpoint {@code checkpointId} completed,
   * before it commits: a failure here is the window where a checkpoint is durable but its
   * output is not yet visible.
   */
  default void beforeCommit(String step, int subtask, long checkpointId) {
  }

  /** Whether any per-record hook is active; lets the task skip per-record calls. */
  default boolean active() {
    return false;
  }
}
