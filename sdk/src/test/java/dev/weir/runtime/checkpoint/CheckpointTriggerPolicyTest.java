package dev.weir.runtime.checkpoint;

import dev.weir.sdk.checkpoint.CheckpointConfig;

import static dev.weir.runtime.checkpoint.CheckpointTriggerPolicy.NEVER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.runtime.checkpoint.CheckpointTriggerPolicy.Decision;
import dev.weir.runtime.checkpoint.CheckpointTriggerPolicy.Inputs;
import dev.weir.runtime.checkpoint.CheckpointTriggerPolicy.TriggerNow;
import dev.weir.runtime.checkpoint.CheckpointTriggerPolicy.TriggerReason;
import dev.weir.runtime.checkpoint.CheckpointTriggerPolicy.WaitForEvent;
import dev.weir.runtime.checkpoint.CheckpointTriggerPolicy.WaitUntil;
import org.junit.jupiter.api.Test;

class CheckpointTriggerPolicyTest {

  private static Decision decide(CheckpointConfig config, long now, long lastTrigger,
      long lastCompletion, long records, long bytes, int inFlight) {
    return new CheckpointTriggerPolicy(config)
        .decide(new Inputs(now, lastTrigger, lastCompletion, records, bytes, inFlight));
  }

  @Test
  void noAutomaticTriggerMeansWaitForEvent() {
    assertThat(decide(CheckpointConfig.disabled(), 1_000, NEVER, NEVER, 1 << 30, 1 << 30, 0))
        .isInstanceOf(WaitForEvent.class);
  }

  @Test
  void intervalIsMeasuredFromTheLastTrigger() {
    CheckpointConfig config = CheckpointConfig.everyMillis(100);

    assertThat(decide(config, 1_050, 1_000, NEVER, 0, 0, 0)).isEqualTo(new WaitUntil(1_100));
    assertThat(decide(config, 1_100, 1_000, NEVER, 0, 0, 0))
        .isEqualTo(new TriggerNow(TriggerReason.INTERVAL));
    assertThat(decide(config, 1_000, NEVER, NEVER, 0, 0, 0))
        .isEqualTo(new TriggerNow(TriggerReason.INTERVAL));
  }

  @Test
  void minPauseIsMeasuredFromTheLastCompletion() {
    CheckpointConfig config = CheckpointConfig.everyMillis(100).withMinPauseMs(80);

    // Interval due at 1_100 but the previous checkpoint completed at 1_090.
    assertThat(decide(config, 1_100, 1_000, 1_090, 0, 0, 0)).isEqualTo(new WaitUntil(1_170));
    assertThat(decide(config, 1_170, 1_000, 1_090, 0, 0, 0))
        .isEqualTo(new TriggerNow(TriggerReason.INTERVAL));
  }

  @Test
  void minPauseKeepsAutomaticCheckpointsFromOverlapping() {
    CheckpointConfig config = CheckpointConfig.everyMillis(100).withMinPauseMs(1)
        .withMaxConcurrent(3);

    assertThat(decide(config, 5_000, 1_000, NEVER, 0, 0, 1)).isInstanceOf(WaitForEvent.class);
  }

  @Test
  void maxConcurrentBlocksUntilACheckpointEnds() {
    CheckpointConfig one = CheckpointConfig.everyMillis(100);
    CheckpointConfig two = one.withMaxConcurrent(2);

    assertThat(decide(one, 5_000, 1_000, NEVER, 0, 0, 1)).isInstanceOf(WaitForEvent.class);
    assertThat(decide(two, 5_000, 1_000, NEVER, 0, 0, 1))
        .isEqualTo(new TriggerNow(TriggerReason.INTERVAL));
    assertThat(decide(two, 5_000, 1_000, NEVER, 0, 0, 2)).isInstanceOf(WaitForEvent.class);
  }

  @Test
  void everyNRecordsTriggersOnceTheCountIsReached() {
    CheckpointConfig config = CheckpointConfig.disabled().withEveryRecords(1_000);

    assertThat(decide(config, 1_000, NEVER, NEVER, 999, 0, 0)).isInstanceOf(WaitForEvent.class);
    assertThat(decide(config, 1_000, NEVER, NEVER, 1_000, 0, 0))
        .isEqualTo(new TriggerNow(TriggerReason.RECORDS));
  }

  @Test
  void everyBStateBytesTriggersOnceTheSizeIsReached() {
    CheckpointConfig config = CheckpointConfig.disabled().withEveryStateBytes(4_096);

    assertThat(decide(config, 1_000, NEVER, NEVER, 0, 4_095, 0)).isInstanceOf(WaitForEvent.class);
    assertThat(decide(config, 1_000, NEVER, NEVER, 0, 5_000, 0))
        .isEqualTo(new TriggerNow(TriggerReason.STATE_BYTES));
  }

  @Test
  void countTriggersHonourMinPauseAndMaxConcurrent() {
    CheckpointConfig config = CheckpointConfig.disabled().withEveryRecords(10).withMinPauseMs(50);

    assertThat(decide(config, 1_000, 900, 980, 10, 0, 0)).isEqualTo(new WaitUntil(1_030));
    assertThat(decide(config, 1_000, 900, 980, 10, 0, 1)).isInstanceOf(WaitForEvent.class);
  }

  @Test
  void countsAndIntervalCombineWhicheverIsFirst() {
    CheckpointConfig config = CheckpointConfig.everyMillis(100).withEveryRecords(10);

    assertThat(decide(config, 1_020, 1_000, NEVER, 3, 0, 0)).isEqualTo(new WaitUntil(1_100));
    assertThat(decide(config, 1_020, 1_000, NEVER, 10, 0, 0))
        .isEqualTo(new TriggerNow(TriggerReason.RECORDS));
  }

  @Test
  void hugeIntervalsDoNotOverflow() {
    CheckpointConfig config = CheckpointConfig.everyMillis(Long.MAX_VALUE);

    assertThat(decide(config, 1_000, 1_000, NEVER, 0, 0, 0))
        .isEqualTo(new WaitUntil(Long.MAX_VALUE));
  }
}
