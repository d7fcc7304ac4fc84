package dev.weir.runtime.checkpoint;

import dev.weir.sdk.checkpoint.CheckpointConfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.sdk.ConfigException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CheckpointConfigTest {

  @Test
  void disabledHasNoAutomaticTriggerAndDocumentedDefaults() {
    CheckpointConfig config = CheckpointConfig.disabled();

    assertThat(config.hasAutomaticTrigger()).isFalse();
    assertThat(config.timeoutMs()).isEqualTo(60_000);
    assertThat(config.minPauseMs()).isZero();
    assertThat(config.maxConcurrent()).isEqualTo(1);
    assertThat(config.tolerableFailures()).isEqualTo(3);
    assertThat(config.retained()).isEqualTo(3);
    assertThat(config.maxDeltaChain()).isEqualTo(5);
  }

  @Test
  void everyMillisAndWithersChangeOneFieldEach() {
    CheckpointConfig config = CheckpointConfig.everyMillis(1_000)
        .withEveryRecords(10).withEveryStateBytes(20).withTimeoutMs(30).withMinPauseMs(40)
        .withMaxConcurrent(2).withTolerableFailures(0).withRetained(5).withMaxDeltaChain(0);

    assertThat(config).isEqualTo(new CheckpointConfig(1_000, 10, 20, 30, 40, 2, 0, 5, 0));
    assertThat(config.hasAutomaticTrigger()).isTrue();
  }

  @Test
  void aNegativeIntervalIsRejectedNamingTheKeyAndValue() {
    assertThatThrownBy(() -> CheckpointConfig.everyMillis(-5))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("checkpoint.interval.ms must be >= 0, was -5")
        .satisfies(e -> {
          assertThat(((ConfigException) e).key()).isEqualTo(CheckpointConfig.INTERVAL_MS_CONFIG);
          assertThat(((ConfigException) e).value()).isEqualTo("-5");
        });
  }

  @Test
  void everyBadValueNamesItsKey() {
    CheckpointConfig d = CheckpointConfig.disabled();
    assertKey(() -> d.withEveryRecords(-1), "checkpoint.every.records must be >= 0, was -1");
    assertKey(() -> d.withEveryStateBytes(-1), "checkpoint.every.state.bytes must be >= 0");
    assertKey(() -> d.withTimeoutMs(0), "checkpoint.timeout.ms must be >= 1, was 0");
    assertKey(() -> d.withMinPauseMs(-1), "checkpoint.min.pause.ms must be >= 0");
    assertKey(() -> d.withMaxConcurrent(0), "checkpoint.max.concurrent must be >= 1, was 0");
    assertKey(() -> d.withTolerableFailures(-1), "checkpoint.tolerable.failures must be >= 0");
    assertKey(() -> d.withRetained(0), "checkpoint.retained must be >= 1, was 0");
    assertKey(() -> d.withMaxDeltaChain(-2), "checkpoint.max.delta.chain must be >= 0, was -2");
  }

  @Test
  void readsSettingsFromAMap() {
    CheckpointConfig config = CheckpointConfig.fromMap(Map.of(
        "checkpoint.interval.ms", "500",
        "checkpoint.retained", " 7 ",
        "pipeline.parallelism", "4"));

    assertThat(config).isEqualTo(CheckpointConfig.everyMillis(500).withRetained(7));
  }

  @Test
  void mapErrorsNameTheKey() {
    assertKey(() -> CheckpointConfig.fromMap(Map.of("checkpoint.timeout.ms", "soon")),
        "checkpoint.timeout.ms must be a whole number, was 'soon'");
    assertKey(() -> CheckpointConfig.fromMap(Map.of("checkpoint.retained", "99999999999")),
        "checkpoint.retained must be at most 2147483647");
    assertThatThrownBy(() -> CheckpointConfig.fromMap(Map.of("checkpoint.intervall.ms", "5")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown setting checkpoint.intervall.ms")
        .hasMessageContaining("checkpoint.interval.ms");
  }

  private static void assertKey(Runnable build, String expectedMessage) {
    assertThatThrownBy(build::run)
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(expectedMessage)
        .satisfies(e -> assertThat(expectedMessage).startsWith(((ConfigException) e).key()));
  }
}
