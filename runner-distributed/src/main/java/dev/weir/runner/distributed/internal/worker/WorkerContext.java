package dev.weir.runner.distributed.internal.worker;

import dev.weir.runner.distributed.internal.ClusterTopics;
import dev.weir.sdk.checkpoint.CheckpointStore;
import dev.weir.sdk.spi.FaultInjector;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;

/** What a worker lends the jobs it runs. */
interface WorkerContext {
  String name();

  ClusterTopics topics();

  Map<String, Object> kafka();

  Admin admin();

  /** The cluster's checkpoint store (blobs; listing). */
  CheckpointStore store();

  /**
   * Takes blobs a subtask acknowledged as finished in the store (see
   * {@code KafkaCheckpointStore.acceptFinishedBlobs}).
   */
  void acceptFinishedBlobs(java.util.Collection<dev.weir.sdk.checkpoint.StateHandle> handles);

  /** A view of the store whose manifest writes are fenced by {@code transactionalId}. */
  CheckpointStore fencedStore(String transactionalId) throws java.io.IOException;

  int slots();

  int sessionTimeoutMs();

  FaultInjector faults();

  /** The processing-time clock of the subtasks. */
  java.time.Clock clock();

  /** The flow control of the exchange channels this worker writes. */
  dev.weir.runner.distributed.internal.exchange.LagGuard lagGuard();

  /** Producer properties for exchanges and reports (idempotent, ordered per partition). */
  Map<String, Object> producerProps(String clientId);
}
