package dev.weir.sdk.spi;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Clock} that only moves when told to; the time source of every timed unit test.
 *
 * <p>Millisecond resolution. Time never goes backwards: {@link #advance(Duration)} rejects a
 * negative duration and {@link #setMillis(long)} rejects an earlier time. Safe to read from any
 * thread; clocks made by {@link #withZone(ZoneId)} share this clock's time.
 */
public final class ManualClock extends Clock {

  private final AtomicLong millis;
  private final ZoneId zone;

  /** A clock at {@code startMillis} since the epoch, in UTC. */
  public ManualClock(long startMillis) {
    this(new AtomicLong(startMillis), ZoneOffset.UTC);
  }

  /** A clock at the epoch, in UTC. */
  public ManualClock() {
    this(0L);
  }

  private ManualClock(AtomicLong millis, ZoneId zone) {
    this.millis = millis;
    this.zone = zone;
  }

  /** Moves the clock forward by {@code duration} (zero is allowed). */
  public void advance(Duration duration) {
    Objects.requireNonNull(duration, "duration");
    if (duration.isNegative()) {
      throw new IllegalArgumentException("a clock cannot go backwards: advance(" + duration + ")");
    }
    millis.addAndGet(duration.toMillis());
  }

  /** Sets the clock to {@code newMillis}, which must not be earlier than the current time. */
  public void setMillis(long newMillis) {
    long current = millis.get();
    if (newMillis < current) {
      throw new IllegalArgumentException(
          "a clock cannot go backwards: setMillis(" + newMillis + ") at " + current);
    }
    millis.set(newMillis);
  }

  @Override
  public long millis() {
    return millis.get();
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis.get());
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public Clock withZone(ZoneId newZone) {
    return new ManualClock(millis, Objects.requireNonNull(newZone, "zone"));
  }

  @Override
  public String toString() {
    return "ManualClock[" + instant() + "]";
  }
}
