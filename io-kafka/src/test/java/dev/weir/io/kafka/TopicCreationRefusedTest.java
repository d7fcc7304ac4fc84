package dev.weir.io.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.io.kafka.testing.EmbeddedKafkaExtension;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.server.policy.CreateTopicPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A cluster that forbids creating the store's topics gets a clear error; existing topics work. */
class TopicCreationRefusedTest {

  /** Refuses every topic whose name starts with {@code forbidden-}. */
  public static final class NoForbiddenTopics implements CreateTopicPolicy {
    @Override
    public void validate(RequestMetadata request) throws PolicyViolationException {
      if (request.topic().startsWith("forbidden-")) {
        throw new PolicyViolationException("topic " + request.topic() + " is forbidden here");
      }
    }

    @Override
    public void configure(Map<String, ?> configs) {}

    @Override
    public void close() {}
  }

  @RegisterExtension
  static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension(
      Map.of("create.topic.policy.class.name", NoForbiddenTopics.class.getName()));

  @Test
  void refusedCreationNamesTheTopicAndTheConfigKey() throws IOException {
    try (KafkaCheckpointStore store = KafkaCheckpointStore.builder(KAFKA.clientProperties())
        .stateTopic("forbidden-state").manifestTopic("allowed-manifests").build()) {
      assertThatThrownBy(() -> store.openBlob("job", 1)).isInstanceOf(IOException.class)
          .hasMessageContaining("'forbidden-state'")
          .hasMessageContaining(KafkaCheckpointStore.STATE_TOPIC_CONFIG)
          .hasMessageContaining("is forbidden here");
    }
  }

  @Test
  void topicsThatAlreadyExistAreUsed() throws Exception {
    try (Admin admin = Admin.create(KAFKA.clientProperties())) {
      admin.createTopics(List.of(new NewTopic("pre-state", 1, (short) 1),
          new NewTopic("pre-manifests", 1, (short) 1))).all().get();
    }
    try (KafkaCheckpointStore store = KafkaCheckpointStore.builder(KAFKA.clientProperties())
        .topicPrefix("pre-").replicationFactor((short) 1).build()) {
      assertThat(store.highestCheckpointId("job")).isZero();
      store.openBlob("job", 3).close();
      assertThat(store.highestCheckpointId("job")).isEqualTo(3);
      assertThat(store.jobs()).containsExactly("job");
    }
  }
}
