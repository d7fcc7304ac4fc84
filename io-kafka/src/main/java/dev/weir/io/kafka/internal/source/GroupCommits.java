package dev.weir.io.kafka.internal.source;

import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Offsets a Kafka source commits to a consumer group for monitoring, kept per checkpoint until
 * it completes; at most {@value #MAX_PENDING} checkpoints wait, the oldest are dropped first.
 * Bookkeeping only: committing is the reader's.
 */
final class GroupCommits {

  /** Pending group commits kept for checkpoints that did not complete yet. */
  static final int MAX_PENDING = 16;

  private final TreeMap<Long, Map<TopicPartition, OffsetAndMetadata>> pending = new TreeMap<>();

  /** Keeps {@code offsets} until checkpoint {@code checkpointId} completes. */
  void add(long checkpointId, Map<TopicPartition, OffsetAndMetadata> offsets) {
    pending.put(checkpointId, Map.copyOf(offsets));
    while (pending.size() > MAX_PENDING) {
      pending.pollFirstEntry();
    }
  }

  /**
   * The offsets of completed checkpoint {@code checkpointId} (empty if none are kept); forgets
   * them and those of every older checkpoint.
   */
  Map<TopicPartition, OffsetAndMetadata> complete(long checkpointId) {
    Map<TopicPartition, OffsetAndMetadata> offsets = pending.get(checkpointId);
    pending.headMap(checkpointId, true).clear();
    return offsets == null ? Map.of() : offsets;
  }
}
