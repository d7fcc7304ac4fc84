package dev.weir.io.kafka;

import dev.weir.io.kafka.testing.EmbeddedKafkaExtension;
import dev.weir.sdk.checkpoint.CheckpointStore;
import dev.weir.sdk.checkpoint.CheckpointStoreContractTest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The store contract on a fenced view ({@link KafkaCheckpointStore#fencedFor}) of a store on a
 * real in-JVM broker. A reopen is a new store and a new view with the same transactional id,
 * which fences the earlier one.
 */
class FencedKafkaCheckpointStoreTest extends CheckpointStoreContractTest {

  @RegisterExtension
  static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

  private static final AtomicInteger TESTS = new AtomicInteger();
  private final Map<Path, String> prefixes = new ConcurrentHashMap<>();
  private final List<KafkaCheckpointStore> stores = new CopyOnWriteArrayList<>();

  @Override
  protected CheckpointStore createStore(Path dir) throws IOException {
    String prefix = prefixes.computeIfAbsent(dir, d -> "fenced-" + TESTS.incrementAndGet() + "-");
    KafkaCheckpointStore store =
        KafkaCheckpointStore.builder(KAFKA.clientProperties()).topicPrefix(prefix).build();
    stores.add(store);
    return store.fencedFor("weir.test." + prefix + "coordinator");
  }

  @Override
  protected boolean isDurable() {
    return true;
  }

  @AfterEach
  void closeStores() throws IOException {
    for (KafkaCheckpointStore s : stores) {
      s.close();
    }
  }
}
