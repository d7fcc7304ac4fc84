package dev.weir.runtime.time;

import dev.weir.sdk.spi.ManualClock;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RearmableTimerTest {

  private final ManualClock clock = new ManualClock(1_000);
  private final ManualScheduler scheduler = new ManualScheduler(clock);
  private final RearmableTimer timer = new RearmableTimer(scheduler, clock);
  private final List<String> fired = new ArrayList<>();

  @Test
  void firesOnceAtTheDueTime() {
    timer.armAt(1_100, () -> fired.add("at " + clock.millis()));

    scheduler.advance(Duration.ofMillis(99));
    assertThat(fired).isEmpty();
    scheduler.advance(Duration.ofMillis(1));
    assertThat(fired).containsExactly("at 1100");
    assertThat(timer.isArmed()).isFalse();
  }

  @Test
  void rearmingReplacesTheDueTimeAndSameTimeKeepsIt() {
    timer.armAt(1_100, () -> fired.add("first"));
    timer.armAt(1_100, () -> fired.add("same time, ignored"));
    timer.armAt(1_050, () -> fired.add("earlier"));

    scheduler.advance(Duration.ofMillis(500));

    assertThat(fired).containsExactly("earlier");
    assertThat(scheduler.pendingTasks()).isZero();
  }

  @Test
  void disarmedTimersDoNotFire() {
    timer.armAt(1_100, () -> fired.add("never"));
    timer.disarm();

    scheduler.advance(Duration.ofMillis(500));

    assertThat(fired).isEmpty();
  }

  @Test
  void aFiringSupersededAfterTheSchedulerStartedItIsIgnored() {
    List<Runnable> captured = new ArrayList<>();
    Scheduler capturing = (delay, task) -> {
      captured.add(task);
      return () -> { };
    };
    RearmableTimer raced = new RearmableTimer(capturing, clock);
    raced.armAt(1_100, () -> fired.add("stale"));
    raced.armAt(1_200, () -> fired.add("current"));

    captured.get(0).run();
    captured.get(1).run();

    assertThat(fired).containsExactly("current");
  }
}
