package dev.weir.runner.distributed.conformance;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;

/**
 * A clock that reads another one, which a test sets: workers live for a whole test class,
 * while each test gives its own processing-time clock.
 */
final class SwitchableClock extends Clock {
  private volatile Clock current = Clock.systemUTC();

  void set(Clock clock) {
    current = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public ZoneId getZone() {
    return current.getZone();
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return current.withZone(zone);
  }

  @Override
  public long millis() {
    return current.millis();
  }

  @Override
  public Instant instant() {
    return current.instant();
  }
}
