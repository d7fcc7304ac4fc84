package dev.weir.runtime.time;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The production {@link Scheduler}: one daemon thread named {@value #THREAD_NAME} runs every task.
 *
 * <p>Tasks run one at a time, in due order. A task that throws is logged at error level and does
 * not stop later tasks. Cancelled tasks are removed from the queue at once. After {@link #close()}
 * no task runs and {@link #schedule} returns a handle to a task that never runs.
 */
public final class SystemScheduler implements Scheduler, AutoCloseable {

  /** The name of the timer thread. */
  public static final String THREAD_NAME = "weir-checkpoint-timer";

  private static final Logger LOG = LoggerFactory.getLogger(SystemScheduler.class);

  private final ScheduledThreadPoolExecutor executor;

  /** Starts the timer thread lazily, on the first scheduled task. */
  public SystemScheduler() {
    executor = new ScheduledThreadPoolExecutor(1, runnable -> {
      Thread thread = new Thread(runnable, THREAD_NAME);
      thread.setDaemon(true);
      return thread;
    });
    executor.setRemoveOnCancelPolicy(true);
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
  }

  @Override
  public Cancellable schedule(Duration delay, Runnable task) {
    Objects.requireNonNull(delay, "delay");
    Objects.requireNonNull(task, "task");
    long millis = Math.max(0L, delay.toMillis());
    try {
      ScheduledFuture<?> future =
          executor.schedule(() -> runLogged(task), millis, TimeUnit.MILLISECONDS);
      return () -> future.cancel(false);
    } catch (RejectedExecutionException closed) {
      return () -> { };
    }
  }

  private static void runLogged(Runnable task) {
    try {
      task.run();
    } catch (RuntimeException e) {
      // The executor would keep the exception in a future nobody reads; say it out loud instead.
      LOG.error("A scheduled task failed on {}: {}", THREAD_NAME, task, e);
    } catch (Error e) {
      LOG.error("A scheduled task failed on {}: {}", THREAD_NAME, task, e);
      throw e;
    }
  }

  /** Stops the timer thread; tasks not yet started never run. */
  @Override
  public void close() {
    executor.shutdownNow();
  }
}
