package dev.weir.testing.conformance;

import static dev.weir.testing.WeirAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.sdk.OutputTag;
import dev.weir.sdk.PStream;
import dev.weir.sdk.Pipeline;
import dev.weir.sdk.time.WatermarkStrategy;
import dev.weir.sdk.time.WindowResult;
import dev.weir.sdk.time.WindowSpec;
import dev.weir.sdk.types.Types;
import dev.weir.testing.TestSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The event-time cases of {@link RunnerConformanceSuite}: watermarks travel with the records
 * to the windows of another task (in band, in order, per channel), a task's watermark is the
 * minimum over its inputs, and lateness is decided where the window is. Each pipeline has its
 * windows behind a key exchange, so a runner whose tasks run in other processes is tested
 * across its transport. Results are strings, so any sink can hold them.
 */
public abstract class EventTimeConformanceCases extends ConformanceHarness {

  /** One window firing as a line: {@code key [start,end) value pane timing}. */
  static String line(WindowResult<String, Long> r) {
    return r.key() + " [" + r.start() + "," + r.end() + ") " + r.value() + " pane " + r.pane()
        + " " + r.timing();
  }

  static final OutputTag<String> TOO_LATE = OutputTag.of("tooLate", Types.STRING);

  /**
   * A scripted source at parallelism 1 (so the watermark moves exactly where the script says)
   * feeding 10 ms tumbling counts with 10 ms of allowed lateness at the job's parallelism.
   */
  public static final class ScriptedLateness extends ConformancePipeline {
    @Override
    protected void build(Pipeline p, ConformanceIo io, List<String> params) {
      TestSource<String> events = TestSource.builder(Types.STRING)
          .add("a", 1).add("b", 4).add("a", 7)
          .advanceWatermarkTo(11)  // fires [0,10): a 2, b 1
          .add("a", 5)             // late, within the lateness: [0,10) fires again for a
          .add("a", 12)
          .advanceWatermarkTo(24)  // fires [10,20) for a; [0,10) is gone (its end + lateness)
          .add("a", 3)             // too late: the side output
          .add("b", 25)            // [20,30) fires at the end of the input
          .build();
      PStream<WindowResult<String, Long>> counts = p.read("events", events).withParallelism(1)
          .keyBy("byKey", k -> k, Types.STRING)
          .window(WindowSpec.tumbling(Duration.ofMillis(10))
              .withAllowedLateness(Duration.ofMillis(10)))
          .withLateOutput(TOO_LATE)
          .count("counts");
      counts.map("describe", EventTimeConformanceCases::line)
          .write("out", io.sink("out", Types.STRING));
      counts.sideOutput(TOO_LATE).map("late", k -> k + " too late")
          .write("lateOut", io.sink("late", Types.STRING));
    }
  }

  @Test
  public void windowsFireOnScriptedWatermarksAcrossAKeyExchange() {
    ConformanceIo io = newIo();
    run(ScriptedLateness.class, 2, io);
    assertThat(io.sink("out", Types.STRING)).containsExactlyInAnyOrder(
        "a [0,10) 2 pane 0 ON_TIME",
        "b [0,10) 1 pane 0 ON_TIME",
        "a [0,10) 3 pane 1 LATE",
        "a [10,20) 1 pane 0 ON_TIME",
        "b [20,30) 1 pane 0 ON_TIME");
    assertThat(io.sink("late", Types.STRING)).containsExactly("a too late");
  }

  /**
   * Record {@code i} is key {@code "k" + i % keys} at event time {@code i}, read by two source
   * subtasks (even and odd {@code i}) that each stamp monotonous timestamps; counts per key in
   * tumbling windows of {@code width} ms at the job's parallelism. Parameters: n, keys, width.
   */
  public static final class TwoClocks extends ConformancePipeline {
    @Override
    protected void build(Pipeline p, ConformanceIo io, List<String> params) {
      long n = Long.parseLong(params.get(0));
      int keys = Integer.parseInt(params.get(1));
      long width = Long.parseLong(params.get(2));
      TestSource.Builder<String> events = TestSource.builder(Types.STRING);
      for (long i = 0; i < n; i++) {
        events.add("k" + i % keys, i);
      }
      PStream<WindowResult<String, Long>> counts = p.read("events", events.build())
          .withParallelism(2)
          .assignTimestampsAndWatermarks("stamped",
              WatermarkStrategy.<String>forMonotonousTimestamps())
          .withParallelism(2)
          .keyBy("byKey", k -> k, Types.STRING)
          .window(WindowSpec.tumbling(Duration.ofMillis(width)))
          .withLateOutput(TOO_LATE)
          .count("counts");
      counts.map("describe", EventTimeConformanceCases::line)
          .write("out", io.sink("out", Types.STRING));
      counts.sideOutput(TOO_LATE).write("lateOut", io.sink("late", Types.STRING));
    }
  }

  /**
   * Two source subtasks run at their own pace, each with its own watermark; a window task that
   * took the faster one's watermark would drop the slower one's records as late. Every window
   * must hold exactly its records, on time, once.
   */
  @Test
  public void windowsWaitForTheSlowestInputsWatermark() {
    long n = 20_000;
    int keys = 5;
    long width = 100;
    ConformanceIo io = newIo();
    run(TwoClocks.class, 3, io, Long.toString(n), Integer.toString(keys), Long.toString(width));
    List<String> expected = new ArrayList<>();
    for (long start = 0; start < n; start += width) {
      for (int k = 0; k < keys; k++) {
        expected.add("k" + k + " [" + start + "," + (start + width) + ") " + (width / keys)
            + " pane 0 ON_TIME");
      }
    }
    assertThat(io.sink("late", Types.STRING).results()).as("records dropped as late").isEmpty();
    assertThat(io.sink("out", Types.STRING).results()).containsExactlyInAnyOrderElementsOf(expected);
  }
}
