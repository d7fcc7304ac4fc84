package dev.weir.runtime.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SystemSchedulerTest {

  @Test
  void runsTasksOnTheNamedDaemonTimerThread() throws InterruptedException {
    try (SystemScheduler scheduler = new SystemScheduler()) {
      CountDownLatch done = new CountDownLatch(1);
      AtomicReference<Thread> thread = new AtomicReference<>();
      scheduler.schedule(Duration.ofMillis(1), () -> {
        thread.set(Thread.currentThread());
        done.countDown();
      });

      assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(thread.get().getName()).isEqualTo(SystemScheduler.THREAD_NAME);
      assertThat(thread.get().isDaemon()).isTrue();
    }
  }

  @Test
  void aFailingTaskDoesNotStopLaterTasks() throws InterruptedException {
    try (SystemScheduler scheduler = new SystemScheduler()) {
      CountDownLatch done = new CountDownLatch(1);
      scheduler.schedule(Duration.ZERO, () -> {
        throw new IllegalStateException("expected by the test");
      });
      scheduler.schedule(Duration.ofMillis(1), done::countDown);

      assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void cancelledAndPostCloseTasksDoNotRun() throws InterruptedException {
    CountDownLatch cancelledRan = new CountDownLatch(1);
    CountDownLatch marker = new CountDownLatch(1);
    SystemScheduler scheduler = new SystemScheduler();
    scheduler.schedule(Duration.ofMillis(50), cancelledRan::countDown).cancel();
    scheduler.schedule(Duration.ofMillis(100), marker::countDown);

    assertThat(marker.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(cancelledRan.getCount()).isEqualTo(1);

    scheduler.close();
    Cancellable afterClose = scheduler.schedule(Duration.ZERO, cancelledRan::countDown);
    afterClose.cancel();
    assertThat(cancelledRan.getCount()).isEqualTo(1);
  }
}
