package dev.weir.runner.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.sdk.OutputTag;
import dev.weir.sdk.PStream;
import dev.weir.sdk.Pipeline;
import dev.weir.sdk.PipelineOptions;
import dev.weir.sdk.PipelineResult;
import dev.weir.sdk.PipelineValidationException;
import dev.weir.sdk.WindowedPStream;
import dev.weir.sdk.checkpoint.CheckpointStores;
import dev.weir.sdk.fn.AggregateFn;
import dev.weir.sdk.time.WatermarkStrategy;
import dev.weir.sdk.time.WindowResult;
import dev.weir.sdk.time.WindowResult.Timing;
import dev.weir.sdk.time.WindowSpec;
import dev.weir.sdk.types.Types;
import dev.weir.testing.CollectingSink;
import dev.weir.testing.ManualClock;
import dev.weir.testing.PushSource;
import dev.weir.testing.TestSource;
import dev.weir.testing.WeirTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Window semantics against hand-computed expectations. Records are strings (the key) with
 * source timestamps in ms; sources run with parallelism 1 so the watermark sequence is the
 * one written in each test.
 */
class EventTimeWindowTest {

  static Pipeline pipeline(String job) {
    return Pipeline.create(PipelineOptions.defaults().withJobName(job).withParallelism(2));
  }

  /** A source of {@code key@ts} pairs, in the given order. */
  static TestSource<String> events(Object... keyAndTs) {
    TestSource.Builder<String> b = TestSource.builder(Types.STRING);
    for (int i = 0; i < keyAndTs.length; i += 2) {
      b.add((String) keyAndTs[i], ((Number) keyAndTs[i + 1]).longValue());
    }
    return b.build();
  }

  static PStream<String> stamped(Pipeline p, long boundMs, Object... keyAndTs) {
    return p.read("events", events(keyAndTs)).withParallelism(1)
        .assignTimestampsAndWatermarks("stamped",
            WatermarkStrategy.forBoundedOutOfOrderness(Duration.ofMillis(boundMs)))
        .withParallelism(1);
  }

  static WindowResult<String, Long> r(String key, long start, long end, long value, int pane, Timing t) {
    return new WindowResult<>(key, start, end, value, pane, t);
  }

  @Test
  void outOfOrderRecordsWithinTheBoundLandInTheirWindow() {
    Pipeline p = pipeline("ooo");
    CollectingSink<WindowResult<String, Long>> out = CollectingSink.create();
    // bound 5: after a@12 the watermark is 6, so a@9 is still on time for [0,10);
    // a@25 moves it to 19 and fires [0,10) and [10,20); [20,30) fires at the end of input.
    stamped(p, 5, "a", 1, "a", 7, "a", 3, "a", 12, "a", 9, "b", 4, "a", 25)
        .keyBy("byKey", k -> k, Types.STRING)
        .window(WindowSpec.tumbling(Duration.ofMillis(10)))
        .count("counts")
        .write("out", out);
    WeirTest.run(p);
    assertThat(out.results()).containsExactlyInAnyOrder(
        r("a", 0, 10, 4, 0, Timing.ON_TIME),
        r("b", 0, 10, 1, 0, Timing.ON_TIME),
        r("a", 10, 20, 1, 0, Timing.ON_TIME),
        r("a", 20, 30, 1, 0, Timing.ON_TIME));
  }

  @Test
  void lateRecordsWithinTheAllowedLatenessRefireAndLaterOnesGoToTheSideOutput() {
    Pipeline p = pipeline("late");
    OutputTag<String> tooLate = OutputTag.of("tooLate", Types.STRING);
    CollectingSink<WindowResult<String, Long>> out = CollectingSink.create();
    CollectingSink<String> late = CollectingSink.create();
    // bound 0, lateness 10: a@12 (wm 11) fires [0,10); a@5 is late but within lateness
    // (cleanup at 19): [0,10) fires again with 2; a@25 (wm 24) fires [10,20) and drops
    // [0,10); a@3 is then too late.
    PStream<WindowResult<String, Long>> counts = stamped(p, 0, "a", 1, "a", 12, "a", 5, "a", 25, "a", 3)
        .keyBy("byKey", k -> k, Types.STRING)
        .window(WindowSpec.tumbling(Duration.ofMillis(10)).withAllowedLateness(Duration.ofMillis(10)))
        .withLateOutput(tooLate)
        .count("counts");
    counts.write("out", out);
    counts.sideOutput(tooLate).map("describe", k -> k + " too late").write("lateOut", late);
    PipelineResult result = WeirTest.run(p);
    assertThat(out.results()).containsExactly(
        r("a", 0, 10, 1, 0, Timing.ON_TIME),
        r("a", 0, 10, 2, 1, Timing.LATE),
        r("a", 10, 20, 1, 0, Timing.ON_TIME),
        r("a", 20, 30, 1, 0, Timing.ON_TIME));
    assertThat(late.results()).containsExactly("a too late");
    assertThat(result.metrics().step("counts.tooLate").recordsIn()).isEqualTo(1);
  }

  @Test
  void tooLateRecordsGoToTheDefaultLateOutput() {
    Pipeline p = pipeline("default-late");
    CollectingSink<WindowResult<String, Long>> out = CollectingSink.create();
    CollectingSink<String> late = CollectingSink.create();
    PStream<WindowResult<String, Long>> counts = stamped(p, 0, "a", 1, "a", 30, "a", 2)
        .keyBy("byKey", k -> k, Types.STRING)
        .window(WindowSpec.tumbling(Duration.ofMillis(10)))
        .count("counts");
    counts.write("out", out);
    counts.sideOutput(OutputTag.of(WindowedPStream.LATE_TAG_ID, Types.STRING)).write("lateOut", late);
    WeirTest.run(p);
    assertThat(out.results()).containsExactly(
        r("a", 0, 10, 1, 0, Timing.ON_TIME), r("a", 30, 40, 1, 0, Timing.ON_TIME));
    assertThat(late.results()).containsExactly("a");
  }

  @Test
  void unreadTooLateRecordsAreCountedAndTheWatermarkIsReported() {
    Pipeline p = pipeline("unread-late");
    CollectingSink<WindowResult<String, Long>> out = CollectingSink.create();
    stamped(p, 0, "a", 1, "a", 30, "a", 2, "a", 3)
        .keyBy("byKey", k -> k, Types.STRING)
        .window(WindowSpec.tumbling(Duration.ofMillis(10)))
        .count("counts")
        .write("out", out);
    PipelineResult result = WeirTest.run(p);
    assertThat(result.metrics().step("counts").sideOutputDropped()).isEqualTo(2);
    assertThat(result.metrics().step("counts").watermark()).isEqualTo(29);
  }

  @Test
  void sessionsMergeAcrossOutOfOrderRecords() {
    Pipeline p = pipeline("sessions");
    CollectingSink<String> out = CollectingSink.create();
    // gap 10: u@1 -> [1,11), u@18 -> [18,28), then u@9 -> [9,19) bridges both: [1,28).
    // v@40 and v@45 share [40,55). Bound 30 keeps everything on time.
    stamped(p, 30, "u", 1, "u", 18, "v", 40, "u", 9, "v", 45)
        .withCoder(Types.STRING)
        .keyBy("byKey", k -> k, Types.STRING)
        .window(WindowSpec.session(Duration.ofMillis(10)))
        .<String>process("sessions", (ctx, elements, emit) ->
            emit.accept(ctx.key() + " [" + ctx.start() + "," + ctx.end() + ") n=" + elements.size()
                + " " + ctx.timing()))
        .write("out", out);
    WeirTest.run(p);
    assertThat(out.results()).containsExactlyInAnyOrder("u [1,28) n=3 ON_TIME", "v [40,55) n=2 ON_TIME");
  }

  @Test
  void sessionAggregatesNeedMerge() {
    Pipeline p = pipeline("session-merge");
    AggregateFn<String, Long, Long> noMerge = AggregateFn.of(Types.LONG, () -> 0L, (n, v) -> n + 1, n -> n);
    assertThatThrownBy(() -> stamped(p, 0, "a", 1)
        .keyBy("byKey", k -> k, Types.STRING)
        .window(WindowSpec.session(Duration.ofMillis(10)))
        .aggregate("agg", noMerge))
        .isInstanceOf(PipelineValidationException.class)
        .hasMessageContaining("'agg'").hasMessageContaining("merge");
  }

  @Test
  void theEndOfABoundedInputFiresEveryWindow() {
    Pipeline p = pipeline("end");
    CollectingSink<WindowResult<String, Long>> sliding = CollectingSink.create();
    CollectingSink<WindowResult<String, String>> global = CollectingSink.create();
    // bound 1000: the watermark never reaches a window end before the input ends.
    PStream<String> in = stamped(p, 1000, "a", 1, "a", 6, "a", 12).withCoder(Types.STRING);
    in.keyBy("byKey", k -> k, Types.STRING)
        .window(WindowSpec.sliding(Duration.ofMillis(10), Duration.ofMillis(5)))
        .count("sliding")
        .write("slidingOut", sliding);
    in.keyBy("byKey2", k -> k, Types.STRING)
        .window(WindowSpec.global())
        .reduce("global", (x, y) -> x + y)
        .write("globalOut", global);
    WeirTest.run(p);
    assertThat(sliding.results()).containsExactlyInAnyOrder(
        r("a", -5, 5, 1, 0, Timing.ON_TIME),
        r("a", 0, 10, 2, 0, Timing.ON_TIME),
        r("a", 5, 15, 2, 0, Timing.ON_TIME),
        r("a", 10, 20, 1, 0, Timing.ON_TIME));
    assertThat(global.results()).containsExactly(
        new WindowResult<>("a", Long.MIN_VALUE, Long.MAX_VALUE, "aaa", 0, Timing.ON_TIME));
  }

  @Test
  void anIdleSourceDoesNotHoldBackTheWatermark() throws Exception {
    Pipeline p = Pipeline.create(PipelineOptions.defaults().withJobName("idle").withParallelism(1)
        .withCheckpointInterval(Duration.ofMillis(10)));
    PushSource<String> busy = PushSource.create(Types.STRING);
    PushSource<String> quiet = PushSource.create(Types.STRING);
    PStream<String> a = p.read("busy", busy)
        .assignTimestampsAndWatermarks("busyStamped", WatermarkStrategy.forMonotonousTimestamps());
    PStream<String> b = p.read("quiet", quiet)
        .assignTimestampsAndWatermarks("quietStamped",
            WatermarkStrategy.<String>forMonotonousTimestamps().withIdleness(Duration.ofMillis(50)));
    CollectingSink<WindowResult<String, Long>> out = CollectingSink.create();
    a.union("both", b)
        .keyBy("byKey", k -> k, Types.STRING)
        .window(WindowSpec.tumbling(Duration.ofMillis(10)))
        .count("counts")
        .write("out", out);
    PipelineResult result = LocalRunner.builder().checkpointStore(CheckpointStores.inMemory()).build().run(p);
    try {
      busy.pushAt("a", 1);
      busy.pushAt("a", 5);
      busy.pushAt("a", 15);
      // "quiet" sends nothing: once idle, the watermark 14 of "busy" alone fires [0,10).
      assertThat(out.awaitSize(1, Duration.ofSeconds(20)))
          .containsExactly(r("a", 0, 10, 2, 0, Timing.ON_TIME));
      quiet.pushAt("b", 16);
      busy.finish();
      quiet.finish();
      assertThat(result.waitUntilFinish(Duration.ofSeconds(30))).isEqualTo(PipelineResult.State.DONE);
    } finally {
      result.cancel();
    }
    assertThat(new ArrayList<>(out.results())).containsExactlyInAnyOrder(
        r("a", 0, 10, 2, 0, Timing.ON_TIME),
        r("a", 10, 20, 1, 0, Timing.ON_TIME),
        r("b", 10, 20, 1, 0, Timing.ON_TIME));
  }

  @Test
  void earlyFiringsEmitPartialResultsOnTheProcessingTimeInterval() throws Exception {
    ManualClock clock = ManualClock.at(1_000_000);   // the test kit's clock drives the early firings
    PushSource<String> in = PushSource.create(Types.STRING);
    CollectingSink<WindowResult<String, Long>> out = CollectingSink.create();
    Pipeline p = Pipeline.create(PipelineOptions.defaults().withJobName("early").withParallelism(1));
    p.read("in", in)
        .assignTimestampsAndWatermarks("stamped",
            WatermarkStrategy.forBoundedOutOfOrderness(Duration.ofSeconds(1)))
        .keyBy("byKey", k -> k, Types.STRING)
        .window(WindowSpec.tumbling(Duration.ofMillis(100)).withEarlyFirings(Duration.ofSeconds(1)))
        .count("counts")
        .write("out", out);
    PipelineResult r = LocalRunner.builder().clock(clock).build().run(p);
    try {
      in.pushAt("a", 1);
      in.pushAt("a", 3);
      WeirTest.await(() -> r.metrics().step("counts").recordsIn() == 2);
      clock.advance(Duration.ofSeconds(1));
      WeirTest.await(() -> r.metrics().step("counts").recordsOut() == 1);
      clock.advance(Duration.ofSeconds(1)); // no new records: no early firing
      in.pushAt("a", 5);
      WeirTest.await(() -> r.metrics().step("counts").recordsIn() == 3);
      // The step counts a record just before processing it, so the clock may move before the
      // record registers its early-firing timer (one interval after the time it reads). Advance
      // until that firing came: more advances fire nothing more, as no new record arrives.
      WeirTest.await(() -> {
        clock.advance(Duration.ofSeconds(1));
        return r.metrics().step("counts").recordsOut() == 2;
      });
      in.finish();
      assertThat(r.waitUntilFinish(Duration.ofSeconds(30))).isEqualTo(PipelineResult.State.DONE);
    } finally {
      r.cancel();
    }
    assertThat(out.results()).containsExactly(
        r("a", 0, 100, 2, 0, Timing.EARLY),
        r("a", 0, 100, 3, 1, Timing.EARLY),
        r("a", 0, 100, 3, 2, Timing.ON_TIME));
  }

  @Test
  void recordsWithoutTimestampsAreRejectedNamingTheStep() {
    Pipeline p = pipeline("no-ts");
    p.read("events", TestSource.of(Types.STRING, "a")).withParallelism(1)
        .assignTimestampsAndWatermarks("stamped",
            WatermarkStrategy.forBoundedOutOfOrderness(Duration.ZERO))
        .keyBy("byKey", k -> k, Types.STRING)
        .window(WindowSpec.tumbling(Duration.ofMillis(10)))
        .count("counts")
        .write("out", CollectingSink.<WindowResult<String, Long>>create());
    assertThatThrownBy(() -> WeirTest.run(p))
        .hasStackTraceContaining("stamped").hasStackTraceContaining("withTimestampAssigner");
  }

  static List<Object> unused() {
    return List.of();
  }
}
