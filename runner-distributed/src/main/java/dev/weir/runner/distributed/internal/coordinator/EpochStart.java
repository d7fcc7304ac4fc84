package dev.weir.runner.distributed.internal.coordinator;

import dev.weir.runner.distributed.internal.ClusterTopics;
import dev.weir.runner.distributed.internal.exchange.ExchangeTopics;
import dev.weir.runner.distributed.internal.protocol.ProtocolCodec;
import dev.weir.runner.distributed.internal.worker.TopicTail;
import dev.weir.runtime.checkpoint.RestoreLoader;
import dev.weir.runtime.checkpoint.RestoreScope;
import dev.weir.sdk.checkpoint.CheckpointManifest;
import dev.weir.sdk.checkpoint.CheckpointStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Where an epoch starts, read before its {@code START} is published: the checkpoint it
 * restores, the exchange topics' end offsets (its readers start there, and everything below is
 * trimmed), the offsets from which the coordinator reads reports and requests, and a stop
 * request an earlier epoch did not finish. Reads the store and the job's topics; writes nothing.
 *
 * @param restored the checkpoint every subtask restores, or null for empty state
 * @param exchangeEnds the end offset of every exchange partition of the job
 * @param reportsFrom the reports topic's end offset: the new epoch's reports come after it
 * @param requestsFrom the requests topic's end offset: new client requests come after it
 * @param pendingStop the first stop request before {@code requestsFrom}, if any: a stop asked
 *     of an earlier epoch that rolled back before it stopped, served by this one
 */
record EpochStart(CheckpointManifest restored, Map<TopicPartition, Long> exchangeEnds,
    long reportsFrom, long requestsFrom, Optional<ConsumerRecord<byte[], byte[]>> pendingStop) {

  /** Reads where epoch {@code epoch} of the job starts. */
  static EpochStart read(JobCoordinator.Context ctx, CheckpointStore store, long epoch)
      throws Exception {
    CheckpointManifest restored = RestoreLoader.select(store, ctx.plan(),
        ctx.allowNonRestoredState(), restoreScope(ctx, store, epoch)).orElse(null);
    Map<TopicPartition, Long> exchangeEnds = ExchangeTopics.endOffsets(ctx.admin(), ctx.topics(),
        ctx.jobId(), ctx.plan());
    TopicPartition reports = reportsPartition(ctx);
    TopicPartition requests = requestsPartition(ctx);
    OffsetSpec latest = OffsetSpec.latest();
    var ends = ctx.admin().listOffsets(Map.of(reports, latest, requests, latest)).all().get();
    long requestsFrom = ends.get(requests).offset();
    return new EpochStart(restored, exchangeEnds, ends.get(reports).offset(), requestsFrom,
        pendingStop(ctx, requests.topic(), requestsFrom));
  }

  /**
   * Which checkpoints the epoch may restore. A job started from a savepoint (imported into the
   * store as its first checkpoint) resumes from the store's newest checkpoint; any other starts
   * empty. A restart restores the job's own checkpoints, or the savepoint it started from.
   */
  private static RestoreScope restoreScope(JobCoordinator.Context ctx, CheckpointStore store,
      long epoch) throws java.io.IOException {
    RestoreScope scope = ctx.resume() ? RestoreScope.resuming(ctx.jobId())
        : RestoreScope.fresh(ctx.jobId());
    if (epoch > 1) {
      scope.restored(ctx.resume() ? importedSavepoint(ctx, store) : null);
    }
    return scope;
  }

  /** The savepoint a resumed job started from: its checkpoint 1 in the store, if kept. */
  private static CheckpointManifest importedSavepoint(JobCoordinator.Context ctx,
      CheckpointStore store) throws java.io.IOException {
    return store.manifest(ctx.plan().jobName(), 1).filter(CheckpointManifest::savepoint)
        .orElse(null);
  }

  /** The first stop request on the requests topic before {@code end}, if any. */
  private static Optional<ConsumerRecord<byte[], byte[]>> pendingStop(JobCoordinator.Context ctx,
      String topic, long end) {
    List<ConsumerRecord<byte[], byte[]>> stops = new ArrayList<>();
    TopicTail.scan(ctx.kafka(), topic, "weir-" + ctx.jobId() + "-pending-requests", r -> {
      if (r.offset() < end && ProtocolCodec.decodeJobRequest(r.value()).kind().stops()) {
        stops.add(r);
      }
    });
    return stops.stream().findFirst();
  }

  /** The exchange start offset of each channel, keyed as {@code START} carries them. */
  Map<String, Long> startOffsets() {
    return ClusterTopics.offsetsByKey(exchangeEnds);
  }

  /** From where the requests topic is kept: the pending stop stays until the job ends. */
  long requestsKeptFrom() {
    return pendingStop.map(ConsumerRecord::offset).orElse(requestsFrom);
  }

  /** The id of the restored checkpoint, or -1 for empty state. */
  long restoredId() {
    return restored == null ? -1 : restored.checkpointId();
  }

  static TopicPartition reportsPartition(JobCoordinator.Context ctx) {
    return new TopicPartition(ctx.topics().reports(ctx.jobId()), 0);
  }

  static TopicPartition requestsPartition(JobCoordinator.Context ctx) {
    return new TopicPartition(ctx.topics().requests(ctx.jobId()), 0);
  }
}
