package dev.weir.io.kafka.internal.source;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;

/** The offsets at which partitions without a checkpointed position start. */
final class StartOffsets {
  private StartOffsets() {
  }

  /**
   * Where {@code tps} start under {@code start}: their earliest or end offsets, or the first
   * record at or after {@code timestamp} (the end offset where there is none).
   */
  static Map<TopicPartition, Long> of(Consumer<byte[], byte[]> consumer,
      List<TopicPartition> tps, SourceSpec.Start start, long timestamp) {
    if (tps.isEmpty()) {
      return Map.of();
    }
    switch (start) {
      case LATEST:
        return consumer.endOffsets(tps);
      case TIMESTAMP: {
        Map<TopicPartition, Long> query = new HashMap<>();
        for (TopicPartition tp : tps) {
          query.put(tp, timestamp);
        }
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
        Map<TopicPartition, Long> ends = consumer.endOffsets(tps);
        Map<TopicPartition, Long> out = new HashMap<>();
        for (TopicPartition tp : tps) {
          OffsetAndTimestamp o = found.get(tp);
          out.put(tp, o != null ? o.offset() : ends.get(tp));
        }
        return out;
      }
      default:
        return consumer.beginningOffsets(tps);
    }
  }}
