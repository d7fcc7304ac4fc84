package dev.weir.runtime.failure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.sdk.ConfigException;
import dev.weir.sdk.RestartStrategy;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RestartPolicyTest {

  private final IOException transientError = new IOException("connection reset");

  @Test
  void aTransientFailureRestartsWhileTheStrategyAllows() {
    RestartPolicy p = new RestartPolicy(RestartStrategy.fixedDelay(2, Duration.ofMillis(100)), true);
    assertThat(p.onFailure(1, transientError))
        .isEqualTo(new RestartPolicy.Restart(Duration.ofMillis(100)));
    assertThat(p.onFailure(2, transientError))
        .isEqualTo(new RestartPolicy.Restart(Duration.ofMillis(100)));
    assertThat(p.onFailure(3, transientError)).isInstanceOfSatisfying(RestartPolicy.Fail.class,
        f -> assertThat(f.reason()).contains("allows no restart after 3 failed attempts"));
  }

  @Test
  void aFailureARestartCannotFixFailsAtOnce() {
    RestartPolicy p = new RestartPolicy(RestartStrategy.fixedDelay(10, Duration.ZERO), true);
    ConfigException bad = new ConfigException("checkpoint.interval.ms", -5, "must not be negative");
    assertThat(p.onFailure(1, new RuntimeException(bad)))
        .isInstanceOfSatisfying(RestartPolicy.Fail.class,
            f -> assertThat(f.reason()).contains("a restart cannot fix").contains("must not be negative"));
  }

  @Test
  void aJobWithoutCheckpointsNeverRestarts() {
    RestartPolicy p = new RestartPolicy(RestartStrategy.fixedDelay(10, Duration.ZERO), false);
    assertThat(p.onFailure(1, transientError)).isInstanceOfSatisfying(RestartPolicy.Fail.class,
        f -> assertThat(f.reason()).contains("no checkpoints"));
  }

  @Test
  void exponentialBackoffGrowsTheDelay() {
    RestartPolicy p = new RestartPolicy(
        RestartStrategy.exponentialBackoff(5, Duration.ofMillis(100), Duration.ofMillis(250)), true);
    assertThat(p.onFailure(1, transientError)).isEqualTo(new RestartPolicy.Restart(Duration.ofMillis(100)));
    assertThat(p.onFailure(2, transientError)).isEqualTo(new RestartPolicy.Restart(Duration.ofMillis(200)));
    assertThat(p.onFailure(3, transientError)).isEqualTo(new RestartPolicy.Restart(Duration.ofMillis(250)));
  }
}
