package dev.weir.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongConsumer;

/**
 * A clock that moves only when the test moves it: the processing time of a job's timers,
 * given to the runner with {@code LocalRunner.builder().clock(clock)}.
 *
 * <pre>{@code
 * ManualClock clock = ManualClock.at(1_000_000);
 * PipelineResult r = WeirTest.start(LocalRunner.builder().clock(clock).build(), pipeline);
 * input.push("a");
 * clock.advance(Duration.ofSeconds(10));   // processing-time timers due by then fire
 * }</pre>
 *
 * <p>The clock drives timers (processing-time timers, early window firings, idleness), not the
 * runner's own schedule such as periodic checkpoints. Millisecond resolution; time never goes
 * backwards. This type is the test kit's face of the runtime's manual clock, which the runtime's
 * own tests use: one implementation, kept out of the API.
 *
 * <h2>Threading</h2>
 * Thread-safe: the test advances it while the job's threads read it. Clocks made by
 * {@link #withZone(ZoneId)} share this clock's time.
 */
public final class ManualClock extends Clock {
  private final dev.weir.sdk.spi.ManualClock time;
  private final List<LongConsumer> listeners = new CopyOnWriteArrayList<>();

  private ManualClock(dev.weir.sdk.spi.ManualClock time) {
    this.time = time;
  }

  /** A clock at {@code epochMillis}, in UTC. */
  public static ManualClock at(long epochMillis) {
    return new ManualClock(new dev.weir.sdk.spi.ManualClock(epochMillis));
  }

  /** A clock at {@code instant}, in UTC. */
  public static ManualClock at(Instant instant) {
    return at(Objects.requireNonNull(instant, "instant").toEpochMilli());
  }

  /**
   * Moves the clock forward by {@code duration} (zero is allowed) and returns it.
   *
   * @throws IllegalArgumentException if {@code duration} is negative
   */
  public ManualClock advance(Duration duration) {
    time.advance(duration);
    moved();
    return this;
  }

  /**
   * Sets the clock to {@code epochMillis}.
   *
   * @throws IllegalArgumentException if that is earlier than the current time
   */
  public ManualClock setMillis(long epochMillis) {
    time.setMillis(epochMillis);
    moved();
    return this;
  }

  /**
   * Calls {@code listener} with the new time (epoch ms) after every move of this object, on the
   * thread that moved it, before {@link #advance} or {@link #setMillis} returns: for a test whose
   * job runs in other processes and must see this clock's time there.
   */
  public ManualClock onMove(LongConsumer listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
    return this;
  }

  private void moved() {
    long now = time.millis();
    listeners.forEach(l -> l.accept(now));
  }

  @Override
  public long millis() {
    return time.millis();
  }

  @Override
  public Instant instant() {
    return time.instant();
  }

  @Override
  public ZoneId getZone() {
    return time.getZone();
  }

  @Override
  public ManualClock withZone(ZoneId zone) {
    return new ManualClock((dev.weir.sdk.spi.ManualClock) time.withZone(zone));
  }

  @Override
  public String toString() {
    return "ManualClock[" + instant() + "]";
  }
}
