package dev.weir.testing.conformance;

import static dev.weir.testing.WeirAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.sdk.KeyedPStream;
import dev.weir.sdk.OutputTag;
import dev.weir.sdk.PStream;
import dev.weir.sdk.Pipeline;
import dev.weir.sdk.PipelineExecutionException;
import dev.weir.sdk.PipelineOptions;
import dev.weir.sdk.PipelineResult;
import dev.weir.sdk.Transform;
import dev.weir.sdk.UserFunctionException;
import dev.weir.sdk.fn.AggregateFn;
import dev.weir.sdk.fn.KeyedProcessFn;
import dev.weir.sdk.fn.TimeDomain;
import dev.weir.sdk.state.ListState;
import dev.weir.sdk.state.MapState;
import dev.weir.sdk.state.StateSpec;
import dev.weir.sdk.state.ValueState;
import dev.weir.sdk.types.KV;
import dev.weir.sdk.types.Types;
import dev.weir.testing.CollectingSink;
import dev.weir.testing.PushSource;
import dev.weir.testing.TestSource;
import dev.weir.testing.ManualClock;
import dev.weir.testing.WeirTest;
import dev.weir.sdk.PipelineRunner;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Pipeline semantics every runner must honour: transforms, keyed state of every kind, timers,
 * side outputs, composite transforms, failures that name their step, cancellation. A runner's
 * own test extends it and says how to make its runner:
 *
 * <pre>{@code
 * class LocalRunnerConformanceTest extends RunnerConformanceSuite {
 *   protected PipelineRunner runner(Clock processingTime) {
 *     return LocalRunner.builder().clock(processingTime).build();
 *   }
 * }
 * }</pre>
 *
 * <p>Results are read from {@link CollectingSink}s, so the runner must run the pipeline where
 * the test can read them (in this JVM). Needs JUnit Jupiter (api and params) and AssertJ on the
 * test classpath.
 */
public abstract class RunnerConformanceSuite {

  /**
   * The runner under test, whose processing-time timers follow {@code processingTime} (a
   * {@link ManualClock} in the tests that drive time, else the system clock).
   */
  protected abstract PipelineRunner runner(Clock processingTime);

  private PipelineResult run(Pipeline p) {
    return WeirTest.run(runner(Clock.systemUTC()), p, WeirTest.DEFAULT_TIMEOUT);
  }

  private static Pipeline pipeline(int parallelism) {
    return Pipeline.create(PipelineOptions.defaults().withParallelism(parallelism));
  }

  @Test
  public void mapFlatMapAndFilter() {
    CollectingSink<Integer> out = CollectingSink.create();
    Pipeline p = pipeline(1);
    p.read("lines", TestSource.of(Types.STRING, "to be", "or  not", ""))
        .flatMap("split", l -> Arrays.asList(l.split(" ")))
        .filter("nonEmpty", w -> !w.isEmpty())
        .map("length", String::length)
        .write("out", out);
    PipelineResult r = run(p);
    assertThat(out).containsExactly(2, 2, 2, 3);
    assertThat(r).isDone();
    assertThat(r).step("split").hasRecordsIn(3).hasRecordsOut(6);
    assertThat(r).step("nonEmpty").hasRecordsIn(6).hasRecordsOut(4);
    assertThat(r).step("out").hasRecordsIn(4);
  }

  private Map<String, Long> countWords(int parallelism, List<String> words) {
    CollectingSink<KV<String, Long>> out = CollectingSink.create();
    Pipeline p = pipeline(parallelism);
    p.read("words", TestSource.fromList(Types.STRING, words))
        .keyBy("byWord", w -> w, Types.STRING)
        .count("count")
        .write("out", out);
    run(p);
    assertThat(out.size()).as("one update per input record").isEqualTo(words.size());
    return out.latestByKey();
  }

  @Test
  public void keyByGivesTheSameResultsAtParallelismOneAndFour() {
    List<String> words = LongStream.range(0, 20_000)
        .mapToObj(i -> "w" + (i * 7919 % 997)).collect(Collectors.toList());
    Map<String, Long> expected = words.stream()
        .collect(Collectors.groupingBy(w -> w, Collectors.counting()));
    Map<String, Long> p1 = countWords(1, words);
    Map<String, Long> p4 = countWords(4, words);
    assertThat(p1).isEqualTo(expected);
    assertThat(p4).isEqualTo(expected);
  }

  @Test
  public void reduceAndAggregateKeepRunningValuesPerKey() {
    CollectingSink<KV<String, Long>> sums = CollectingSink.create();
    CollectingSink<KV<String, Double>> averages = CollectingSink.create();
    Pipeline p = pipeline(2);
    KeyedPStream<String, Long> byParity = p.read("numbers", TestSource.sequence(10))
        .keyBy("byParity", n -> n % 2 == 0 ? "even" : "odd", Types.STRING);
    byParity.reduce("sum", Long::sum).write("sums", sums);
    byParity.aggregate("avg", AggregateFn.<Long, KV<Long, Long>, Double>of(
            Types.kv(Types.LONG, Types.LONG),
            () -> KV.of(0L, 0L),
            (acc, v) -> KV.of(acc.key() + v, acc.value() + 1),
            acc -> (double) acc.key() / acc.value()))
        .write("averages", averages);
    run(p);
    assertThat(sums.<String, Long>latestByKey()).containsOnly(Map.entry("even", 20L), Map.entry("odd", 25L));
    assertThat(averages.<String, Double>latestByKey()).containsOnly(Map.entry("even", 4.0), Map.entry("odd", 5.0));
  }

  /** Uses all three kinds of keyed state. */
  static final class Profile extends KeyedProcessFn<String, KV<String, String>, String> {
    static final StateSpec<ValueState<Long>> EVENTS = StateSpec.value("events", Types.LONG);
    static final StateSpec<ListState<String>> LAST_TWO = StateSpec.list("lastTwo", Types.STRING);
    static final StateSpec<MapState<String, Long>> PER_ITEM =
        StateSpec.map("perItem", Types.STRING, Types.LONG);

    @Override
    public List<StateSpec<?>> stateSpecs() {
      return List.of(EVENTS, LAST_TWO, PER_ITEM);
    }

    @Override
    public void processElement(KV<String, String> view, Context<String, String> ctx) {
      ValueState<Long> events = ctx.state(EVENTS);
      events.update(events.valueOr(0L) + 1);
      ListState<String> last = ctx.state(LAST_TWO);
      List<String> items = new ArrayList<>(last.get());
      items.add(view.value());
      last.update(items.subList(Math.max(0, items.size() - 2), items.size()));
      MapState<String, Long> perItem = ctx.state(PER_ITEM);
      perItem.put(view.value(), perItem.getOrDefault(view.value(), 0L) + 1);
      ctx.output(ctx.key() + " events=" + events.value() + " last=" + last.get()
          + " distinct=" + perItem.keys().size() + " " + view.value() + "x" + perItem.get(view.value()));
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3})
  public void keyedStateOfEachKind(int parallelism) {
    CollectingSink<String> out = CollectingSink.create();
    Pipeline p = pipeline(parallelism);
    p.read("views", TestSource.of(Types.kv(Types.STRING, Types.STRING),
            KV.of("ann", "a"), KV.of("bob", "x"), KV.of("ann", "b"), KV.of("ann", "a")))
        .withParallelism(1)
        .keyBy("byUser", KV::key, Types.STRING)
        .process("profile", new Profile())
        .write("out", out);
    run(p);
    assertThat(out).containsExactlyInAnyOrder(
        "ann events=1 last=[a] distinct=1 ax1",
        "bob events=1 last=[x] distinct=1 xx1",
        "ann events=2 last=[a, b] distinct=2 bx1",
        "ann events=3 last=[b, a] distinct=2 ax2");
    List<String> ann = out.results().stream().filter(s -> s.startsWith("ann")).toList();
    assertThat(ann).as("per-key order is kept").containsExactly(
        "ann events=1 last=[a] distinct=1 ax1",
        "ann events=2 last=[a, b] distinct=2 bx1",
        "ann events=3 last=[b, a] distinct=2 ax2");
  }

  @Test
  public void unionOfSeveralInputs() {
    CollectingSink<Long> out = CollectingSink.create();
    Pipeline p = pipeline(2);
    PStream<Long> a = p.read("a", TestSource.generate(Types.LONG, 1000, i -> i));
    PStream<Long> b = p.read("b", TestSource.generate(Types.LONG, 1000, i -> 1000 + i)).withParallelism(3);
    PStream<Long> c = p.read("c", TestSource.generate(Types.LONG, 1000, i -> 2000 + i)).withParallelism(1);
    a.union("all", b, c).write("out", out);
    PipelineResult r = run(p);
    assertThat(out.results()).hasSize(3000).doesNotHaveDuplicates()
        .containsAll(LongStream.range(0, 3000).boxed().toList());
    assertThat(r).step("all").hasRecordsIn(3000).hasRecordsOut(3000);
  }

  static final OutputTag<String> NOT_A_NUMBER = OutputTag.of("notANumber", Types.STRING);

  @Test
  public void sideOutputsOfProcessAndKeyedProcess() {
    CollectingSink<Long> numbers = CollectingSink.create();
    CollectingSink<String> rejected = CollectingSink.create();
    CollectingSink<String> big = CollectingSink.create();
    OutputTag<String> bigTag = OutputTag.of("big", Types.STRING);
    Pipeline p = pipeline(2);
    PStream<Long> parsed = p.read("in", TestSource.of(Types.STRING, "1", "x", "300", "2", "y"))
        .process("parse", (String s, dev.weir.sdk.fn.ProcessFn.Context<Long> ctx) -> {
          try {
            ctx.output(Long.parseLong(s));
          } catch (NumberFormatException e) {
            ctx.output(NOT_A_NUMBER, s);
          }
        })
        .withCoder(Types.LONG); // keyed by the next step: a runner may send it across processes
    parsed.sideOutput(NOT_A_NUMBER).write("rejected", rejected);
    PStream<Long> small = parsed.keyBy("byValue", n -> n, Types.LONG)
        .process("split", new KeyedProcessFn<Long, Long, Long>() {
          @Override
          public void processElement(Long n, Context<Long, Long> ctx) {
            if (n > 100) {
              ctx.output(bigTag, "big:" + n);
            } else {
              ctx.output(n);
            }
          }
        });
    small.write("numbers", numbers);
    small.sideOutput(bigTag).write("big", big);
    run(p);
    assertThat(numbers).containsExactlyInAnyOrder(1L, 2L);
    assertThat(rejected).containsExactlyInAnyOrder("x", "y");
    assertThat(big).containsExactly("big:300");
  }

  @Test
  public void compositeTransformsAreNamedWithinTheirScope() {
    Transform<String, KV<String, Long>> wordCount = lines -> lines
        .flatMap("split", l -> Arrays.asList(l.split(" "))).withCoder(Types.STRING)
        .keyBy("byWord", w -> w, Types.STRING)
        .count("count");
    CollectingSink<KV<String, Long>> first = CollectingSink.create();
    CollectingSink<KV<String, Long>> second = CollectingSink.create();
    Pipeline p = pipeline(2);
    p.read("one", TestSource.of(Types.STRING, "a b a")).apply("wc1", wordCount).write("out1", first);
    p.read("two", TestSource.of(Types.STRING, "b b")).apply("wc2", wordCount).write("out2", second);
    PipelineResult r = run(p);
    assertThat(first.<String, Long>latestByKey()).containsOnly(Map.entry("a", 2L), Map.entry("b", 1L));
    assertThat(second.<String, Long>latestByKey()).containsOnly(Map.entry("b", 2L));
    assertThat(r).step("wc1/split").hasRecordsOut(3);
    assertThat(r).step("wc2/count").hasRecordsIn(2);
    assertThat(p.explain()).contains("wc1/count (count)", "HASH(wc2/byWord)");
  }

  /** Emits "key@time" when a timer set 10 s after the key's first record fires. */
  static final class FireLater extends KeyedProcessFn<String, String, String> {
    static final StateSpec<ValueState<Long>> DUE = StateSpec.value("due", Types.LONG);

    @Override
    public List<StateSpec<?>> stateSpecs() {
      return List.of(DUE);
    }

    @Override
    public void processElement(String value, Context<String, String> ctx) {
      ValueState<Long> due = ctx.state(DUE);
      if (due.value() == null) {
        long at = ctx.timers().currentProcessingTime() + 10_000;
        due.update(at);
        ctx.timers().registerProcessingTimeTimer(at);
        ctx.timers().registerProcessingTimeTimer(at); // de-duplicated
      }
    }

    @Override
    public void onTimer(long timestamp, TimeDomain domain, Context<String, String> ctx) {
      ctx.output(ctx.key() + "@" + timestamp + " " + domain + " due=" + ctx.state(DUE).value());
      ctx.state(DUE).clear();
    }
  }

  @Test
  public void processingTimeTimersFireWhenTheClockPassesThem() throws Exception {
    ManualClock clock = ManualClock.at(1_000_000);
    PushSource<String> in = PushSource.create(Types.STRING);
    CollectingSink<String> out = CollectingSink.create();
    Pipeline p = pipeline(2);
    p.read("in", in).withParallelism(1)
        .keyBy("byKey", s -> s, Types.STRING)
        .process("later", new FireLater())
        .write("out", out);
    PipelineResult r = WeirTest.start(runner(clock), p);
    try {
      in.push("a", "b", "a");
      WeirTest.await(() -> r.metrics().step("later").recordsIn() == 3);
      clock.advance(Duration.ofMillis(9_999));
      in.push("c");
      WeirTest.await(() -> r.metrics().step("later").recordsIn() == 4);
      assertThat(r.metrics().step("later").recordsOut()).as("nothing due yet").isZero();
      clock.advance(Duration.ofMillis(1));
      WeirTest.await(() -> r.metrics().step("later").recordsOut() == 2);
      in.finish();
      r.waitUntilFinish(Duration.ofSeconds(30));
    } finally {
      r.cancel();
    }
    // a and b fired by the clock; c's timer (due at 1_019_999) fired at the end of the input.
    assertThat(out).containsExactlyInAnyOrder(
        "a@1010000 PROCESSING_TIME due=1010000",
        "b@1010000 PROCESSING_TIME due=1010000",
        "c@1019999 PROCESSING_TIME due=1019999");
  }

  @Test
  public void pendingTimersFireAtTheEndOfABoundedInput() {
    CollectingSink<String> out = CollectingSink.create();
    Pipeline p = pipeline(3);
    p.read("in", TestSource.of(Types.STRING, "x", "y", "x"))
        .keyBy("byKey", s -> s, Types.STRING)
        .process("later", new FireLater())
        .write("out", out);
    WeirTest.run(runner(ManualClock.at(0)), p, Duration.ofSeconds(30));
    assertThat(out).containsExactlyInAnyOrder(
        "x@10000 PROCESSING_TIME due=10000", "y@10000 PROCESSING_TIME due=10000");
  }

  @Test
  public void aFailingUserFunctionFailsTheJobNamingTheStepAndSubtask() {
    Pipeline p = pipeline(2);
    p.read("in", TestSource.sequence(10_000))
        .map("explode", n -> {
          if (n == 7_777) {
            throw new IllegalStateException("bad record " + n);
          }
          return n;
        })
        .write("out", CollectingSink.create());
    PipelineResult r = WeirTest.start(runner(Clock.systemUTC()), p);
    assertThatThrownBy(() -> r.waitUntilFinish(Duration.ofSeconds(30)))
        .isInstanceOf(PipelineExecutionException.class)
        .hasMessageContaining("step 'explode' (subtask ")
        .hasMessageContaining("bad record 7777")
        .cause().isInstanceOf(UserFunctionException.class);
    assertThat(r.state()).isEqualTo(PipelineResult.State.FAILED);
    assertThat(((UserFunctionException) r.failure().orElseThrow()).stepName()).contains("explode");
  }

  @Test
  public void aFailingKeyedFunctionAndKeyFunctionNameTheirSteps() {
    Pipeline p = pipeline(2);
    p.read("in", TestSource.sequence(100))
        .keyBy("badKey", n -> n == 42 ? null : n, Types.LONG)
        .count("count")
        .write("out", CollectingSink.create());
    assertThatThrownBy(() -> run(p))
        .hasMessageContaining("step 'badKey'")
        .hasMessageContaining("the key function returned null");
  }

  @Test
  public void cancelStopsAnUnboundedJob() {
    PushSource<String> in = PushSource.create(Types.STRING);
    Pipeline p = pipeline(2);
    p.read("in", in).map("id", s -> s).write("out", CollectingSink.create());
    PipelineResult r = WeirTest.start(runner(Clock.systemUTC()), p);
    assertThat(r.waitUntilFinish(Duration.ofMillis(50))).isEqualTo(PipelineResult.State.RUNNING);
    r.cancel();
    assertThat(r.state()).isEqualTo(PipelineResult.State.CANCELLED);
  }

  @Test
  public void countsPerKeyAreIndependentOfRecordOrderAcrossSubtasks() {
    Map<String, Long> expected = new HashMap<>();
    List<String> words = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      String w = "k" + (i % 37);
      words.add(w);
      expected.merge(w, 1L, Long::sum);
    }
    assertThat(countWords(3, words)).isEqualTo(expected);
  }
}
