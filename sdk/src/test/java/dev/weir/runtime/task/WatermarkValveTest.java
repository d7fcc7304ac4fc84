package dev.weir.runtime.task;

import static dev.weir.runtime.task.WatermarkValve.NO_ADVANCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WatermarkValveTest {

  @Test
  void theCombinedWatermarkIsTheMinimumOverLiveChannelsAndOnlyGrows() {
    WatermarkValve v = new WatermarkValve(3);
    assertThat(v.onWatermark(0, 10)).isEqualTo(NO_ADVANCE);
    assertThat(v.onWatermark(1, 20)).isEqualTo(NO_ADVANCE);
    assertThat(v.onWatermark(2, 5)).isEqualTo(5);
    assertThat(v.onWatermark(2, 30)).isEqualTo(10);
    assertThat(v.onWatermark(0, 8)).as("a channel's watermark never goes back").isEqualTo(NO_ADVANCE);
    assertThat(v.onWatermark(0, 25)).isEqualTo(20);
    assertThat(v.current()).isEqualTo(20);
  }

  @Test
  void anIdleChannelDoesNotHoldTheOthersBackUntilItSpeaksAgain() {
    WatermarkValve v = new WatermarkValve(2);
    assertThat(v.onWatermark(0, 100)).isEqualTo(NO_ADVANCE);
    assertThat(v.onWatermark(1, Watermark.IDLE)).isEqualTo(100);
    assertThat(v.onWatermark(0, 150)).isEqualTo(150);
    assertThat(v.onWatermark(1, 120)).as("back from idle below the combined watermark")
        .isEqualTo(NO_ADVANCE);
    assertThat(v.onWatermark(0, 200)).isEqualTo(NO_ADVANCE);
    assertThat(v.onWatermark(1, 170)).isEqualTo(170);
  }

  @Test
  void allChannelsIdleReportsNothing() {
    WatermarkValve v = new WatermarkValve(2);
    assertThat(v.onWatermark(0, Watermark.IDLE)).isEqualTo(NO_ADVANCE);
    assertThat(v.onWatermark(1, Watermark.IDLE)).isEqualTo(NO_ADVANCE);
    assertThat(v.current()).isEqualTo(Long.MIN_VALUE);
  }

  @Test
  void anEndedChannelNoLongerCountsAndTheLastEndReportsNothing() {
    WatermarkValve v = new WatermarkValve(2);
    v.onWatermark(0, 50);
    v.onWatermark(1, 10);
    assertThat(v.current()).isEqualTo(10);
    assertThat(v.onEndOfInput(1)).isEqualTo(50);
    assertThat(v.onEndOfInput(1)).as("a second end is ignored").isEqualTo(NO_ADVANCE);
    assertThat(v.liveChannels()).isEqualTo(1);
    assertThat(v.onEndOfInput(0)).isEqualTo(NO_ADVANCE);
    assertThat(v.liveChannels()).isZero();
    assertThat(v.ended(0)).isTrue();
  }

  @Test
  void randomSequencesKeepTheInvariants() {
    for (long seed = 0; seed < 200; seed++) {
      SplittableRandom r = new SplittableRandom(seed);
      int n = 1 + r.nextInt(4);
      WatermarkValve v = new WatermarkValve(n);
      long[] per = new long[n];
      java.util.Arrays.fill(per, Long.MIN_VALUE);
      boolean[] idle = new boolean[n];
      boolean[] ended = new boolean[n];
      List<Long> reported = new ArrayList<>();
      for (int step = 0; step < 60; step++) {
        int c = r.nextInt(n);
        long got;
        int kind = r.nextInt(10);
        if (kind == 0) {
          got = v.onEndOfInput(c);
          ended[c] = true;
        } else if (kind == 1) {
          got = v.onWatermark(c, Watermark.IDLE);
          idle[c] = true;
        } else {
          long ts = r.nextLong(1_000);
          got = v.onWatermark(c, ts);
          idle[c] = false;
          per[c] = Math.max(per[c], ts);
        }
        if (got != NO_ADVANCE) {
          long min = Long.MAX_VALUE;
          for (int i = 0; i < n; i++) {
            if (!ended[i] && !idle[i]) {
              min = Math.min(min, per[i]);
            }
          }
          assertThat(got).as("seed " + seed).isEqualTo(min);
          if (!reported.isEmpty()) {
            assertThat(got).as("seed " + seed).isGreaterThan(reported.get(reported.size() - 1));
          }
          reported.add(got);
        }
      }
    }
  }

  @Test
  void aTaskHasAtLeastOneChannel() {
    assertThatThrownBy(() -> new WatermarkValve(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
