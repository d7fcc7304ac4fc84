package dev.weir.runtime.time;

import dev.weir.sdk.spi.ManualClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManualSchedulerTest {

  private final ManualClock clock = new ManualClock(1_000);
  private final ManualScheduler scheduler = new ManualScheduler(clock);
  private final List<String> ran = new ArrayList<>();

  @Test
  void nothingRunsUntilTheClockIsAdvanced() {
    scheduler.schedule(Duration.ZERO, () -> ran.add("now"));

    assertThat(ran).isEmpty();
    scheduler.advance(Duration.ZERO);
    assertThat(ran).containsExactly("now");
  }

  @Test
  void runsDueTasksInTimeOrderWithTheClockAtEachDueTime() {
    scheduler.schedule(Duration.ofMillis(30), () -> ran.add("c@" + clock.millis()));
    scheduler.schedule(Duration.ofMillis(10), () -> ran.add("a@" + clock.millis()));
    scheduler.schedule(Duration.ofMillis(10), () -> ran.add("b@" + clock.millis()));
    scheduler.schedule(Duration.ofMillis(50), () -> ran.add("late"));

    scheduler.advance(Duration.ofMillis(40));

    assertThat(ran).containsExactly("a@1010", "b@1010", "c@1030");
    assertThat(clock.millis()).isEqualTo(1_040);
    assertThat(scheduler.pendingTasks()).isEqualTo(1);
    assertThat(scheduler.nextDueMillis()).isEqualTo(1_050);
  }

  @Test
  void tasksScheduledByTasksRunInTheSameAdvanceWhenDue() {
    scheduler.schedule(Duration.ofMillis(10), () -> {
      ran.add("first@" + clock.millis());
      scheduler.schedule(Duration.ofMillis(5), () -> ran.add("chained@" + clock.millis()));
      scheduler.schedule(Duration.ofMillis(500), () -> ran.add("too late"));
    });

    scheduler.advance(Duration.ofMillis(20));

    assertThat(ran).containsExactly("first@1010", "chained@1015");
  }

  @Test
  void cancelledTasksNeverRun() {
    Cancellable handle = scheduler.schedule(Duration.ofMillis(10), () -> ran.add("cancelled"));
    handle.cancel();
    handle.cancel();

    scheduler.advance(Duration.ofMillis(100));

    assertThat(ran).isEmpty();
    assertThat(scheduler.pendingTasks()).isZero();
  }

  @Test
  void theClockNeverGoesBackwards() {
    assertThatThrownBy(() -> clock.advance(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> clock.setMillis(999))
        .hasMessageContaining("backwards");
    assertThatThrownBy(() -> scheduler.advance(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void zonedViewsShareTheTime() {
    var zoned = clock.withZone(java.time.ZoneId.of("Europe/Berlin"));
    clock.advance(Duration.ofSeconds(1));

    assertThat(zoned.millis()).isEqualTo(2_000);
    assertThat(zoned.instant()).isEqualTo(clock.instant());
  }
}
