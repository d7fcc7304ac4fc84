package dev.weir.runner.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.sdk.OutputTag;
import dev.weir.sdk.PStream;
import dev.weir.sdk.Pipeline;
import dev.weir.sdk.PipelineOptions;
import dev.weir.sdk.PipelineResult;
import dev.weir.sdk.RestartStrategy;
import dev.weir.sdk.checkpoint.CheckpointStores;
import dev.weir.sdk.time.WatermarkStrategy;
import dev.weir.sdk.time.WindowResult;
import dev.weir.sdk.time.WindowSpec;
import dev.weir.sdk.types.Types;
import dev.weir.testing.WeirTest;
import dev.weir.testing.CollectingSink;
import dev.weir.testing.Faults;
import dev.weir.testing.PushSource;
import dev.weir.testing.TestSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Windows open and timers pending at a checkpoint survive a crash: the committed output of a
 * job crashed in its window steps and restored from its checkpoints equals the output of a
 * failure-free run exactly, record for record (no lost and no duplicated firing), including
 * late re-firings and the late side output.
 */
class WindowRecoveryTest {
  static final int RECORDS = 40_000;
  static final int KEYS = 40;
  static final OutputTag<String> TOO_LATE = OutputTag.of("tooLate", Types.STRING);

  /** Record i: key k(i % KEYS), about 1 ms apart, out of order by up to 29 ms (every 97th by 60 ms more), pausing 300 ms every 2000. */
  static TestSource<String> source() {
    TestSource.Builder<String> b = TestSource.builder(Types.STRING);
    for (int i = 0; i < RECORDS; i++) {
      long ts = i + (i / 2000) * 300L - Math.floorMod(i * 7919L, 30) - (i % 97 == 0 ? 60 : 0);
      b.add("k" + (i % KEYS), ts);
    }
    return b.build();
  }

  record Sinks(CollectingSink<WindowResult<String, Long>> tumbling,
      CollectingSink<WindowResult<String, Long>> sessions, CollectingSink<String> late) {
    static Sinks create() {
      return new Sinks(CollectingSink.create(), CollectingSink.create(), CollectingSink.create());
    }
  }

  static Pipeline job(String name, Sinks sinks) {
    Pipeline p = Pipeline.create(PipelineOptions.defaults().withJobName(name).withParallelism(2)
        .withCheckpointInterval(Duration.ofMillis(10)));
    PStream<String> in = p.read("events", source()).withParallelism(1)
        .assignTimestampsAndWatermarks("stamped",
            WatermarkStrategy.forBoundedOutOfOrderness(Duration.ofMillis(20)))
        .withParallelism(1);
    PStream<WindowResult<String, Long>> tumbling = in
        .keyBy("byKey", k -> k, Types.STRING)
        .window(WindowSpec.tumbling(Duration.ofMillis(100)).withAllowedLateness(Duration.ofMillis(5)))
        .withLateOutput(TOO_LATE)
        .count("tumbling");
    tumbling.write("tumblingOut", sinks.tumbling());
    tumbling.sideOutput(TOO_LATE).write("lateOut", sinks.late());
    in.keyBy("byKey2", k -> k, Types.STRING)
        .window(WindowSpec.session(Duration.ofMillis(100)))
        .count("sessions")
        .write("sessionsOut", sinks.sessions());
    return p;
  }

  static <T> List<T> sorted(List<T> list) {
    List<T> copy = new ArrayList<>(list);
    copy.sort(Comparator.comparing(Object::toString));
    return copy;
  }

  @Test
  void aRestoredJobJudgesLatenessByTheCheckpointedWatermark() throws Exception {
    PushSource<String> in = PushSource.create(Types.STRING);
    CollectingSink<WindowResult<String, Long>> out = CollectingSink.create();
    CollectingSink<String> late = CollectingSink.create();
    Pipeline p = Pipeline.create(PipelineOptions.defaults().withJobName("wm-restore").withParallelism(1));
    PStream<WindowResult<String, Long>> counts = p.read("in", in)
        .assignTimestampsAndWatermarks("stamped", WatermarkStrategy.forMonotonousTimestamps())
        .keyBy("byKey", k -> k, Types.STRING)
        .window(WindowSpec.tumbling(Duration.ofMillis(10)))
        .withLateOutput(TOO_LATE)
        .count("counts");
    counts.write("out", out);
    counts.sideOutput(TOO_LATE).write("lateOut", late);
    Faults faults = Faults.create().crashAtRecord("counts", 0, 1);
    PipelineResult job = LocalRunner.builder().checkpointStore(CheckpointStores.inMemory())
        .faults(faults).restartStrategy(RestartStrategy.fixedDelay(3, Duration.ofMillis(5))).build().run(p);
    try {
      in.pushAt("a", 100);
      WeirTest.await(() -> job.metrics().step("counts").recordsIn() == 1);
      assertThat(job.triggerCheckpoint().get()).isEqualTo(1L);
      // The watermark is 99, so a@5 is too late; the crash comes before it is processed.
      in.pushAt("a", 5);
      WeirTest.await(() -> faults.fired() == 1 && job.restarts() == 1
          && !job.restoredCheckpointIds().isEmpty());
      in.finish();
      assertThat(job.waitUntilFinish(Duration.ofSeconds(60))).isEqualTo(PipelineResult.State.DONE);
    } finally {
      job.cancel();
    }
    assertThat(job.restoredCheckpointIds()).containsExactly(1L);
    // Restored with the watermark of checkpoint 1, the replayed a@5 is still too late (it
    // would open a window [0,10) if the watermark had started over).
    assertThat(out.results()).containsExactly(
        new WindowResult<>("a", 100L, 110L, 1L, 0, WindowResult.Timing.ON_TIME));
    assertThat(late.results()).containsExactly("a");
  }

  @Test
  void crashesWithOpenWindowsAndPendingTimersChangeNoFiring() {
    Sinks expected = Sinks.create();
    PipelineResult free = LocalRunner.builder().checkpointStore(CheckpointStores.inMemory()).build()
        .run(job("windows-free", expected));
    assertThat(free.waitUntilFinish(Duration.ofSeconds(120))).isEqualTo(PipelineResult.State.DONE);
    // The data exercises every path: on-time and late firings, too-late records, merged sessions.
    assertThat(expected.tumbling().results()).anyMatch(r -> r.timing() == WindowResult.Timing.LATE);
    assertThat(expected.late().results()).isNotEmpty();
    assertThat(expected.sessions().results()).hasSizeBetween(KEYS * (RECORDS / 2000), RECORDS / 20);
    assertThat(expected.tumbling().results().stream()
        .filter(r -> r.timing() == WindowResult.Timing.ON_TIME).mapToLong(WindowResult::value).sum()
        + expected.late().size()).isLessThanOrEqualTo(RECORDS);

    Faults faults = Faults.create()
        .crashAtRecord("tumbling", 0, 6_000)
        .crashAtRecord("sessions", 1, 3_000)
        .crashAtRecord("tumbling", 1, 5_000);
    Sinks actual = Sinks.create();
    PipelineResult crashed = LocalRunner.builder().checkpointStore(CheckpointStores.inMemory())
        .faults(faults).restartStrategy(RestartStrategy.fixedDelay(20, Duration.ofMillis(5))).build()
        .run(job("windows-crash", actual));
    assertThat(crashed.waitUntilFinish(Duration.ofSeconds(120))).isEqualTo(PipelineResult.State.DONE);
    assertThat(faults.fired()).as("every planned crash happened: " + faults).isEqualTo(3);
    assertThat(crashed.restarts()).isGreaterThanOrEqualTo(1);
    assertThat(crashed.restoredCheckpointIds())
        .as("restarts restore window state from checkpoints, not from the beginning").isNotEmpty();

    assertThat(sorted(actual.tumbling().results())).isEqualTo(sorted(expected.tumbling().results()));
    assertThat(sorted(actual.sessions().results())).isEqualTo(sorted(expected.sessions().results()));
    assertThat(sorted(actual.late().results())).isEqualTo(sorted(expected.late().results()));
  }
}
