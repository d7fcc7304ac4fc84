package dev.weir.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class ManualClockTest {

  @Test
  void movesOnlyWhenTold() {
    ManualClock clock = ManualClock.at(1_000);
    assertThat(clock.millis()).isEqualTo(1_000);
    assertThat(clock.advance(Duration.ofSeconds(2)).millis()).isEqualTo(3_000);
    assertThat(clock.setMillis(5_000).instant()).isEqualTo(Instant.ofEpochMilli(5_000));
  }

  @Test
  void neverGoesBackwards() {
    ManualClock clock = ManualClock.at(Instant.ofEpochMilli(1_000));
    assertThatThrownBy(() -> clock.advance(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("backwards");
    assertThatThrownBy(() -> clock.setMillis(999))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("backwards");
  }

  @Test
  void aZonedCopySharesTheTime() {
    ManualClock clock = ManualClock.at(0);
    ManualClock paris = clock.withZone(ZoneId.of("Europe/Paris"));
    clock.advance(Duration.ofMinutes(1));
    assertThat(paris.millis()).isEqualTo(60_000);
    assertThat(paris.getZone()).isEqualTo(ZoneId.of("Europe/Paris"));
  }

  @Test
  void tellsItsListenersEveryMove() {
    ManualClock clock = ManualClock.at(0);
    java.util.List<Long> seen = new java.util.ArrayList<>();
    clock.onMove(seen::add);
    clock.advance(Duration.ofMillis(5));
    clock.setMillis(9);
    clock.advance(Duration.ZERO);
    assertThat(seen).containsExactly(5L, 9L, 9L);
  }
}
