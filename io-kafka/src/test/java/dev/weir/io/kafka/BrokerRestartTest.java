package dev.weir.io.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.io.kafka.testing.EmbeddedKafkaBroker;
import dev.weir.sdk.checkpoint.BlobWriter;
import dev.weir.sdk.checkpoint.CheckpointManifest;
import dev.weir.sdk.checkpoint.StateHandle;
import dev.weir.sdk.checkpoint.StepSnapshot;
import dev.weir.sdk.checkpoint.KeyedStateHandles;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A store keeps checkpointing after the broker restarts under it. */
class BrokerRestartTest {

  private static StateHandle write(KafkaCheckpointStore store, long id, byte[] content)
      throws IOException {
    try (BlobWriter out = store.openBlob("job", id)) {
      out.write(content);
      return out.finish();
    }
  }

  private static CheckpointManifest manifest(long id, StateHandle handle) {
    return new CheckpointManifest("job", id, id, "plan", 4, false, List.of(new StepSnapshot(
        "count", List.of(KeyedStateHandles.full(0, 3, handle)), List.of(), Map.of())));
  }

  @Test
  void theStoreKeepsWorkingAfterABrokerRestart() throws IOException {
    try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start();
        KafkaCheckpointStore store = KafkaCheckpointStore.builder(kafka.clientProperties())
            .topicPrefix("restart-").build()) {
      byte[] one = new byte[700_000];
      one[12345] = 1;
      StateHandle h1 = write(store, 1, one);
      CheckpointManifest m1 = manifest(1, h1);
      store.writeManifest(m1);

      kafka.restart();

      StateHandle h2 = write(store, 2, new byte[] {2});
      CheckpointManifest m2 = manifest(2, h2);
      store.writeManifest(m2);
      assertThat(store.listCheckpoints("job")).containsExactly(m1, m2);
      assertThat(store.readBlob(h1)).isEqualTo(one);
      try (KafkaCheckpointStore fresh = KafkaCheckpointStore.builder(kafka.clientProperties())
          .topicPrefix("restart-").build()) {
        assertThat(fresh.listCheckpoints("job")).containsExactly(m1, m2);
        assertThat(fresh.readBlob(h2)).containsExactly(2);
      }
    }
  }
}
