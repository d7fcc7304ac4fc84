package dev.weir.runner.distributed.internal.worker;

import dev.weir.runner.distributed.internal.ClusterTopics;
import dev.weir.runner.distributed.internal.TaskLayout;
import dev.weir.runner.distributed.internal.exchange.ExchangeWiring;
import dev.weir.runner.distributed.internal.exchange.KafkaInputGate;
import dev.weir.runner.distributed.internal.exchange.KafkaOutputChannel;
import dev.weir.runner.distributed.internal.exchange.LagGuard;
import org.apache.kafka.common.TopicPartition;
import dev.weir.runner.distributed.internal.protocol.ControlMessage;
import dev.weir.runner.distributed.internal.protocol.FailureText;
import dev.weir.runner.distributed.internal.protocol.TaskReport;
import dev.weir.runtime.checkpoint.CheckpointResponder;
import dev.weir.runtime.checkpoint.TaskId;
import dev.weir.runtime.plan.Chain;
import dev.weir.runtime.plan.Exchange;
import dev.weir.runtime.plan.PhysicalPlan;
import dev.weir.runtime.snapshot.TaskSnapshot;
import dev.weir.runtime.task.OutputChannel;
import dev.weir.runtime.task.Task;
import dev.weir.runtime.task.TaskCancelledException;
import dev.weir.runtime.task.TaskConfig;
import dev.weir.runtime.task.TaskServices;
import dev.weir.sdk.checkpoint.CheckpointManifest;
import dev.weir.sdk.checkpoint.CheckpointStore;
import dev.weir.sdk.spi.FaultInjector;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The subtasks one worker runs for one epoch of a job: builds each {@link Task} with Kafka
 * channels (outputs to exchange partitions, an input gate over its input partitions from the
 * epoch's start offsets), runs it on a thread of its own, hands it the coordinator's control
 * messages of this epoch, and reports its acknowledgements, failure and end.
 *
 * <p>A task that fails reports {@code FAILED} and calls {@code onFailure}, which makes the
 * worker ask for a rebalance: the whole job rolls back to its latest checkpoint.
 */
final class EpochTasks {
  private static final Logger LOG = LoggerFactory.getLogger(EpochTasks.class);

  /**
   * What the tasks of an epoch share on this worker; {@code loader} is the job's class loader,
   * the context class loader of its task threads.
   */
  record Context(String jobId, PhysicalPlan plan, TaskLayout layout, ClusterTopics topics,
      Map<String, Object> kafka, CheckpointStore store, ExecutorService async,
      KafkaProducer<byte[], byte[]> producer, ReportSender reports, int batchSize,
      int maxDeltaChain, FaultInjector faults, Clock clock, LagGuard lagGuard,
      ClassLoader loader) {
  }

  private final Context ctx;
  private final long epoch;
  private final List<Task> tasks = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private final List<KafkaInputGate> gates = new ArrayList<>();
  private final Consumer<Throwable> onFailure;
  private volatile boolean stopping;
  private final Set<TaskId> endedNormally = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /**
   * @param partitions the task-topic partitions (subtasks) this worker holds, without 0
   * @param restored the checkpoint the epoch restores, or null
   * @param startOffsets where each exchange partition's reader starts
   */
  EpochTasks(Context ctx, long epoch, Set<Integer> partitions, CheckpointManifest restored,
      Map<TopicPartition, Long> startOffsets, Consumer<Throwable> onFailure) {
    this.ctx = ctx;
    this.epoch = epoch;
    this.onFailure = onFailure;
    PhysicalPlan plan = ctx.plan();
    for (int p : partitions) {
      Chain chain = ctx.layout().chain(p);
      int s = ctx.layout().subtask(p);
      Map<Exchange, OutputChannel[]> outputs = ExchangeWiring.outputs(ctx.producer(),
          ctx.topics(), ctx.jobId(), plan, chain, s, epoch, ctx.lagGuard(), startOffsets);
      KafkaInputGate gate = null;
      if (!chain.isSource()) {
        gate = new KafkaInputGate(ctx.kafka(), ExchangeWiring.inputs(ctx.topics(), ctx.jobId(),
            plan, chain, s, startOffsets), epoch, plan.maxParallelism(), s,
            ctx.topics().exchangeReaders(ctx.jobId()));
        gates.add(gate);
      }
      TaskId id = ctx.layout().taskId(p);
      outputsByTask.put(id, outputs);
      KafkaInputGate g = gate;
      Supplier<Map<String, Long>> positions = g == null ? Map::of : () -> ClusterTopics.offsetsByKey(g.positions());
      Runnable flush = () -> flush(outputs);
      CheckpointResponder responder = ctx.reports().responder(epoch, id, positions, flush);
      TaskServices services = new TaskServices(ctx.store(), ctx.async(), responder, restored,
          ctx.faults(), this::fail);
      TaskConfig config = new TaskConfig(plan, chain, s, ctx.jobId(), (int) Math.min(epoch,
          Integer.MAX_VALUE), ctx.clock(), ctx.batchSize(), true, ctx.maxDeltaChain());
      Task task = new Task(config, services, gate, outputs);
      tasks.add(task);
      Thread t = new Thread(() -> run(task, g), "weir-" + ctx.jobId() + "-" + task.name());
      t.setDaemon(true);
      t.setContextClassLoader(ctx.loader()); // user code runs here: the job's loader
      threads.add(t);
    }
  }

  private final Map<TaskId, Map<Exchange, OutputChannel[]>> outputsByTask = new HashMap<>();

  private void flush(Task task) {
    flush(outputsByTask.get(task.id()));
  }

  /** Waits until the producer delivered everything sent so far; throws a channel's error. */
  private void flush(Map<Exchange, OutputChannel[]> outputs) {
    ctx.producer().flush();
    for (OutputChannel[] channels : outputs.values()) {
      for (OutputChannel c : channels) {
        ((KafkaOutputChannel) c).checkError();
      }
    }
  }

  /** How often each task's record counts, rates and backpressure go to the coordinator. */
  static final long METRICS_INTERVAL_MILLIS = 1_000;

  private final java.util.concurrent.ScheduledExecutorService metricsTimer =
      java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "weir-metrics-reports");
        t.setDaemon(true);
        return t;
      });

  private final TaskRates rates = new TaskRates();

  void start() {
    long now = System.nanoTime();
    tasks.forEach(task -> rates.start(task, now));
    threads.forEach(Thread::start);
    metricsTimer.scheduleAtFixedRate(() -> {
      for (Task task : tasks) {
        sendMetrics(task, false);
      }
    }, METRICS_INTERVAL_MILLIS, METRICS_INTERVAL_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  private final Set<TaskId> lastMetricsSent = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /**
   * Sends the task's record counts (read without synchronizing: approximate while it runs);
   * after its {@code last} counts, none (a periodic send cannot follow the exact last one).
   */
  private void sendMetrics(Task task, boolean last) {
    synchronized (task) {
      if (lastMetricsSent.contains(task.id()) || (last && !lastMetricsSent.add(task.id()))) {
        return;
      }
      sendMetricsNow(task);
    }
  }

  private void sendMetricsNow(Task task) {
    ctx.reports().send(rates.report(epoch, task, System.nanoTime()));
  }

  private void run(Task task, KafkaInputGate gate) {
    try {
      task.run();
      flush(task);
      endedNormally.add(task.id());
      sendMetrics(task, true); // exact: the task's thread has ended
      ctx.reports().send(new TaskReport.Ended(epoch, task.id()));
    } catch (Throwable t) {
      if (stopping || t instanceof TaskCancelledException && stopping) {
        return;
      }
      LOG.warn("Job '{}' epoch {}: subtask {} failed: {}", ctx.jobId(), epoch, task.name(),
          t.toString(), t);
      try {
        ctx.reports().send(new TaskReport.Failed(epoch, task.id(), FailureText.of(t)));
        // Written before the rollback is asked for: the next epoch's coordinator reads it.
        ctx.producer().flush();
      } catch (RuntimeException e) {
        t.addSuppressed(e);
      }
      fail(t);
    }
  }

  private void fail(Throwable t) {
    if (!stopping) {
      onFailure.accept(t);
    }
  }

  /** Hands a control message of this epoch to the tasks. */
  void deliver(ControlMessage m) {
    if (m.epoch() != epoch) {
      return;
    }
    if (m instanceof ControlMessage.Trigger t) {
      tasks.forEach(task -> task.triggerCheckpoint(t.checkpointId(), t.timestamp()));
    } else if (m instanceof ControlMessage.Complete c) {
      tasks.forEach(task -> task.notifyCheckpointComplete(c.checkpointId()));
    } else if (m instanceof ControlMessage.Abort a) {
      tasks.forEach(task -> task.notifyCheckpointAborted(a.checkpointId()));
    } else if (m instanceof ControlMessage.Finish) {
      tasks.forEach(Task::finish);
    } else if (m instanceof ControlMessage.Pause) {
      tasks.forEach(Task::requestPause);
    } else if (m instanceof ControlMessage.Stop st) {
      for (Task task : tasks) {
        if (!endedNormally.contains(task.id())) {
          // After the stop checkpoint's COMPLETE, which came first on the control topic.
          task.afterPosted(() -> stoppedAfterCommit(task, st.checkpointId()));
        }
      }
    }
  }

  /**
   * A task committed the stop checkpoint: it is done for this job. It reports its end now; its
   * thread runs until the job's END stops the epoch, with nothing left to write (sources stopped
   * reading before the checkpoint's barriers).
   */
  private void stoppedAfterCommit(Task task, long checkpointId) {
    if (task.lastNotifiedCheckpoint() < checkpointId) {
      throw new IllegalStateException(task.name() + " was told to stop after checkpoint "
          + checkpointId + " but committed only " + task.lastNotifiedCheckpoint());
    }
    flush(task);
    endedNormally.add(task.id());
    sendMetrics(task, true); // exact: sent from the task's thread
    ctx.reports().send(new TaskReport.Ended(epoch, task.id()));
    LOG.info("Job '{}' epoch {}: {} stopped after committing checkpoint {}", ctx.jobId(), epoch,
        task.name(), checkpointId);
  }

  long epoch() {
    return epoch;
  }

  List<Task> tasks() {
    return tasks;
  }

  /** Cancels every task, waits for their threads and closes the gates. */
  void stop() {
    stopping = true;
    metricsTimer.shutdownNow();
    tasks.forEach(Task::cancel);
    threads.forEach(Thread::interrupt);
    for (Thread t : threads) {
      try {
        t.join(30_000);
        if (t.isAlive()) {
          LOG.warn("Job '{}' epoch {}: {} did not stop within 30 s", ctx.jobId(), epoch, t.getName());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    for (KafkaInputGate g : gates) {
      try {
        g.close();
      } catch (RuntimeException e) {
        LOG.warn("Job '{}' epoch {}: closing an input gate failed: {}", ctx.jobId(), epoch, e.toString());
      }
    }
    // A failed attempt's sinks drop what they staged and did not prepare (as on the local runner).
    for (Task task : tasks) {
      if (endedNormally.contains(task.id())) {
        continue;
      }
      for (dev.weir.runtime.task.Operator op : task.operators().values()) {
        if (op instanceof dev.weir.runtime.operators.SinkOperator sink) {
          try {
            sink.abort();
          } catch (Exception e) {
            LOG.warn("Job '{}' epoch {}: aborting sink {} failed: {}", ctx.jobId(), epoch,
                task.name(), e.toString());
          }
        }
      }
    }
  }
}
