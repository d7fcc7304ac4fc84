package dev.weir.runner.distributed.internal.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.io.kafka.testing.EmbeddedKafkaExtension;
import dev.weir.runner.distributed.internal.ClusterTopics;
import dev.weir.runtime.plan.Exchange;
import dev.weir.runtime.plan.PhysicalPlan;
import dev.weir.runtime.task.Watermark;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Creating, measuring and trimming a job's exchange topics on a real broker. */
class ExchangeTopicsTest {
  @RegisterExtension
  static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

  private static final ClusterTopics TOPICS = new ClusterTopics("test");

  private static Admin admin;

  @BeforeAll
  static void clients() {
    admin = Admin.create(KAFKA.clientProperties());
  }

  @AfterAll
  static void close() {
    admin.close();
  }

  @Test
  void ensureCreatesEveryExchangeTopicWithOnePartitionPerChannelAndIsIdempotent()
      throws Exception {
    PhysicalPlan plan = ExchangeFixture.plan("created");
    ExchangeTopics.ensure(admin, TOPICS, "created", plan, (short) 1);
    ExchangeTopics.ensure(admin, TOPICS, "created", plan, (short) 1);

    List<String> names = plan.exchanges().stream().map(e -> TOPICS.exchange("created", e)).toList();
    Map<String, TopicDescription> d = admin.describeTopics(names).allTopicNames().get();
    // words (1) -> upper (2): 2 channels; upper (2) -> count (2) by key: 4 channels.
    assertThat(d.get(names.get(0)).partitions()).hasSize(2);
    assertThat(d.get(names.get(1)).partitions()).hasSize(4);
    assertThat(ExchangeTopics.partitions(TOPICS, "created", plan)).hasSize(6);
  }

  @Test
  void aTopicWithAnotherPartitionCountIsAnErrorNamingItAndBothCounts() throws Exception {
    PhysicalPlan plan = ExchangeFixture.plan("clash");
    String hashTopic = TOPICS.exchange("clash", ExchangeFixture.hash(plan));
    admin.createTopics(List.of(new NewTopic(hashTopic, Optional.of(3), Optional.empty())))
        .all().get();

    assertThatThrownBy(() -> ExchangeTopics.ensure(admin, TOPICS, "clash", plan, (short) 1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'" + hashTopic + "'")
        .hasMessageContaining("exists with 3 partitions")
        .hasMessageContaining("needs 4");
  }

  @Test
  void endOffsetsAndTrimming() throws Exception {
    PhysicalPlan plan = ExchangeFixture.plan("trimmed");
    ExchangeTopics.ensure(admin, TOPICS, "trimmed", plan, (short) 1);
    Exchange e = ExchangeFixture.rebalance(plan);
    TopicPartition written = new TopicPartition(TOPICS.exchange("trimmed", e), 1);
    try (Producer<byte[], byte[]> producer = ExchangeFixture.producer(KAFKA.clientProperties())) {
      KafkaOutputChannel c = new KafkaOutputChannel(producer, written.topic(), 1, 1,
          new ExchangeFrames(e, plan.maxParallelism()));
      for (int i = 0; i < 10; i++) {
        c.send(new Watermark(i));
      }
      c.flush();
    }

    Map<TopicPartition, Long> ends = ExchangeTopics.endOffsets(admin, TOPICS, "trimmed", plan);
    assertThat(ends).hasSize(6).containsEntry(written, 10L);
    assertThat(ends.entrySet().stream().filter(x -> !x.getKey().equals(written))
        .map(Map.Entry::getValue).collect(Collectors.toSet())).containsExactly(0L);

    ExchangeTopics.trim(admin, Map.of(written, 7L, new TopicPartition(written.topic(), 0), 0L));
    long earliest = admin.listOffsets(Map.of(written, OffsetSpec.earliest())).all().get()
        .get(written).offset();
    assertThat(earliest).isEqualTo(7);
    assertThat(ExchangeTopics.endOffsets(admin, TOPICS, "trimmed", plan)).containsEntry(written, 10L);

    // A gate started at the trimmed point reads what is left.
    try (KafkaInputGate gate = new KafkaInputGate(KAFKA.clientProperties(),
        List.of(new KafkaInputGate.Channel(written, 7, e)), 1, plan.maxParallelism(), 1)) {
      assertThat(ExchangeFixture.pollN(gate, 3)).extracting(ExchangeFixture.Received::event)
          .containsExactly(new Watermark(7), new Watermark(8), new Watermark(9));
    }

    assertThatThrownBy(() -> ExchangeTopics.trim(admin, Map.of(written, 50L)))
        .hasMessageContaining(written + "@50");
  }
}
