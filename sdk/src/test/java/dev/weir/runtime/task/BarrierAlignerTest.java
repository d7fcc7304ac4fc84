package dev.weir.runtime.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.sdk.spi.ManualClock;
import org.junit.jupiter.api.Test;

class BarrierAlignerTest {

  @Test
  void aSingleInputSnapshotsAndForwardsAtOnce() {
    AlignerScript s = new AlignerScript(1);

    assertThat(s.run("barrier 0 1", "barrier 0 2")).containsExactly(
        "barrier 0 1 -> TakeSnapshot 1, ForwardBarrier 1",
        "barrier 0 2 -> TakeSnapshot 2, ForwardBarrier 2");
    assertThat(s.aligner.lastAlignmentDurationMs()).isZero();
    assertThat(s.aligner.isBlocked(0)).isFalse();
  }

  @Test
  void twoInputsBlockTheFirstChannelUntilTheSecondDelivers() {
    AlignerScript s = new AlignerScript(2);

    assertThat(s.run("barrier 1 1")).containsExactly("barrier 1 1 -> BlockChannel 1");
    assertThat(s.aligner.isBlocked(1)).isTrue();
    assertThat(s.aligner.isBlocked(0)).isFalse();

    assertThat(s.run("wait 25", "barrier 0 1")).containsExactly(
        "barrier 0 1 -> TakeSnapshot 1, ForwardBarrier 1, UnblockAll");
    assertThat(s.aligner.isBlocked(1)).isFalse();
    assertThat(s.aligner.isAligning()).isFalse();
  }

  @Test
  void alignmentTimeIsMeasuredOnTheInjectedClock() {
    AlignerScript s = new AlignerScript(2);

    s.run("barrier 0 1", "wait 40", "barrier 1 1");
    assertThat(s.aligner.lastAlignmentDurationMs()).isEqualTo(40);

    s.run("barrier 1 2", "wait 15", "barrier 0 2");
    assertThat(s.aligner.lastAlignmentDurationMs()).isEqualTo(15);
    assertThat(s.aligner.maxAlignmentDurationMs()).isEqualTo(40);
  }

  @Test
  void threeInputsAlignInAnyOrder() {
    AlignerScript s = new AlignerScript(3);

    assertThat(s.run("barrier 2 1", "barrier 0 1", "barrier 1 1")).containsExactly(
        "barrier 2 1 -> BlockChannel 2",
        "barrier 0 1 -> BlockChannel 0",
        "barrier 1 1 -> TakeSnapshot 1, ForwardBarrier 1, UnblockAll");
    assertThat(s.run("barrier 1 2", "barrier 2 2", "barrier 0 2")).containsExactly(
        "barrier 1 2 -> BlockChannel 1",
        "barrier 2 2 -> BlockChannel 2",
        "barrier 0 2 -> TakeSnapshot 2, ForwardBarrier 2, UnblockAll");
  }

  @Test
  void aChannelThatEndedBeforeTheBarrierCountsAsArrived() {
    AlignerScript s = new AlignerScript(3);

    assertThat(s.run("end 1", "barrier 0 1", "barrier 2 1")).containsExactly(
        "end 1 -> nothing",
        "barrier 0 1 -> BlockChannel 0",
        "barrier 2 1 -> TakeSnapshot 1, ForwardBarrier 1, UnblockAll");
    assertThat(s.run("end 2", "barrier 0 2")).containsExactly(
        "end 2 -> nothing",
        "barrier 0 2 -> TakeSnapshot 2, ForwardBarrier 2");
  }

  @Test
  void theLastMissingChannelEndingCompletesTheAlignment() {
    AlignerScript s = new AlignerScript(3);

    assertThat(s.run("barrier 0 1", "wait 10", "end 2", "barrier 1 1")).containsExactly(
        "barrier 0 1 -> BlockChannel 0",
        "end 2 -> nothing",
        "barrier 1 1 -> TakeSnapshot 1, ForwardBarrier 1, UnblockAll");
    assertThat(s.run("barrier 1 2", "wait 7", "end 0")).containsExactly(
        "barrier 1 2 -> BlockChannel 1",
        "end 0 -> TakeSnapshot 2, ForwardBarrier 2, UnblockAll");
    assertThat(s.aligner.lastAlignmentDurationMs()).isEqualTo(7);
  }

  @Test
  void aNewerBarrierAbortsTheCurrentAlignmentAndStartsItsOwn() {
    AlignerScript s = new AlignerScript(3);

    assertThat(s.run(
        "barrier 0 1",
        "barrier 1 2",
        "barrier 2 1",
        "barrier 0 2",
        "barrier 2 2")).containsExactly(
            "barrier 0 1 -> BlockChannel 0",
            "barrier 1 2 -> Abort 1 SUBSUMED, UnblockAll, BlockChannel 1",
            "barrier 2 1 -> nothing",
            "barrier 0 2 -> BlockChannel 0",
            "barrier 2 2 -> TakeSnapshot 2, ForwardBarrier 2, UnblockAll");
  }

  @Test
  void olderBarriersThanTheLastFinishedAreIgnored() {
    AlignerScript s = new AlignerScript(2);
    s.run("barrier 0 5", "barrier 1 5");

    assertThat(s.run("barrier 0 4", "barrier 1 5")).containsExactly(
        "barrier 0 4 -> nothing",
        "barrier 1 5 -> nothing");
    assertThat(s.aligner.isBlocked(0)).isFalse();
  }

  @Test
  void anAbortFromTheCoordinatorReleasesTheChannelsAndItsLateBarriersAreIgnored() {
    AlignerScript s = new AlignerScript(2);

    assertThat(s.run("barrier 0 1", "abort 1", "barrier 1 1", "barrier 0 2", "barrier 1 2"))
        .containsExactly(
            "barrier 0 1 -> BlockChannel 0",
            "abort 1 -> Abort 1 TIMEOUT, UnblockAll",
            "barrier 1 1 -> nothing",
            "barrier 0 2 -> BlockChannel 0",
            "barrier 1 2 -> TakeSnapshot 2, ForwardBarrier 2, UnblockAll");
  }

  @Test
  void barriersOfACheckpointAbortedBeforeTheyArriveAreIgnored() {
    AlignerScript s = new AlignerScript(2);

    assertThat(s.run("abort 3", "barrier 0 3", "barrier 1 3", "abort 2")).containsExactly(
        "abort 3 -> nothing",
        "barrier 0 3 -> nothing",
        "barrier 1 3 -> nothing",
        "abort 2 -> nothing");
  }

  @Test
  void aNewerBarrierThatWasAbortedAheadStillEndsTheCurrentAlignment() {
    AlignerScript s = new AlignerScript(2);

    assertThat(s.run("barrier 0 1", "abort 2", "barrier 1 2")).containsExactly(
        "barrier 0 1 -> BlockChannel 0",
        "abort 2 -> nothing",
        "barrier 1 2 -> Abort 1 SUBSUMED, UnblockAll");
  }

  @Test
  void protocolViolationsAreBugsAndThrow() {
    BarrierAligner aligner = new BarrierAligner(2, new ManualClock());
    aligner.onBarrier(0, 1);

    assertThatThrownBy(() -> aligner.onBarrier(0, 2))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("channel 0, which is blocked for barrier 1");
    assertThatThrownBy(() -> aligner.onEndOfInput(0))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> aligner.onBarrier(2, 1))
        .isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessageContaining("channel 2 of a task with 2 input channels");
    aligner.onEndOfInput(1);
    assertThatThrownBy(() -> aligner.onEndOfInput(1)).hasMessageContaining("already ended");
    assertThatThrownBy(() -> new BarrierAligner(0, new ManualClock()))
        .hasMessageContaining("at least one input channel");
  }
}
