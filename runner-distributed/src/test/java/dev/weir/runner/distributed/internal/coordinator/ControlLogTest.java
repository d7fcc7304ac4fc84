package dev.weir.runner.distributed.internal.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.io.kafka.testing.EmbeddedKafkaExtension;
import dev.weir.runner.distributed.internal.protocol.ControlMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The coordinator publishes control messages from several threads (its own, the reports
 * thread's checkpoint notifications, the background end of the job) through one transactional
 * producer: every message must be published, none may fail on another's open transaction.
 */
class ControlLogTest {
  @RegisterExtension
  static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

  @Test
  void publishesFromSeveralThreadsAtOnce() throws Exception {
    String topic = "control-log-test";
    try (Admin admin = Admin.create(KAFKA.clientProperties())) {
      admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
    }
    int threads = 4;
    int each = 20;
    Set<Long> offsets = ConcurrentHashMap.newKeySet();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try (ControlLog log = new ControlLog(KAFKA.clientProperties(), topic, "control-log-test")) {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        long epoch = t + 1;
        done.add(pool.submit((Callable<Void>) () -> {
          go.await();
          for (int i = 0; i < each; i++) {
            offsets.add(log.publish(new ControlMessage.Finish(epoch)));
          }
          return null;
        }));
      }
      go.countDown();
      for (Future<?> f : done) {
        f.get(); // throws if a publish failed
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(offsets).as("one offset per published message").hasSize(threads * each);
  }
}
