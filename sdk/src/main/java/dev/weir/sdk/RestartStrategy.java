package dev.weir.sdk;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether and when a failed job restarts from its latest checkpoint.
 *
 * <pre>{@code
 * RestartStrategy.fixedDelay(3, Duration.ofSeconds(1));
 * RestartStrategy.exponentialBackoff(10, Duration.ofMillis(100), Duration.ofSeconds(30));
 * RestartStrategy.none();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class RestartStrategy {
  private final int maxRestarts;
  private final Duration initialDelay;
  private final Duration maxDelay;
  private final double multiplier;

  private RestartStrategy(int maxRestarts, Duration initialDelay, Duration maxDelay, double multiplier) {
    if (maxRestarts < 0) {
      throw new ConfigException("restart.max.attempts", maxRestarts,
          "restart.max.attempts must be >= 0, was " + maxRestarts);
    }
    this.maxRestarts = maxRestarts;
    this.initialDelay = Objects.requireNonNull(initialDelay, "initialDelay");
    this.maxDelay = Objects.requireNonNull(maxDelay, "maxDelay");
    this.multiplier = multiplier;
  }

  /** A failure fails the job. */
  public static RestartStrategy none() {
    return new RestartStrategy(0, Duration.ZERO, Duration.ZERO, 1);
  }

  /** Up to {@code maxRestarts} restarts, each after {@code delay}. */
  public static RestartStrategy fixedDelay(int maxRestarts, Duration delay) {
    return new RestartStrategy(maxRestarts, delay, delay, 1);
  }

  /** Up to {@code maxRestarts} restarts; the delay doubles from {@code initial} up to {@code max}. */
  public static RestartStrategy exponentialBackoff(int maxRestarts, Duration initial, Duration max) {
    return new RestartStrategy(maxRestarts, initial, max, 2);
  }

  /** The delay before restart number {@code restart} (from 1), or empty when the job must fail. */
  public Optional<Duration> delayBeforeRestart(int restart) {
    if (restart > maxRestarts) {
      return Optional.empty();
    }
    double ms = initialDelay.toMillis() * Math.pow(multiplier, restart - 1);
    return Optional.of(Duration.ofMillis((long) Math.min(ms, maxDelay.toMillis())));
  }

  /** The most restarts allowed. */
  public int maxRestarts() {
    return maxRestarts;
  }

  @Override
  public String toString() {
    return maxRestarts == 0 ? "no restarts" : "up to " + maxRestarts + " restarts, delay "
        + initialDelay.toMillis() + " ms" + (multiplier > 1 ? " doubling up to " + maxDelay.toMillis() + " ms" : "");
  }
}
