package dev.weir.io.kafka.internal.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** Which partitions a subtask reads; no broker. */
class PartitionOwnershipTest {

  private static List<PartitionInfo> partitions(String topic, int n) {
    List<PartitionInfo> out = new ArrayList<>();
    for (int p = n - 1; p >= 0; p--) {
      out.add(new PartitionInfo(topic, p, null, null, null));
    }
    return out;
  }

  @Test
  void everyPartitionHasExactlyOneOwnerAndAddingPartitionsMovesNone() {
    int parallelism = 3;
    for (int p = 0; p < 12; p++) {
      int owners = 0;
      for (int s = 0; s < parallelism; s++) {
        owners += new PartitionOwnership(List.of("t"), null, s, parallelism).owns("t", p) ? 1 : 0;
      }
      assertThat(owners).as("owners of t-" + p).isEqualTo(1);
      assertThat(PartitionOwnership.owner("t", p, parallelism))
          .isEqualTo(Math.floorMod("t".hashCode() + p, parallelism));
    }
  }

  @Test
  void onlyWantedTopicsCountAndTheResultIsSorted() {
    Map<String, List<PartitionInfo>> listing = Map.of("b", partitions("b", 3),
        "a", partitions("a", 2), "other", partitions("other", 4));
    List<TopicPartition> owned =
        new PartitionOwnership(List.of("a", "b"), null, 0, 1).ownedOf(listing);
    assertThat(owned).containsExactly(new TopicPartition("a", 0), new TopicPartition("a", 1),
        new TopicPartition("b", 0), new TopicPartition("b", 1), new TopicPartition("b", 2));
  }

  @Test
  void aPatternMatchesWholeNamesAndNeverInternalTopics() {
    Map<String, List<PartitionInfo>> listing = Map.of("orders-eu", partitions("orders-eu", 1),
        "orders-eu-dlq", partitions("orders-eu-dlq", 1),
        "__orders-internal", partitions("__orders-internal", 1));
    assertThat(new PartitionOwnership(List.of(), Pattern.compile("_*orders-[a-z]+"), 0, 1)
        .ownedOf(listing)).containsExactly(new TopicPartition("orders-eu", 0));
  }
}
