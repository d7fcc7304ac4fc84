package dev.weir.runner.distributed.internal.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.io.kafka.testing.EmbeddedKafkaExtension;
import dev.weir.runner.distributed.internal.ClusterTopics;
import dev.weir.runtime.plan.Chain;
import dev.weir.runtime.plan.Exchange;
import dev.weir.runtime.plan.PhysicalPlan;
import dev.weir.runtime.task.EndOfInput;
import dev.weir.runtime.task.RecordBatch;
import dev.weir.runtime.task.StepCounters;
import dev.weir.runtime.task.Task;
import dev.weir.runtime.task.TaskConfig;
import dev.weir.runtime.task.TaskServices;
import dev.weir.sdk.types.KV;
import dev.weir.sdk.types.Types;
import dev.weir.testing.CollectingSink;
import dev.weir.testing.TestSource;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Real {@link Task}s of a source chain, a map chain and a keyed chain, each on its own thread,
 * connected only through exchange topics: what the sink counts is exact, and records a zombie
 * of an older epoch wrote after the start offsets change nothing.
 */
class TasksOverKafkaTest {
  @RegisterExtension
  static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

  private static final ClusterTopics TOPICS = new ClusterTopics("test");
  private static final int RECORDS = 20_000;
  private static final int WORDS = 50;
  private static final long EPOCH = 2;

  @Test
  void aJobRunsExactlyAcrossExchangeTopicsIgnoringAZombiesRecords() throws Exception {
    CollectingSink<KV<String, Long>> out = CollectingSink.create();
    PhysicalPlan plan = ExchangeFixture.plan("tasks",
        TestSource.generate(Types.STRING, RECORDS, i -> "w" + (i % WORDS)), out);
    String job = "tasks";
    List<KafkaInputGate> gates = new ArrayList<>();
    try (Admin admin = Admin.create(KAFKA.clientProperties());
        Producer<byte[], byte[]> producer = ExchangeFixture.producer(KAFKA.clientProperties())) {
      ExchangeTopics.ensure(admin, TOPICS, job, plan, (short) 1);
      Map<TopicPartition, Long> start = ExchangeTopics.endOffsets(admin, TOPICS, job, plan);
      int zombieRecords = writeZombie(producer, plan, job);

      List<Task> tasks = new ArrayList<>();
      for (Chain chain : plan.chains()) {
        for (int s = 0; s < chain.parallelism(); s++) {
          KafkaInputGate gate = null;
          if (!chain.isSource()) {
            gate = new KafkaInputGate(KAFKA.clientProperties(),
                ExchangeWiring.inputs(TOPICS, job, plan, chain, s, start), EPOCH,
                plan.maxParallelism(), s);
            gates.add(gate);
          }
          TaskConfig config = new TaskConfig(plan, chain, s, job, 0, Clock.systemUTC(), 128,
              false, 4);
          tasks.add(new Task(config, TaskServices.none(), gate,
              ExchangeWiring.outputs(producer, TOPICS, job, plan, chain, s, EPOCH)));
        }
      }
      ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
      List<Thread> threads = new ArrayList<>();
      for (Task t : tasks) {
        Thread thread = new Thread(() -> {
          try {
            t.run();
          } catch (Throwable e) {
            failures.add(e);
          }
        }, "task-" + t.name());
        thread.start();
        threads.add(thread);
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
      for (Thread thread : threads) {
        thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        if (thread.isAlive()) {
          tasks.forEach(Task::cancel);
          threads.forEach(Thread::interrupt);
          throw new AssertionError(thread.getName() + " did not end within 40 s");
        }
      }
      assertThat(failures).isEmpty();

      Map<String, Long> counts = out.latestByKey();
      assertThat(counts).hasSize(WORDS);
      assertThat(counts.values()).containsOnly((long) RECORDS / WORDS);
      long countedIn = tasks.stream().flatMap(t -> t.counters().stream())
          .filter(c -> c.stepName().equals("count")).mapToLong(StepCounters::recordsIn).sum();
      assertThat(countedIn).isEqualTo(RECORDS);

      assertThat(gates.stream().mapToLong(KafkaInputGate::droppedStaleRecords).sum())
          .isEqualTo(zombieRecords);
      // Each gate read every partition of its channels to its end.
      Map<TopicPartition, Long> ends = ExchangeTopics.endOffsets(admin, TOPICS, job, plan);
      for (KafkaInputGate g : gates) {
        g.positions().forEach((tp, pos) -> assertThat(pos).as("%s", tp).isEqualTo(ends.get(tp)));
      }
    } finally {
      gates.forEach(KafkaInputGate::close);
    }
  }

  /**
   * An older epoch's writer still sending into every keyed channel: a batch of words and an end
   * of input (which would end the channel early were it not dropped). Returns the records.
   */
  private static int writeZombie(Producer<byte[], byte[]> producer, PhysicalPlan plan, String job) {
    Exchange hash = ExchangeFixture.hash(plan);
    int written = 0;
    for (int u = 0; u < 2; u++) {
      for (int d = 0; d < 2; d++) {
        KafkaOutputChannel zombie = new KafkaOutputChannel(producer, TOPICS.exchange(job, hash),
            ClusterTopics.exchangePartition(hash, u, d), EPOCH - 1,
            new ExchangeFrames(hash, plan.maxParallelism()));
        RecordBatch b = new RecordBatch(3, false);
        // Lower case: keys the job itself never has (it upper-cases), so any that got through shows.
        ExchangeFixture.wordsOwnedBy(d, 3).forEach(w -> b.add(w, 0));
        zombie.send(b);
        zombie.send(EndOfInput.INSTANCE);
        zombie.flush();
        written += 2;
      }
    }
    return written;
  }
}
