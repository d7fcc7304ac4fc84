package dev.weir.io.kafka.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.junit.jupiter.api.Test;

/** What in an existing topic's configuration would lose checkpoints; no broker. */
class TopicProvisionerTest {

  @Test
  void theConfigurationTheStoreCreatesHasNoProblems() {
    List<ConfigEntry> entries = TopicProvisioner.TOPIC_CONFIG.entrySet().stream()
        .map(e -> new ConfigEntry(e.getKey(), e.getValue())).toList();
    assertThat(TopicProvisioner.problems("s", new Config(entries), "key")).isEmpty();
  }

  @Test
  void timeRetentionAndCompactionAreNamedWithTheFix() {
    Config config = new Config(List.of(new ConfigEntry("retention.ms", "604800000"),
        new ConfigEntry("retention.bytes", "-1"),
        new ConfigEntry("cleanup.policy", "compact,delete")));
    List<String> problems = TopicProvisioner.problems("team-state", config,
        "weir.checkpoint.state.topic");
    assertThat(problems).hasSize(2);
    assertThat(problems.get(0)).contains("'team-state'", "retention.ms=604800000",
        "Set retention.ms=-1", "weir.checkpoint.state.topic");
    assertThat(problems.get(1)).contains("'team-state'", "cleanup.policy=compact,delete",
        "cleanup.policy=delete");
  }

  @Test
  void sizeRetentionIsNamed() {
    Config config = new Config(List.of(new ConfigEntry("retention.bytes", "1073741824")));
    assertThat(TopicProvisioner.problems("m", config, "k")).singleElement().asString()
        .contains("retention.bytes=1073741824");
  }
}
