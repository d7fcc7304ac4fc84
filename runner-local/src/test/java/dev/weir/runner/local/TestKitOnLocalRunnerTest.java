package dev.weir.runner.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.sdk.OutputTag;
import dev.weir.sdk.PStream;
import dev.weir.sdk.Pipeline;
import dev.weir.sdk.PipelineOptions;
import dev.weir.sdk.fn.AggregateFn;
import dev.weir.sdk.time.WindowResult;
import dev.weir.sdk.time.WindowResult.Timing;
import dev.weir.sdk.time.WindowSpec;
import dev.weir.sdk.types.KV;
import dev.weir.sdk.types.Types;
import dev.weir.testing.CollectingSink;
import dev.weir.testing.TestSource;
import dev.weir.testing.WeirExtension;
import dev.weir.testing.WeirTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The test kit's additions end to end on the local runner: scripted watermarks, aggregates
 * with a merge function on session windows, the runner found through ServiceLoader, and the
 * never-run check.
 */
class TestKitOnLocalRunnerTest {
  @RegisterExtension
  final WeirExtension weir = new WeirExtension();

  private Pipeline pipeline(String job) {
    return weir.pipeline(PipelineOptions.defaults().withJobName(job).withParallelism(2));
  }

  @Test
  void aScriptedWatermarkAloneFiresAWindowAndMakesLaterRecordsLate() {
    Pipeline p = pipeline("scripted-watermark");
    OutputTag<String> tooLate = OutputTag.of("tooLate", Types.STRING);
    CollectingSink<WindowResult<String, Long>> out = CollectingSink.create();
    CollectingSink<String> late = CollectingSink.create();
    // No timestamp/watermark step: the source's script is the only watermark. W(10) fires
    // [0,10) with a@1 and a@5; a@3 comes after it and is too late (no allowed lateness).
    // Without the watermark, the end of the input would fire [0,10) with all three.
    TestSource<String> events = TestSource.builder(Types.STRING)
        .add("a", 1).add("a", 5)
        .advanceWatermarkTo(10)
        .add("a", 3).add("a", 15)
        .build();
    PStream<WindowResult<String, Long>> counts = p.read("events", events).withParallelism(1)
        .keyBy("byKey", k -> k, Types.STRING)
        .window(WindowSpec.tumbling(Duration.ofMillis(10)))
        .withLateOutput(tooLate)
        .count("counts");
    counts.write("out", out);
    counts.sideOutput(tooLate).write("lateOut", late);

    WeirTest.run(p);

    assertThat(out.results()).containsExactly(
        new WindowResult<>("a", 0, 10, 2L, 0, Timing.ON_TIME),
        new WindowResult<>("a", 10, 20, 1L, 0, Timing.ON_TIME));
    assertThat(late.results()).containsExactly("a");
  }

  @Test
  void aSessionWindowAggregatesWithTheMergeFunctionOfAggregateFnOf() {
    Pipeline p = pipeline("session-sum");
    CollectingSink<WindowResult<String, Long>> out = CollectingSink.create();
    // gap 10: u@1 (1) and u@18 (10) open two sessions; u@9 (100) bridges them into [1,28),
    // which merges the two accumulators. v@40 (5) is alone.
    TestSource<KV<String, Long>> events = TestSource.builder(Types.kv(Types.STRING, Types.LONG))
        .add(KV.of("u", 1L), 1).add(KV.of("u", 10L), 18).add(KV.of("v", 5L), 40)
        .add(KV.of("u", 100L), 9)
        .build();
    AggregateFn<KV<String, Long>, Long, Long> sum =
        AggregateFn.of(Types.LONG, () -> 0L, (acc, kv) -> acc + kv.value(), acc -> acc, Long::sum);
    p.read("events", events).withParallelism(1)
        .keyBy("byKey", KV::key, Types.STRING)
        .window(WindowSpec.session(Duration.ofMillis(10)))
        .aggregate("sum", sum)
        .write("out", out);

    weir.run(p);

    assertThat(out.results()).containsExactlyInAnyOrder(
        new WindowResult<>("u", 1, 28, 111L, 0, Timing.ON_TIME),
        new WindowResult<>("v", 40, 50, 5L, 0, Timing.ON_TIME));
  }

  @Test
  void theTestKitFindsTheLocalRunnerThroughServiceLoader() {
    assertThat(WeirTest.defaultRunner()).isInstanceOf(LocalRunner.class);
  }
}
