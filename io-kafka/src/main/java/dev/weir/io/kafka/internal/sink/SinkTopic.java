package dev.weir.io.kafka.internal.sink;

import dev.weir.io.kafka.internal.TopicLeaders;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** Checks, before the first record, that the sink's topic exists, and creates it if asked. */
final class SinkTopic {
  private SinkTopic() {
  }

  static void ensure(SinkSettings<?> settings, String step) throws IOException {
    String topic = settings.topic();
    long timeoutMs = settings.timeout().toMillis();
    try (Admin admin = Admin.create(settings.clientProperties())) {
      try {
        admin.describeTopics(List.of(topic)).allTopicNames().get(timeoutMs, TimeUnit.MILLISECONDS);
        return;
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
          throw new IOException("sink step '" + step + "' cannot look up topic '" + topic + "' at "
              + settings.bootstrapServers() + ": " + e.getCause().getMessage(), e.getCause());
        }
      }
      if (settings.createPartitions() <= 0) {
        throw new IOException("sink step '" + step + "': topic '" + topic + "' does not exist at "
            + settings.bootstrapServers() + "; create it (kafka-topics.sh --create --topic " + topic
            + ") or let the sink create it with KafkaSink.builder(...).createTopicIfMissing(partitions)");
      }
      try {
        admin.createTopics(List.of(new NewTopic(topic, Optional.of(settings.createPartitions()),
            Optional.empty()))).all().get(timeoutMs, TimeUnit.MILLISECONDS);
        TopicLeaders.await(admin, List.of(topic), settings.timeout(), settings.bootstrapServers());
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw new IOException("sink step '" + step + "' could not create topic '" + topic + "' at "
              + settings.bootstrapServers() + " (createTopicIfMissing): " + e.getCause().getMessage()
              + "; create it yourself or grant the CREATE permission", e.getCause());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while looking up topic '" + topic + "'");
    } catch (TimeoutException e) {
      throw new IOException("sink step '" + step + "' could not reach the Kafka cluster at "
          + settings.bootstrapServers() + " within " + Duration.ofMillis(timeoutMs)
          + " to look up topic '" + topic + "'", e);
    }
  }
}
