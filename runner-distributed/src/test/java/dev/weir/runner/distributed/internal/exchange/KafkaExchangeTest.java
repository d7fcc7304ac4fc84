package dev.weir.runner.distributed.internal.exchange;

import static dev.weir.runner.distributed.internal.exchange.ExchangeFixture.hash;
import static dev.weir.runner.distributed.internal.exchange.ExchangeFixture.pollFor;
import static dev.weir.runner.distributed.internal.exchange.ExchangeFixture.pollN;
import static dev.weir.runner.distributed.internal.exchange.ExchangeFixture.rebalance;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.io.kafka.testing.EmbeddedKafkaExtension;
import dev.weir.runner.distributed.internal.ClusterTopics;
import dev.weir.runner.distributed.internal.exchange.ExchangeFixture.Received;
import dev.weir.runtime.plan.Exchange;
import dev.weir.runtime.plan.PhysicalPlan;
import dev.weir.runtime.state.KeyGroups;
import dev.weir.runtime.task.Barrier;
import dev.weir.runtime.task.ChannelEvent;
import dev.weir.runtime.task.EndOfInput;
import dev.weir.runtime.task.RecordBatch;
import dev.weir.runtime.task.TaskCancelledException;
import dev.weir.runtime.task.Watermark;
import dev.weir.sdk.WeirException;
import dev.weir.sdk.types.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Exchange events through real topic partitions: output channels to input gates. */
class KafkaExchangeTest {
  @RegisterExtension
  static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

  private static final ClusterTopics TOPICS = new ClusterTopics("test");
  private static final AtomicInteger JOBS = new AtomicInteger();

  private static Admin admin;
  private static Producer<byte[], byte[]> producer;

  @BeforeAll
  static void clients() {
    admin = Admin.create(KAFKA.clientProperties());
    producer = ExchangeFixture.producer(KAFKA.clientProperties());
  }

  @AfterAll
  static void close() {
    producer.close();
    admin.close();
  }

  /** A fresh job: its plan, with its exchange topics created. */
  private record Job(String id, PhysicalPlan plan) {
    TopicPartition partition(Exchange e, int u, int d) {
      return new TopicPartition(TOPICS.exchange(id, e), ClusterTopics.exchangePartition(e, u, d));
    }

    KafkaOutputChannel channel(Exchange e, int u, int d, long epoch) {
      return new KafkaOutputChannel(producer, TOPICS.exchange(id, e),
          ClusterTopics.exchangePartition(e, u, d), epoch,
          new ExchangeFrames(e, plan.maxParallelism()));
    }
  }

  private static Job newJob() throws Exception {
    String id = "job" + JOBS.incrementAndGet();
    PhysicalPlan plan = ExchangeFixture.plan(id);
    ExchangeTopics.ensure(admin, TOPICS, id, plan, (short) 1);
    return new Job(id, plan);
  }

  private static KafkaInputGate gate(Job job, long epoch, int subtask,
      KafkaInputGate.Channel... channels) {
    return new KafkaInputGate(KAFKA.clientProperties(), List.of(channels), epoch,
        job.plan().maxParallelism(), subtask);
  }

  private static RecordBatch batch(boolean keyed, List<String> values, long firstTimestamp) {
    RecordBatch b = new RecordBatch(values.size(), false);
    for (int i = 0; i < values.size(); i++) {
      b.add(values.get(i), firstTimestamp + i);
    }
    return b;
  }

  @Test
  void everyEventKindCrossesAKeyedAndAnUnkeyedExchange() throws Exception {
    Job job = newJob();
    Exchange keyed = hash(job.plan());
    Exchange unkeyed = rebalance(job.plan());
    List<String> words = ExchangeFixture.wordsOwnedBy(1, 5);
    KafkaOutputChannel toKeyed = job.channel(keyed, 0, 1, 3);
    KafkaOutputChannel toUnkeyed = job.channel(unkeyed, 0, 1, 3);
    for (KafkaOutputChannel c : List.of(toKeyed, toUnkeyed)) {
      c.send(batch(false, words, 1_000));
      c.send(new Watermark(1_004));
      c.send(new Watermark(Watermark.IDLE));
      c.send(new Barrier(7, 1_234_567L));
      c.send(EndOfInput.INSTANCE);
    }
    toKeyed.flush();

    try (KafkaInputGate gate = gate(job, 3, 1,
        new KafkaInputGate.Channel(job.partition(keyed, 0, 1), 0, keyed),
        new KafkaInputGate.Channel(job.partition(unkeyed, 0, 1), 0, unkeyed))) {
      List<Received> got = pollN(gate, 10);
      for (int channel = 0; channel < 2; channel++) {
        int c = channel;
        List<ChannelEvent> events = got.stream().filter(r -> r.channel() == c)
            .map(Received::event).toList();
        assertThat(events).hasSize(5);
        RecordBatch b = (RecordBatch) events.get(0);
        assertThat(b.size()).isEqualTo(5);
        for (int i = 0; i < 5; i++) {
          assertThat(b.value(i)).isEqualTo(words.get(i));
          assertThat(b.timestamp(i)).isEqualTo(1_000 + i);
          if (c == 0) {
            assertThat(b.key(i)).isEqualTo(words.get(i));
            assertThat(b.keyGroup(i)).isEqualTo(KeyGroups.keyGroupOf(
                Types.STRING.hashOfEncoding(words.get(i)), ExchangeFixture.MAX_PARALLELISM));
          } else {
            assertThat(b.key(i)).isNull();
            assertThat(b.keyGroup(i)).isEqualTo(-1);
          }
        }
        assertThat(events.subList(1, 5)).containsExactly(new Watermark(1_004),
            new Watermark(Watermark.IDLE), new Barrier(7, 1_234_567L), EndOfInput.INSTANCE);
      }
      assertThat(gate.droppedStaleRecords()).isZero();
    }
  }

  @Test
  void eachChannelDeliversItsEventsInOrderExactlyOnce() throws Exception {
    Job job = newJob();
    Exchange e = hash(job.plan());
    List<String> words = ExchangeFixture.wordsOwnedBy(0, 3);
    int perChannel = 300;
    for (int u = 0; u < 2; u++) {
      KafkaOutputChannel c = job.channel(e, u, 0, 1);
      for (int i = 0; i < perChannel; i++) {
        // The timestamps number the batches of a channel: 3 records each.
        c.send(batch(false, words, 3L * i));
      }
      c.flush();
    }
    try (KafkaInputGate gate = gate(job, 1, 0,
        new KafkaInputGate.Channel(job.partition(e, 0, 0), 0, e),
        new KafkaInputGate.Channel(job.partition(e, 1, 0), 0, e))) {
      List<Received> got = pollN(gate, 2 * perChannel);
      for (int c = 0; c < 2; c++) {
        int channel = c;
        List<Long> firsts = got.stream().filter(r -> r.channel() == channel)
            .map(r -> ((RecordBatch) r.event()).timestamp(0)).toList();
        List<Long> expected = new ArrayList<>();
        for (int i = 0; i < perChannel; i++) {
          expected.add(3L * i);
        }
        assertThat(firsts).as("channel %d", c).containsExactlyElementsOf(expected);
      }
      assertThat(pollFor(gate, Duration.ofMillis(300))).as("nothing more").isEmpty();
      assertThat(gate.positions()).containsExactly(
          Map.entry(job.partition(e, 0, 0), (long) perChannel),
          Map.entry(job.partition(e, 1, 0), (long) perChannel));
    }
  }

  @Test
  void recordsOfOtherEpochsAfterTheStartOffsetAreDroppedAndCounted() throws Exception {
    Job job = newJob();
    Exchange e = rebalance(job.plan());
    TopicPartition tp = job.partition(e, 0, 0);
    KafkaOutputChannel epoch1 = job.channel(e, 0, 0, 1);
    for (int i = 0; i < 4; i++) {
      epoch1.send(new Watermark(i)); // before the start: never read
    }
    epoch1.flush();
    long start = ExchangeTopics.endOffsets(admin, TOPICS, job.id(), job.plan()).get(tp);
    assertThat(start).isEqualTo(4);

    KafkaOutputChannel zombie = job.channel(e, 0, 0, 1);
    KafkaOutputChannel epoch2 = job.channel(e, 0, 0, 2);
    KafkaOutputChannel future = job.channel(e, 0, 0, 3);
    for (int i = 0; i < 5; i++) {
      zombie.send(new Watermark(100 + i));
      epoch2.send(new Watermark(200 + i));
    }
    future.send(new Watermark(300));
    epoch2.send(EndOfInput.INSTANCE);
    epoch2.flush();

    try (KafkaInputGate gate = gate(job, 2, 0, new KafkaInputGate.Channel(tp, start, e))) {
      List<Received> got = pollN(gate, 6);
      assertThat(got).extracting(Received::event).containsExactly(new Watermark(200),
          new Watermark(201), new Watermark(202), new Watermark(203), new Watermark(204),
          EndOfInput.INSTANCE);
      assertThat(gate.droppedStaleRecords()).isEqualTo(6);
      assertThat(gate.positions()).containsEntry(tp, start + 12);
    }
  }

  @Test
  void aBlockedChannelYieldsNothingUntilUnblockedThenResumesInOrder() throws Exception {
    Job job = newJob();
    Exchange e = hash(job.plan());
    int n = 200;
    for (int u = 0; u < 2; u++) {
      KafkaOutputChannel c = job.channel(e, u, 1, 1);
      for (int i = 0; i < n; i++) {
        c.send(new Watermark(i));
      }
      c.flush();
    }
    TopicPartition p0 = job.partition(e, 0, 1);
    TopicPartition p1 = job.partition(e, 1, 1);
    try (KafkaInputGate gate = gate(job, 1, 1, new KafkaInputGate.Channel(p0, 0, e),
        new KafkaInputGate.Channel(p1, 0, e))) {
      List<Long> channel0 = new ArrayList<>();
      List<Long> channel1 = new ArrayList<>();
      // Read until channel 0 delivered 10 events, then block it (as a barrier would).
      while (channel0.size() < 10) {
        Received r = pollN(gate, 1).get(0);
        (r.channel() == 0 ? channel0 : channel1).add(((Watermark) r.event()).timestamp());
      }
      gate.block(0);
      long blockedAt = gate.positions().get(p0);
      assertThat(blockedAt).isEqualTo(10);

      while (channel1.size() < n) {
        Received r = pollN(gate, 1).get(0);
        assertThat(r.channel()).as("a blocked channel delivers nothing").isEqualTo(1);
        channel1.add(((Watermark) r.event()).timestamp());
      }
      assertThat(pollFor(gate, Duration.ofMillis(300))).as("channel 0 is blocked").isEmpty();
      assertThat(gate.positions().get(p0)).isEqualTo(blockedAt);

      gate.unblockAll();
      for (Received r : pollN(gate, n - 10)) {
        assertThat(r.channel()).isEqualTo(0);
        channel0.add(((Watermark) r.event()).timestamp());
      }
      List<Long> expected = new ArrayList<>();
      for (long i = 0; i < n; i++) {
        expected.add(i);
      }
      assertThat(channel0).containsExactlyElementsOf(expected);
      assertThat(channel1).containsExactlyElementsOf(expected);
      assertThat(gate.positions()).containsEntry(p0, (long) n).containsEntry(p1, (long) n);
    }
  }

  @Test
  void positionsStartAtTheStartOffsetsAndFollowDeliveredEvents() throws Exception {
    Job job = newJob();
    Exchange e = rebalance(job.plan());
    TopicPartition p0 = job.partition(e, 0, 0);
    TopicPartition p1 = job.partition(e, 0, 1);
    KafkaOutputChannel c = job.channel(e, 0, 0, 1);
    for (int i = 0; i < 8; i++) {
      c.send(new Watermark(i));
    }
    c.flush();
    try (KafkaInputGate gate = gate(job, 1, 0, new KafkaInputGate.Channel(p0, 5, e),
        new KafkaInputGate.Channel(p1, 0, e))) {
      assertThat(gate.positions()).containsExactly(Map.entry(p0, 5L), Map.entry(p1, 0L));
      List<Received> got = pollN(gate, 2);
      assertThat(got).extracting(Received::event)
          .containsExactly(new Watermark(5), new Watermark(6));
      assertThat(gate.positions()).containsExactly(Map.entry(p0, 7L), Map.entry(p1, 0L));
    }
  }

  @Test
  void aRecordThatDoesNotDecodeNamesTheExchangeTheReceiverAndTheRecord() throws Exception {
    Job job = newJob();
    Exchange e = hash(job.plan());
    TopicPartition tp = job.partition(e, 1, 1);
    // Epoch 4, a batch of 1, timestamp 0, then a string whose length is -1.
    byte[] bad = {8, ExchangeFrames.BATCH * 2, 2, 0, 1};
    producer.send(new ProducerRecord<>(tp.topic(), tp.partition(), null, bad)).get();
    try (KafkaInputGate gate = gate(job, 4, 1, new KafkaInputGate.Channel(tp, 0, e))) {
      assertThatThrownBy(() -> pollN(gate, 1))
          .isInstanceOf(ExchangeFrames.ExchangeDecodeException.class)
          .hasMessageContaining("exchange HASH(byWord)")
          .hasMessageContaining("into step 'count' (subtask 2/2)")
          .hasMessageContaining(tp.topic() + "-" + tp.partition() + " offset 0")
          .hasMessageContaining("Coder<");
    }
  }

  @Test
  void aFailedSendIsRethrownNamingTheChannel() throws Exception {
    Job job = newJob();
    Exchange e = rebalance(job.plan());
    try (Producer<byte[], byte[]> impatient = ExchangeFixture.producer(ExchangeFixture.with(
        KAFKA.clientProperties(), ProducerConfig.MAX_BLOCK_MS_CONFIG, 300))) {
      // Partition 9 of a 2-partition topic: the producer gives up waiting for it.
      KafkaOutputChannel c = new KafkaOutputChannel(impatient, TOPICS.exchange(job.id(), e), 9, 1,
          new ExchangeFrames(e, job.plan().maxParallelism()));
      c.send(new Watermark(1));
      assertThatThrownBy(c::flush).isInstanceOf(WeirException.class)
          .hasMessageContaining("exchange REBALANCE from step 'words' to step 'upper'")
          .hasMessageContaining("topic " + TOPICS.exchange(job.id(), e) + ", partition 9");
      assertThatThrownBy(() -> c.send(new Watermark(2))).isInstanceOf(WeirException.class)
          .hasMessageContaining("partition 9");
    }
  }

  @Test
  void anInterruptWhileWaitingCancelsTheTask() throws Exception {
    Job job = newJob();
    Exchange e = rebalance(job.plan());
    try (KafkaInputGate gate = gate(job, 1, 0,
        new KafkaInputGate.Channel(job.partition(e, 0, 0), 0, e))) {
      CompletableFuture<Thread> poller = new CompletableFuture<>();
      CompletableFuture<Object> result = CompletableFuture.supplyAsync(() -> {
        poller.complete(Thread.currentThread());
        return gate.poll(TimeUnit.SECONDS.toNanos(30));
      });
      poller.get(10, TimeUnit.SECONDS).interrupt();
      assertThatThrownBy(() -> result.get(10, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause().isInstanceOf(TaskCancelledException.class)
          .hasMessageContaining("upper (1/2)");
    }
  }

  @Test
  void aBatchTooLargeForOneRecordIsSentInPartsInOrder() throws Exception {
    Job job = newJob();
    Exchange e = rebalance(job.plan());
    List<String> big = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      big.add(String.valueOf((char) ('a' + i)).repeat(300_000));
    }
    KafkaOutputChannel c = job.channel(e, 0, 1, 1);
    c.send(batch(false, big, 10));
    c.send(EndOfInput.INSTANCE);
    c.flush();
    try (KafkaInputGate gate = gate(job, 1, 1,
        new KafkaInputGate.Channel(job.partition(e, 0, 1), 0, e))) {
      List<Received> got = pollN(gate, 3);
      RecordBatch first = (RecordBatch) got.get(0).event();
      RecordBatch second = (RecordBatch) got.get(1).event();
      assertThat(first.size() + second.size()).isEqualTo(5);
      List<String> values = new ArrayList<>();
      List<Long> timestamps = new ArrayList<>();
      for (RecordBatch b : List.of(first, second)) {
        for (int i = 0; i < b.size(); i++) {
          values.add((String) b.value(i));
          timestamps.add(b.timestamp(i));
        }
      }
      assertThat(values).isEqualTo(big);
      assertThat(timestamps).containsExactly(10L, 11L, 12L, 13L, 14L);
      assertThat(got.get(2).event()).isEqualTo(EndOfInput.INSTANCE);
    }
  }

  @Test
  void aRecordThatDoesNotEncodeNamesTheStepAndTheExchange() throws Exception {
    Job job = newJob();
    Exchange e = hash(job.plan());
    KafkaOutputChannel c = job.channel(e, 1, 0, 1);
    RecordBatch b = new RecordBatch(2, false);
    b.add("fine", 0);
    b.add(null, 1);
    assertThatThrownBy(() -> c.send(b)).isInstanceOf(WeirException.class)
        .hasMessageContaining("a record of step 'upper' does not encode with Coder<")
        .hasMessageContaining("exchange HASH(byWord) to step 'count'")
        .hasMessageContaining(".withCoder(");
  }
}
