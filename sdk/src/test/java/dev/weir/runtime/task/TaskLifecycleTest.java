package dev.weir.runtime.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TaskLifecycleTest {

  @Test
  void aBoundedTaskWithCheckpointsGoesThroughItsStatesInOrder() {
    TaskLifecycle l = new TaskLifecycle();
    assertThat(l.state()).isEqualTo(TaskState.CREATED);
    l.moveTo(TaskState.RUNNING, "t");
    l.moveTo(TaskState.INPUT_ENDED, "t");
    assertThat(l.tryMoveTo(TaskState.FINISHING)).isTrue();
    l.moveTo(TaskState.ENDED, "t");
    assertThat(l.state().isTerminal()).isTrue();
  }

  @Test
  void aStopPausesASourceAndADrainThenEndsItsInput() {
    TaskLifecycle l = new TaskLifecycle();
    l.moveTo(TaskState.RUNNING, "t");
    assertThat(l.tryMoveTo(TaskState.PAUSED)).isTrue();
    assertThat(l.tryMoveTo(TaskState.RUNNING)).as("a stop is for good").isFalse();
    assertThat(l.tryMoveTo(TaskState.DRAINING)).isTrue();
    l.moveTo(TaskState.INPUT_ENDED, "t");
    assertThat(l.tryMoveTo(TaskState.PAUSED)).as("too late to pause").isFalse();
    assertThat(l.state()).isEqualTo(TaskState.INPUT_ENDED);
  }

  @Test
  void aRequestBeforeTheThreadStartsIsKeptAndTheStartDoesNotUndoIt() {
    TaskLifecycle l = new TaskLifecycle();
    assertThat(l.tryMoveTo(TaskState.DRAINING)).isTrue();
    assertThat(l.tryMoveTo(TaskState.RUNNING)).isFalse();
    assertThat(l.state()).isEqualTo(TaskState.DRAINING);
  }

  @Test
  void aPauseThatCameAsTheInputEndedByItselfLetsTheTaskEndItsInput() {
    TaskLifecycle l = new TaskLifecycle();
    l.moveTo(TaskState.RUNNING, "t");
    // The source's loop has returned END_OF_INPUT; a stop's pause arrives before the task
    // thread moves on: the input did end, and the task takes part in the stop checkpoint.
    assertThat(l.tryMoveTo(TaskState.PAUSED)).isTrue();
    l.moveTo(TaskState.INPUT_ENDED, "t");
    assertThat(l.state()).isEqualTo(TaskState.INPUT_ENDED);
  }

  @Test
  void finishIsIgnoredUntilTheInputEnded() {
    TaskLifecycle l = new TaskLifecycle();
    l.moveTo(TaskState.RUNNING, "t");
    assertThat(l.tryMoveTo(TaskState.FINISHING)).isFalse();
    assertThat(l.state()).isEqualTo(TaskState.RUNNING);
  }

  @Test
  void aCancelWinsOverTheTaskThreadsProgress() {
    TaskLifecycle l = new TaskLifecycle();
    l.moveTo(TaskState.RUNNING, "t");
    assertThat(l.tryMoveTo(TaskState.CANCELLED)).isTrue();
    assertThatThrownBy(() -> l.moveTo(TaskState.INPUT_ENDED, "count[0]"))
        .isInstanceOf(TaskCancelledException.class).hasMessageContaining("count[0]");
    assertThat(l.tryMoveTo(TaskState.FAILED)).as("terminal states stay").isFalse();
    assertThat(l.state()).isEqualTo(TaskState.CANCELLED);
  }

  @Test
  void anIllegalMoveOfTheTaskThreadIsABugThatNamesBothStates() {
    TaskLifecycle l = new TaskLifecycle();
    assertThatThrownBy(() -> l.moveTo(TaskState.FINISHING, "sink[1]"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("sink[1]").hasMessageContaining("CREATED").hasMessageContaining("FINISHING");
  }

  @Test
  void terminalStatesHaveNoSuccessorsAndEveryLiveStateCanFailOrBeCancelled() {
    for (TaskState s : TaskState.values()) {
      for (TaskState next : TaskState.values()) {
        if (s.isTerminal()) {
          assertThat(s.canMoveTo(next)).as(s + " -> " + next).isFalse();
        }
      }
      if (!s.isTerminal()) {
        assertThat(s.canMoveTo(TaskState.CANCELLED)).as(s.toString()).isTrue();
        assertThat(s.canMoveTo(TaskState.FAILED)).as(s.toString()).isTrue();
      }
    }
    assertThat(EnumSet.allOf(TaskState.class).stream().filter(TaskState::isTerminal))
        .containsExactlyInAnyOrder(TaskState.ENDED, TaskState.CANCELLED, TaskState.FAILED);
  }

  @Test
  void concurrentRequestsApplyExactlyOneWinnerPerMove() throws Exception {
    for (int round = 0; round < 200; round++) {
      TaskLifecycle l = new TaskLifecycle();
      l.moveTo(TaskState.RUNNING, "t");
      CountDownLatch go = new CountDownLatch(1);
      AtomicInteger won = new AtomicInteger();
      List<Thread> threads = new ArrayList<>();
      for (TaskState target : List.of(TaskState.PAUSED, TaskState.CANCELLED, TaskState.PAUSED,
          TaskState.CANCELLED)) {
        Thread t = new Thread(() -> {
          try {
            go.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          if (l.tryMoveTo(target)) {
            won.incrementAndGet();
          }
        });
        t.start();
        threads.add(t);
      }
      go.countDown();
      for (Thread t : threads) {
        t.join();
      }
      assertThat(l.state()).isIn(TaskState.CANCELLED);
      assertThat(won.get()).as("one pause at most, then exactly one cancel").isBetween(1, 2);
    }
  }
}
