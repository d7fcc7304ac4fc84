package dev.weir.runner.distributed.internal.exchange;

import static dev.weir.runner.distributed.internal.exchange.ExchangeFixture.pollN;
import static dev.weir.runner.distributed.internal.exchange.ExchangeFixture.rebalance;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.io.kafka.testing.EmbeddedKafkaExtension;
import dev.weir.runner.distributed.internal.ClusterTopics;
import dev.weir.runner.distributed.internal.exchange.ExchangeFixture.Received;
import dev.weir.runtime.plan.Exchange;
import dev.weir.runtime.plan.PhysicalPlan;
import dev.weir.runtime.task.Barrier;
import dev.weir.runtime.task.EndOfInput;
import dev.weir.runtime.task.RecordBatch;
import dev.weir.runtime.task.TaskCancelledException;
import dev.weir.runtime.task.Watermark;
import dev.weir.testing.WeirTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Backpressure across a Kafka exchange: a writer stops {@link LagGuard#limit()} frames ahead of
 * its reader's committed position of the same epoch, goes on as the reader reads, and never
 * holds back control events.
 */
class ExchangeBackpressureTest {
  @RegisterExtension
  static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

  private static final ClusterTopics TOPICS = new ClusterTopics("bp");
  private static final AtomicInteger JOBS = new AtomicInteger();
  private static final int LIMIT = 4;
  private static final long EPOCH = 3;

  private static Admin admin;
  private static Producer<byte[], byte[]> producer;
  private static LagGuard guard;

  @BeforeAll
  static void clients() {
    admin = Admin.create(KAFKA.clientProperties());
    producer = ExchangeFixture.producer(KAFKA.clientProperties());
    guard = new LagGuard(admin, LIMIT);
  }

  @AfterAll
  static void close() {
    guard.close();
    producer.close();
    admin.close();
  }

  /** One channel of a fresh job: its writer (bounded by the guard) and how to read it. */
  private record Lane(String job, PhysicalPlan plan, Exchange exchange, TopicPartition tp,
      KafkaOutputChannel writer) {
    KafkaInputGate reader(long epoch) {
      return new KafkaInputGate(KAFKA.clientProperties(),
          List.of(new KafkaInputGate.Channel(tp, 0, exchange)), epoch, plan.maxParallelism(), 0,
          TOPICS.exchangeReaders(job));
    }
  }

  private static Lane newLane() throws Exception {
    String job = "bp" + JOBS.incrementAndGet();
    PhysicalPlan plan = ExchangeFixture.plan(job);
    ExchangeTopics.ensure(admin, TOPICS, job, plan, (short) 1);
    Exchange e = rebalance(plan);
    TopicPartition tp = new TopicPartition(TOPICS.exchange(job, e),
        ClusterTopics.exchangePartition(e, 0, 0));
    KafkaOutputChannel writer = new KafkaOutputChannel(producer, tp.topic(), tp.partition(), EPOCH,
        new ExchangeFrames(e, plan.maxParallelism()),
        guard.lane(TOPICS.exchangeReaders(job), tp, EPOCH, 0));
    return new Lane(job, plan, e, tp, writer);
  }

  private static RecordBatch frame(int i) {
    RecordBatch b = new RecordBatch(1, false);
    b.add("r" + i, i);
    return b;
  }

  /** Sends {@code n} one-record frames on a thread of its own, counting those sent. */
  private static CompletableFuture<Void> writeOnAThread(Lane lane, int n, AtomicInteger sent,
      CompletableFuture<Thread> thread) {
    return CompletableFuture.runAsync(() -> {
      thread.complete(Thread.currentThread());
      for (int i = 0; i < n; i++) {
        lane.writer().send(frame(i));
        sent.incrementAndGet();
      }
      lane.writer().send(EndOfInput.INSTANCE);
      lane.writer().flush();
    });
  }

  private static void awaitWaiting(Thread t, AtomicInteger sent, int expected) {
    WeirTest.await("the writer waits after " + expected + " frames",
        () -> sent.get() == expected && t.getState() == Thread.State.WAITING, Duration.ofSeconds(30));
  }

  @Test
  void aWriterStopsLimitFramesAheadOfAReaderThatDoesNotReadAndGoesOnAsItReads() throws Exception {
    Lane lane = newLane();
    AtomicInteger sent = new AtomicInteger();
    CompletableFuture<Thread> thread = new CompletableFuture<>();
    CompletableFuture<Void> writing = writeOnAThread(lane, 3 * LIMIT, sent, thread);
    Thread t = thread.get(10, TimeUnit.SECONDS);
    awaitWaiting(t, sent, LIMIT);
    assertThat(writing).isNotDone();
    // The wait counts as backpressure while it lasts, as a local channel's does.
    long first = lane.writer().backpressuredNanos();
    WeirTest.await("the waiting writer's backpressure grows",
        () -> lane.writer().backpressuredNanos() > first + 50_000_000L, Duration.ofSeconds(30));

    try (KafkaInputGate reader = lane.reader(EPOCH)) {
      List<Received> got = pollN(reader, 3 * LIMIT + 1);
      writing.get(30, TimeUnit.SECONDS);
      long done = lane.writer().backpressuredNanos();
      assertThat(done).isGreaterThan(first + 50_000_000L);
      assertThat(lane.writer().backpressuredNanos()).as("no wait in progress").isEqualTo(done);
      for (int i = 0; i < 3 * LIMIT; i++) {
        assertThat(((RecordBatch) got.get(i).event()).value(0)).isEqualTo("r" + i);
      }
      assertThat(got.get(3 * LIMIT).event()).isEqualTo(EndOfInput.INSTANCE);
    }
  }

  @Test
  void commitsOfAnotherEpochDoNotReleaseAWriter() throws Exception {
    Lane lane = newLane();
    AtomicInteger sent = new AtomicInteger();
    CompletableFuture<Thread> thread = new CompletableFuture<>();
    CompletableFuture<Void> writing = writeOnAThread(lane, 2 * LIMIT, sent, thread);
    Thread t = thread.get(10, TimeUnit.SECONDS);
    awaitWaiting(t, sent, LIMIT);

    // An earlier epoch's reader (or a zombie) committed far ahead: not this epoch's reader.
    admin.alterConsumerGroupOffsets(TOPICS.exchangeReaders(lane.job()),
        Map.of(lane.tp(), new OffsetAndMetadata(1_000, LagGuard.commitMetadata(EPOCH - 1))))
        .all().get(30, TimeUnit.SECONDS);
    long seen = guard.refreshes();
    WeirTest.await("two fresh reads of the committed positions", () -> guard.refreshes() >= seen + 2,
        Duration.ofSeconds(30));
    // Each read wakes the writer to look again (a moment RUNNABLE or BLOCKED); it waits on.
    awaitWaiting(t, sent, LIMIT);
    assertThat(sent.get()).isEqualTo(LIMIT);
    assertThat(writing).isNotDone();

    try (KafkaInputGate reader = lane.reader(EPOCH)) {
      assertThat(pollN(reader, 2 * LIMIT + 1)).hasSize(2 * LIMIT + 1);
      writing.get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void controlEventsAreNeverHeldBack() throws Exception {
    Lane lane = newLane();
    for (int i = 0; i < LIMIT; i++) {
      lane.writer().send(frame(i));
    }
    assertThat(lane.writer().backpressuredNanos()).as("a writer within its limit never waited")
        .isZero();
    // No reader at all: the writer is at its limit, and still sends every kind of control event.
    CompletableFuture<Void> control = CompletableFuture.runAsync(() -> {
      lane.writer().send(new Barrier(1, 1_000));
      lane.writer().send(new Watermark(5));
      lane.writer().send(EndOfInput.INSTANCE);
      lane.writer().flush();
    });
    control.get(30, TimeUnit.SECONDS);
    try (KafkaInputGate reader = lane.reader(EPOCH)) {
      List<Received> got = pollN(reader, LIMIT + 3);
      assertThat(got.get(LIMIT).event()).isInstanceOf(Barrier.class);
      assertThat(got.get(LIMIT + 2).event()).isEqualTo(EndOfInput.INSTANCE);
    }
  }

  @Test
  void aWaitingWriterIsCancelledByAnInterrupt() throws Exception {
    Lane lane = newLane();
    AtomicInteger sent = new AtomicInteger();
    CompletableFuture<Thread> thread = new CompletableFuture<>();
    CompletableFuture<Void> writing = writeOnAThread(lane, 2 * LIMIT, sent, thread);
    Thread t = thread.get(10, TimeUnit.SECONDS);
    awaitWaiting(t, sent, LIMIT);
    t.interrupt();
    try {
      writing.get(30, TimeUnit.SECONDS);
      throw new AssertionError("the writer went on although its reader never read");
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(TaskCancelledException.class)
          .hasMessageContaining("waiting for the reader of exchange");
    }
  }
}
