package dev.weir.io.kafka;

import dev.weir.io.kafka.internal.TopicLeaders;
import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import org.apache.kafka.clients.admin.Admin;

/**
 * Helpers for applications and tools that create the topics a job reads and writes.
 *
 * <pre>{@code
 * admin.createTopics(List.of(new NewTopic("lines", 4, (short) 3))).all().get();
 * KafkaTopics.awaitLeaders(admin, List.of("lines"), Duration.ofSeconds(60));
 * }</pre>
 */
public final class KafkaTopics {

  private KafkaTopics() {
  }

  /**
   * Returns once every partition of {@code topics} has a leader: a topic that was just created
   * is not at once in the metadata of every broker, and a first write may fail meanwhile.
   *
   * @throws IOException if that takes longer than {@code timeout}; the message names the topics
   */
  public static void awaitLeaders(Admin admin, Collection<String> topics, Duration timeout)
      throws IOException {
    TopicLeaders.await(admin, topics, timeout, "the Kafka cluster");
  }
}
