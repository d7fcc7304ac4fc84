package dev.weir.runner.local.internal;

import dev.weir.runtime.checkpoint.CheckpointParticipants;
import dev.weir.runtime.operators.SinkOperator;
import dev.weir.runtime.task.Operator;
import dev.weir.runtime.checkpoint.TaskId;
import java.util.LinkedHashSet;
import java.util.Set;

import dev.weir.runtime.plan.Chain;
import dev.weir.runtime.plan.Exchange;
import dev.weir.runtime.plan.ExchangeType;
import dev.weir.runtime.plan.PhysicalPlan;
import dev.weir.runtime.task.OutputChannel;
import dev.weir.runtime.task.Task;
import dev.weir.runtime.task.TaskCancelledException;
import dev.weir.runtime.task.TaskConfig;
import dev.weir.runtime.task.TaskServices;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One run of a job's tasks, one thread per subtask, connected by {@link LocalChannel}s. Ends
 * when every task finished, or at the first failure, after which the other tasks are
 * cancelled and joined.
 */
public final class LocalAttempt implements CheckpointParticipants {
  private final PhysicalPlan plan;
  private final List<Task> tasks = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private final List<LocalChannel> channels = new ArrayList<>();
  private final CountDownLatch finished;
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private volatile Runnable onFirstFailure = () -> { };
  private volatile long failedAtNanos;
  private final int attemptNumber;

  /** Options of an attempt. */
  public record Settings(String jobName, int attempt, Clock clock, int batchSize,
      int channelCapacity, boolean checkpointing, int maxDeltaChain) {
  }

  public LocalAttempt(PhysicalPlan plan, Settings settings, TaskServices services) {
    this.plan = plan;
    this.attemptNumber = settings.attempt();
    // Channels: for each exchange, one per (upstream subtask, downstream subtask) pair it connects.
    Map<Exchange, LocalChannel[][]> byExchange = new HashMap<>();
    for (Exchange e : plan.exchanges()) {
      int up = e.fromChain().parallelism();
      int down = e.toChain().parallelism();
      LocalChannel[][] grid = new LocalChannel[up][down];
      for (int u = 0; u < up; u++) {
        for (int d = 0; d < down; d++) {
          if (e.type() != ExchangeType.FORWARD || u == d) {
            grid[u][d] = new LocalChannel(e.from().name() + "[" + u + "]->" + e.toChain().name()
                + "[" + d + "]", settings.channelCapacity());
            channels.add(grid[u][d]);
          }
        }
      }
      byExchange.put(e, grid);
    }
    for (Chain chain : plan.chains()) {
      for (int s = 0; s < chain.parallelism(); s++) {
        Map<Exchange, OutputChannel[]> outputs = new HashMap<>();
        for (Exchange e : plan.exchanges()) {
          if (e.fromChain() == chain) {
            LocalChannel[] row = byExchange.get(e)[s];
            outputs.put(e, e.type() == ExchangeType.FORWARD ? new OutputChannel[] {row[s]} : row);
          }
        }
        LocalInputGate gate = null;
        if (!chain.isSource()) {
          List<LocalChannel> inputs = new ArrayList<>();
          for (Exchange e : plan.inputsOf(chain)) {
            LocalChannel[][] grid = byExchange.get(e);
            for (int u = 0; u < grid.length; u++) {
              if (grid[u][s] != null) {
                inputs.add(grid[u][s]);
              }
            }
          }
          gate = new LocalInputGate(inputs);
        }
        TaskConfig config = new TaskConfig(plan, chain, s, settings.jobName(), settings.attempt(),
            settings.clock(), settings.batchSize(), settings.checkpointing(), settings.maxDeltaChain());
        Task task = new Task(config, services, gate, outputs);
        tasks.add(task);
        LocalInputGate g = gate;
        Thread t = new Thread(() -> runTask(task, g),
            "weir-" + settings.jobName() + "-" + task.name());
        t.setDaemon(true);
        threads.add(t);
      }
    }
    this.finished = new CountDownLatch(tasks.size());
  }

  private void runTask(Task task, LocalInputGate gate) {
    try {
      if (gate != null) {
        gate.bindReceiver(Thread.currentThread());
      }
      task.run();
    } catch (Throwable t) {
      if (!(t instanceof TaskCancelledException && failure.get() != null)) {
        if (failure.compareAndSet(null, t)) {
          failedAtNanos = System.nanoTime();
          onFirstFailure.run();
          cancelAll();
        } else if (failure.get() != t && !(t instanceof TaskCancelledException)) {
          failure.get().addSuppressed(t);
        }
      }
    } finally {
      finished.countDown();
    }
  }

  public void start() {
    threads.forEach(Thread::start);
  }

  /** Fails the attempt from outside its tasks (a failed checkpoint, an injected crash). */
  public void fail(Throwable t) {
    if (failure.compareAndSet(null, t)) {
      failedAtNanos = System.nanoTime();
      onFirstFailure.run();
      cancelAll();
    }
  }

  /** {@code System.nanoTime()} of the first failure, or 0. */
  public long failedAtNanos() {
    return failedAtNanos;
  }

  /** The earliest first record of any non-source task of this attempt, or 0 if none yet. */
  public long firstRecordNanos() {
    long first = 0;
    for (Task t : tasks) {
      long f = t.firstRecordNanos();
      if (f != 0 && (first == 0 || f < first)) {
        first = f;
      }
    }
    return first;
  }

  /** Runs before the tasks are cancelled at the first failure (stops checkpointing first). */
  public void onFirstFailure(Runnable action) {
    this.onFirstFailure = action;
  }

  /**
   * Drops what the sinks of this (failed) attempt staged and did not prepare; errors are added
   * to {@code failure} as suppressed, so none is lost.
   */
  public void abortSinks(Throwable failure) {
    for (Task task : tasks) {
      for (Operator op : task.operators().values()) {
        if (op instanceof SinkOperator sink) {
          try {
            sink.abort();
          } catch (Exception e) {
            failure.addSuppressed(e);
          }
        }
      }
    }
  }

  /** Cancels every task and interrupts its thread. */
  public void cancelAll() {
    tasks.forEach(Task::cancel);
    threads.forEach(Thread::interrupt);
  }

  /**
   * Waits until every task ended; returns the first failure, or {@code null} when all
   * finished normally.
   */
  public Throwable await() throws InterruptedException {
    finished.await();
    for (Thread t : threads) {
      t.join();
    }
    return failure.get();
  }

  public boolean isFinished() {
    return finished.getCount() == 0;
  }

  public List<Task> tasks() {
    return tasks;
  }

  /** The attempt's number: 0 for the first, one more after each restart. */
  public int number() {
    return attemptNumber;
  }

  // ---- CheckpointParticipants: the checkpoint side reaches the tasks directly

  @Override
  public Set<TaskId> taskIds() {
    Set<TaskId> ids = new LinkedHashSet<>();
    tasks.forEach(t -> ids.add(t.id()));
    return ids;
  }

  @Override
  public void triggerCheckpoint(long checkpointId, long timestamp) {
    tasks.forEach(t -> t.triggerCheckpoint(checkpointId, timestamp));
  }

  @Override
  public void notifyCheckpointComplete(long checkpointId) {
    tasks.forEach(t -> t.notifyCheckpointComplete(checkpointId));
  }

  @Override
  public void notifyCheckpointAborted(long checkpointId) {
    tasks.forEach(t -> t.notifyCheckpointAborted(checkpointId));
  }

  @Override
  public void finish() {
    tasks.forEach(Task::finish);
  }

  public List<LocalChannel> channels() {
    return channels;
  }

  public PhysicalPlan plan() {
    return plan;
  }
}
