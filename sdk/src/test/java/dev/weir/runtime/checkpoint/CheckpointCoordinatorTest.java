package dev.weir.runtime.checkpoint;

import dev.weir.sdk.checkpoint.CheckpointConfig;

import dev.weir.sdk.CheckpointFailureReason;
import static dev.weir.runtime.checkpoint.CoordinatorHarness.COUNT_0;
import static dev.weir.runtime.checkpoint.CoordinatorHarness.COUNT_1;
import static dev.weir.runtime.checkpoint.CoordinatorHarness.READ;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.runtime.checkpoint.CheckpointStats.Status;
import dev.weir.sdk.CheckpointException;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class CheckpointCoordinatorTest {

  private final CoordinatorHarness h = new CoordinatorHarness();

  @Test
  void periodicCheckpointIsTriggeredCollectedPersistedAndCompleted() {
    h.start(CheckpointConfig.everyMillis(500));
    h.advance(499);
    assertThat(h.actions.drain()).isEmpty();

    h.advance(1);
    assertThat(h.actions.drain()).containsExactly("triggerSources 1 @1500");

    h.advance(20);
    assertThat(h.coordinator.acknowledge(READ, 1, "src")).isEqualTo(AckResult.ACCEPTED);
    assertThat(h.coordinator.acknowledge(COUNT_0, 1, "c0")).isEqualTo(AckResult.ACCEPTED);
    assertThat(h.actions.drain()).isEmpty();
    assertThat(h.coordinator.acknowledge(COUNT_1, 1, "c1")).isEqualTo(AckResult.ACCEPTED);

    assertThat(h.actions.drain()).containsExactly(
        "persistManifest 1 {count#0=c0, count#1=c1, read#0=src}",
        "notifyComplete 1");
    assertThat(h.coordinator.inFlightIds()).isEmpty();

    h.advance(480);
    assertThat(h.actions.drain()).containsExactly("triggerSources 2 @2000");
  }

  @Test
  void onDemandTriggerCompletesWithTheId() {
    h.start(CheckpointConfig.disabled());

    CompletableFuture<Long> result = h.coordinator.triggerCheckpoint();
    assertThat(h.actions.drain()).containsExactly("triggerSources 1 @1000");
    assertThat(result).isNotDone();

    h.ackAll(1);

    assertThat(result).isCompletedWithValue(1L);
    assertThat(h.actions.drain()).containsExactly(
        "persistManifest 1 {count#0=h1, count#1=h1, read#0=h1}", "notifyComplete 1");
  }

  @Test
  void onDemandRequestsWaitForAFreeSlotAndShareTheNextCheckpoint() {
    h.start(CheckpointConfig.disabled());
    CompletableFuture<Long> first = h.coordinator.triggerCheckpoint();
    CompletableFuture<Long> second = h.coordinator.triggerCheckpoint();
    CompletableFuture<Long> third = h.coordinator.triggerCheckpoint();
    assertThat(h.actions.drain()).containsExactly("triggerSources 1 @1000");

    h.ackAll(1);

    assertThat(first).isCompletedWithValue(1L);
    assertThat(h.actions.drain()).containsExactly(
        "persistManifest 1 {count#0=h1, count#1=h1, read#0=h1}", "notifyComplete 1",
        "triggerSources 2 @1000");
    h.ackAll(2);
    assertThat(second).isCompletedWithValue(2L);
    assertThat(third).isCompletedWithValue(2L);
  }

  @Test
  void acknowledgementsReportDuplicatesUnknownTasksAndUnknownCheckpoints() {
    h.start(CheckpointConfig.disabled());
    h.coordinator.triggerCheckpoint();

    assertThat(h.coordinator.acknowledge(READ, 1, "a")).isEqualTo(AckResult.ACCEPTED);
    assertThat(h.coordinator.acknowledge(READ, 1, "b")).isEqualTo(AckResult.DUPLICATE);
    assertThat(h.coordinator.acknowledge(TaskId.of("count", 9), 1, "x"))
        .isEqualTo(AckResult.UNKNOWN_TASK);
    assertThat(h.coordinator.acknowledge(READ, 99, "x")).isEqualTo(AckResult.DISCARDED);
  }

  @Test
  void timeoutAbortsAndTheNextCheckpointStillWorks() {
    h.start(CheckpointConfig.everyMillis(1_000).withTimeoutMs(300));
    h.advance(1_000);
    h.coordinator.acknowledge(READ, 1, "src");
    h.actions.drain();

    h.advance(299);
    assertThat(h.actions.drain()).isEmpty();
    h.advance(1);
    assertThat(h.actions.drain()).containsExactly("notifyAborted 1 TIMEOUT");
    assertThat(h.coordinator.acknowledge(COUNT_0, 1, "late")).isEqualTo(AckResult.DISCARDED);

    h.advance(700);
    assertThat(h.actions.drain()).containsExactly("triggerSources 2 @3000");
    h.ackAll(2);
    assertThat(h.actions.drain()).containsExactly(
        "persistManifest 2 {count#0=h2, count#1=h2, read#0=h2}", "notifyComplete 2");
    assertThat(h.coordinator.stats()).extracting(CheckpointStats::id, CheckpointStats::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1L, Status.FAILED),
            org.assertj.core.groups.Tuple.tuple(2L, Status.COMPLETED));
  }

  @Test
  void aTimedOutOnDemandCheckpointFailsItsFutureWithTheReason() {
    h.start(CheckpointConfig.disabled().withTimeoutMs(100));
    CompletableFuture<Long> result = h.coordinator.triggerCheckpoint();
    h.coordinator.acknowledge(READ, 1, "src");

    h.advance(100);

    assertThatThrownBy(result::join)
        .isInstanceOf(CompletionException.class)
        .cause()
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("Checkpoint 1 failed")
        .hasMessageContaining("count#0")
        .satisfies(e -> {
          assertThat(((CheckpointException) e).reason()).isEqualTo(CheckpointFailureReason.TIMEOUT);
          assertThat(((CheckpointException) e).checkpointId()).hasValue(1);
        });
  }

  @Test
  void tolerableConsecutiveFailuresFailTheJobOnlyWhenExceeded() {
    h.start(CheckpointConfig.disabled().withTimeoutMs(100).withTolerableFailures(1));

    h.coordinator.triggerCheckpoint();
    h.advance(100);
    h.coordinator.triggerCheckpoint();
    h.ackAll(2);
    h.coordinator.triggerCheckpoint();
    h.advance(100);
    assertThat(h.actions.events()).noneMatch(e -> e.startsWith("failJob"));

    h.coordinator.triggerCheckpoint();
    h.advance(100);

    assertThat(h.actions.events()).filteredOn(e -> e.startsWith("failJob")).singleElement()
        .asString()
        .contains("Checkpoint 4 failed")
        .contains("2 failed checkpoints in a row")
        .contains("checkpoint.tolerable.failures is 1");
    assertThat(h.coordinator.triggerCheckpoint())
        .isCompletedExceptionally();
  }

  @Test
  void aFailingManifestWriteCountsAsAFailureAndIsNotReportedComplete() {
    h.start(CheckpointConfig.disabled().withTolerableFailures(0));
    h.actions.failPersistWith(new IOException("disk full"));
    CompletableFuture<Long> result = h.coordinator.triggerCheckpoint();

    h.ackAll(1);

    assertThat(h.actions.drain()).containsExactly(
        "triggerSources 1 @1000",
        "persistManifest 1 {count#0=h1, count#1=h1, read#0=h1}",
        "notifyAborted 1 STORE_FAILURE",
        "failJob Checkpoint 1 failed: writing the checkpoint manifest failed:"
            + " java.io.IOException: disk full; that is 1 failed"
            + " checkpoints in a row and checkpoint.tolerable.failures is 0. Raise it to tolerate"
            + " more, or fix the cause.");
    assertThat(h.actions.persisted()).isEmpty();
    assertThatThrownBy(result::join).cause()
        .isInstanceOf(CheckpointException.class)
        .hasRootCauseMessage("disk full");
    assertThat(h.coordinator.completedCount()).isZero();
    assertThat(h.coordinator.failedCount()).isEqualTo(1);
  }

  @Test
  void aDeclineAbortsTheCheckpoint() {
    h.start(CheckpointConfig.disabled());
    CompletableFuture<Long> result = h.coordinator.triggerCheckpoint();
    h.coordinator.acknowledge(READ, 1, "src");

    assertThat(h.coordinator.declineCheckpoint(COUNT_1, 1, new IllegalStateException("boom")))
        .isEqualTo(AckResult.ACCEPTED);

    assertThat(h.actions.drain()).containsExactly(
        "triggerSources 1 @1000", "notifyAborted 1 TASK_FAILURE");
    assertThatThrownBy(result::join).cause().hasMessageContaining("task count#1 declined");
    assertThat(h.coordinator.declineCheckpoint(COUNT_1, 1, null)).isEqualTo(AckResult.DISCARDED);
    assertThat(h.coordinator.acknowledge(COUNT_0, 1, "late")).isEqualTo(AckResult.DISCARDED);
  }

  @Test
  void aFailedBarrierInjectionAbortsTheCheckpoint() {
    h.start(CheckpointConfig.disabled());
    h.actions.failTriggerWith(new IllegalStateException("source gone"));

    CompletableFuture<Long> result = h.coordinator.triggerCheckpoint();

    assertThat(h.actions.drain()).containsExactly(
        "triggerSources 1 @1000", "notifyAborted 1 TRIGGER_FAILURE");
    assertThatThrownBy(result::join).cause().hasRootCauseMessage("source gone");
  }

  @Test
  void everyNRecordsTriggersAndResetsTheCount() {
    h.start(CheckpointConfig.disabled().withEveryRecords(1_000));

    h.coordinator.reportRecords(600);
    assertThat(h.actions.drain()).isEmpty();
    h.coordinator.reportRecords(400);
    assertThat(h.actions.drain()).containsExactly("triggerSources 1 @1000");

    h.coordinator.reportRecords(1_500);
    assertThat(h.actions.drain()).as("max concurrent is 1").isEmpty();

    h.ackAll(1);
    assertThat(h.actions.drain()).as("1500 records since trigger 1").containsExactly(
        "persistManifest 1 {count#0=h1, count#1=h1, read#0=h1}", "notifyComplete 1",
        "triggerSources 2 @1000");
    h.ackAll(2);
    h.actions.drain();
    h.coordinator.reportRecords(999);
    assertThat(h.actions.drain()).isEmpty();
    h.coordinator.reportRecords(1);
    assertThat(h.actions.drain()).containsExactly("triggerSources 3 @1000");
  }

  @Test
  void everyBStateBytesTriggers() {
    h.start(CheckpointConfig.disabled().withEveryStateBytes(1 << 20));

    h.coordinator.reportStateBytes(1 << 19);
    assertThat(h.actions.drain()).isEmpty();
    h.coordinator.reportStateBytes(1 << 19);
    assertThat(h.actions.drain()).containsExactly("triggerSources 1 @1000");
  }

  @Test
  void minPauseDelaysTheNextPeriodicCheckpointAfterASlowOne() {
    h.start(CheckpointConfig.everyMillis(100).withMinPauseMs(50));
    h.advance(100);
    assertThat(h.actions.drain()).containsExactly("triggerSources 1 @1100");

    h.advance(130);
    h.ackAll(1);
    h.actions.drain();

    h.advance(49);
    assertThat(h.actions.drain()).isEmpty();
    h.advance(1);
    assertThat(h.actions.drain()).containsExactly("triggerSources 2 @1280");
  }

  @Test
  void theCompletionOfANewerCheckpointSubsumesOlderOnes() {
    h.start(CheckpointConfig.everyMillis(100).withMaxConcurrent(2));
    h.advance(200);
    assertThat(h.actions.drain()).containsExactly(
        "triggerSources 1 @1100", "triggerSources 2 @1200");
    h.advance(100);
    assertThat(h.actions.drain()).as("two in flight").isEmpty();

    h.ackAll(2);

    assertThat(h.actions.drain()).containsExactly(
        "persistManifest 2 {count#0=h2, count#1=h2, read#0=h2}",
        "notifyAborted 1 SUBSUMED",
        "notifyComplete 2",
        "triggerSources 3 @1300");
  }

  @Test
  void idsResumeAfterTheHighestExistingIdAndAcrossCoordinators() {
    h.ids = CheckpointIdCounter.resumingAfter(41);
    h.start(CheckpointConfig.disabled());
    CompletableFuture<Long> first = h.coordinator.triggerCheckpoint();
    h.ackAll(42);
    assertThat(first).isCompletedWithValue(42L);

    h.coordinator.triggerCheckpoint();
    h.coordinator.stop(CheckpointFailureReason.JOB_FAILING);
    CheckpointCoordinator<String> restarted = h.start(CheckpointConfig.disabled());
    CompletableFuture<Long> next = restarted.triggerCheckpoint();
    h.ackAll(44);

    assertThat(next).isCompletedWithValue(44L);
    assertThat(h.actions.events()).contains("notifyAborted 43 JOB_FAILING")
        .noneMatch(e -> e.startsWith("failJob"));
  }

  @Test
  void stopAbortsWhatIsInFlightAndTriggersNothingMore() {
    h.start(CheckpointConfig.everyMillis(100).withTolerableFailures(0));
    h.advance(100);
    CompletableFuture<Long> queued = h.coordinator.triggerCheckpoint();

    h.coordinator.stop();
    h.advance(1_000);

    assertThat(h.actions.drain()).containsExactly(
        "triggerSources 1 @1100", "notifyAborted 1 CANCELLED");
    assertThatThrownBy(queued::join).cause().isInstanceOf(CheckpointException.class)
        .hasMessageContaining("not started");
    assertThat(h.coordinator.acknowledge(READ, 1, "late")).isEqualTo(AckResult.DISCARDED);
    assertThat(h.coordinator.triggerCheckpoint()).isCompletedExceptionally();
    assertThat(h.scheduler.pendingTasks()).isZero();
  }

  @Test
  void acksGivenSynchronouslyDuringTheTriggerComplete() {
    h.start(CheckpointConfig.disabled());
    h.actions.onTrigger(id -> h.ackAll(id));

    CompletableFuture<Long> result = h.coordinator.triggerCheckpoint();

    assertThat(result).isCompletedWithValue(1L);
    assertThat(h.actions.drain()).containsExactly("triggerSources 1 @1000",
        "persistManifest 1 {count#0=h1, count#1=h1, read#0=h1}", "notifyComplete 1");
  }

  @Test
  void statsRecordTimesAndOutcome() {
    h.start(CheckpointConfig.disabled().withTimeoutMs(500));
    h.coordinator.triggerCheckpoint();
    h.advance(40);
    h.ackAll(1);
    h.coordinator.triggerCheckpoint();
    h.coordinator.acknowledge(READ, 2, "x");
    h.advance(500);

    assertThat(h.coordinator.stats()).containsExactly(
        new CheckpointStats(1, Status.COMPLETED, 1_000, 1_040, java.util.Optional.empty(), 3, 3,
            java.util.OptionalLong.of(1_040)),
        new CheckpointStats(2, Status.FAILED, 1_040, 1_540,
            java.util.Optional.of(CheckpointFailureReason.TIMEOUT), 1, 3,
            java.util.OptionalLong.of(1_040)));
    assertThat(h.coordinator.stats().get(0).durationMs()).isEqualTo(40);
  }

  @Test
  void mustBeStartedBeforeTriggering() {
    CheckpointCoordinator<String> coordinator = new CheckpointCoordinator<>(
        CheckpointConfig.disabled(), h.clock, h.scheduler, CoordinatorHarness.TASKS,
        CheckpointIdCounter.fresh(), h.actions);

    assertThatThrownBy(coordinator::triggerCheckpoint).hasMessageContaining("start()");
  }
}
