package dev.weir.io.kafka.internal.source;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Which partitions one subtask of a Kafka source reads: partition {@code p} of topic {@code t}
 * belongs to subtask {@code floorMod(t.hashCode() + p, parallelism)}, so added partitions and
 * topics never move existing ones. A pure decision.
 *
 * @param topics the explicit topics, or empty when {@code pattern} is set
 * @param pattern the topic pattern, or null; internal topics ({@code __...}) never match
 * @param subtask this subtask, from 0
 * @param parallelism the number of subtasks
 */
record PartitionOwnership(List<String> topics, Pattern pattern, int subtask, int parallelism) {

  /** The subtask that reads a partition. */
  static int owner(String topic, int partition, int parallelism) {
    return Math.floorMod(topic.hashCode() + partition, parallelism);
  }

  /** Whether this subtask reads {@code partition} of {@code topic}. */
  boolean owns(String topic, int partition) {
    return owner(topic, partition, parallelism) == subtask;
  }

  /** The partitions of the wanted topics among {@code listing} this subtask owns, sorted. */
  List<TopicPartition> ownedOf(Map<String, List<PartitionInfo>> listing) {
    List<TopicPartition> out = new ArrayList<>();
    for (String topic : new TreeSet<>(listing.keySet())) {
      if (!wants(topic)) {
        continue;
      }
      for (PartitionInfo p : listing.get(topic)) {
        if (owns(topic, p.partition())) {
          out.add(new TopicPartition(topic, p.partition()));
        }
      }
    }
    out.sort(Comparator.comparing(TopicPartition::topic)
        .thenComparingInt(TopicPartition::partition));
    return out;
  }

  private boolean wants(String topic) {
    return pattern != null
        ? !topic.startsWith("__") && pattern.matcher(topic).matches()
        : topics.contains(topic);
  }
}
