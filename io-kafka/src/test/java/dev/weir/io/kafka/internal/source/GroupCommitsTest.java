package dev.weir.io.kafka.internal.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** Offsets kept for monitoring commits until their checkpoint completes. */
class GroupCommitsTest {

  private static Map<TopicPartition, OffsetAndMetadata> at(long offset) {
    return Map.of(new TopicPartition("t", 0), new OffsetAndMetadata(offset));
  }

  @Test
  void aCompletedCheckpointGivesItsOffsetsAndForgetsOlderOnes() {
    GroupCommits commits = new GroupCommits();
    commits.add(1, at(10));
    commits.add(2, at(20));
    commits.add(3, at(30));
    assertThat(commits.complete(2)).isEqualTo(at(20));
    assertThat(commits.complete(1)).as("older than a completed one").isEmpty();
    assertThat(commits.complete(3)).isEqualTo(at(30));
  }

  @Test
  void onlyTheNewestCheckpointsWait() {
    GroupCommits commits = new GroupCommits();
    for (long id = 1; id <= GroupCommits.MAX_PENDING + 2; id++) {
      commits.add(id, at(id));
    }
    assertThat(commits.complete(2)).as("dropped").isEmpty();
    assertThat(commits.complete(3)).isEqualTo(at(3));
  }
}
