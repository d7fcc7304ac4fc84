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
import dev.weir.sdk.PipelineRunner;
import dev.weir.sdk.fn.ProcessFn;
import dev.weir.testing.CollectingSink;
import dev.weir.testing.ManualClock;
import dev.weir.testing.PushSource;
import dev.weir.testing.TestSource;
import dev.weir.testing.WeirTest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
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
 * <p>Each case's pipeline is a {@link ConformancePipeline} (a nested class next to its test),
 * which reads pushed input from and writes its results to a {@link ConformanceIo}. By default
 * the suite builds the pipeline in this JVM with in-memory sinks and sources and runs it on
 * {@link #runner}. A runner whose jobs run in other processes overrides {@link #newIo()} (a
 * directory that those processes share) and {@link #start} (submit the pipeline's class by
 * name, with {@code io.args()} and the parameters as arguments), and must report the job's step
 * metrics through its {@link PipelineResult}. Needs JUnit Jupiter (api and params) and AssertJ
 * on the test classpath.
 *
 * <p>About 480 lines: one test per semantic, each with its pipeline (a nested
 * {@link ConformancePipeline}) right above it, so a reader sees the job and what it must give
 * together; splitting by kind would separate them.
 */
public abstract class RunnerConformanceSuite extends EventTimeConformanceCases {

  /** Word lengths of a few lines. */
  public static final class WordLengths extends ConformancePipeline {
    @Override
    protected void build(Pipeline p, ConformanceIo io, List<String> params) {
      p.read("lines", TestSource.of(Types.STRING, "to be", "or  not", ""))
          .flatMap("split", l -> Arrays.asList(l.split(" ")))
          .filter("nonEmpty", w -> !w.isEmpty())
          .map("length", String::length)
          .write("out", io.sink("out", Types.INT));
    }
  }

  @Test
  public void mapFlatMapAndFilter() {
    ConformanceIo io = newIo();
    PipelineResult r = run(WordLengths.class, 1, io);
    assertThat(io.sink("out", Types.INT)).containsExactly(2, 2, 2, 3);
    assertThat(r).isDone();
    assertThat(r).step("split").hasRecordsIn(3).hasRecordsOut(6);
    assertThat(r).step("nonEmpty").hasRecordsIn(6).hasRecordsOut(4);
    assertThat(r).step("out").hasRecordsIn(4);
  }

  /**
   * Counts words; parameters: a prefix, n, a multiplier m and a modulus: word i is
   * {@code prefix + (i * m % modulus)} (see {@link #words}).
   */
  public static final class CountWords extends ConformancePipeline {
    @Override
    protected void build(Pipeline p, ConformanceIo io, List<String> params) {
      String prefix = params.get(0);
      long multiplier = Long.parseLong(params.get(2));
      long modulus = Long.parseLong(params.get(3));
      p.read("words", TestSource.generate(Types.STRING, Long.parseLong(params.get(1)),
              i -> prefix + (i * multiplier % modulus)))
          .keyBy("byWord", w -> w, Types.STRING)
          .count("count")
          .write("out", io.sink("out", Types.kv(Types.STRING, Types.LONG)));
    }

    /** The words a {@code CountWords} with {@code params} reads. */
    static List<String> words(String... params) {
      long m = Long.parseLong(params[2]);
      long modulus = Long.parseLong(params[3]);
      return LongStream.range(0, Long.parseLong(params[1]))
          .mapToObj(i -> params[0] + (i * m % modulus)).collect(Collectors.toList());
    }
  }

  private Map<String, Long> countWords(int parallelism, String... params) {
    ConformanceIo io = newIo();
    run(CountWords.class, parallelism, io, params);
    CollectingSink<KV<String, Long>> out = io.sink("out", Types.kv(Types.STRING, Types.LONG));
    assertThat(out.size()).as("one update per input record")
        .isEqualTo(CountWords.words(params).size());
    return out.latestByKey();
  }

  private static Map<String, Long> counted(List<String> words) {
    return words.stream().collect(Collectors.groupingBy(w -> w, Collectors.counting()));
  }

  @Test
  public void keyByGivesTheSameResultsAtParallelismOneAndFour() {
    String[] words = {"w", "20000", "7919", "997"};
    Map<String, Long> expected = counted(CountWords.words(words));
    Map<String, Long> p1 = countWords(1, words);
    Map<String, Long> p4 = countWords(4, words);
    assertThat(p1).isEqualTo(expected);
    assertThat(p4).isEqualTo(expected);
  }

  /** Running sums and averages of 0..9 by parity. */
  public static final class SumsAndAverages extends ConformancePipeline {
    @Override
    protected void build(Pipeline p, ConformanceIo io, List<String> params) {
      KeyedPStream<String, Long> byParity = p.read("numbers", TestSource.sequence(10))
          .keyBy("byParity", n -> n % 2 == 0 ? "even" : "odd", Types.STRING);
      byParity.reduce("sum", Long::sum).write("sums", io.sink("sums", SUMS));
      byParity.aggregate("avg", AggregateFn.<Long, KV<Long, Long>, Double>of(
              Types.kv(Types.LONG, Types.LONG),
              () -> KV.of(0L, 0L),
              (acc, v) -> KV.of(acc.key() + v, acc.value() + 1),
              acc -> (double) acc.key() / acc.value()))
          .write("averages", io.sink("averages", AVERAGES));
    }

    static final dev.weir.sdk.types.Coder<KV<String, Long>> SUMS =
        Types.kv(Types.STRING, Types.LONG);
    static final dev.weir.sdk.types.Coder<KV<String, Double>> AVERAGES =
        Types.kv(Types.STRING, Types.DOUBLE);
  }

  @Test
  public void reduceAndAggregateKeepRunningValuesPerKey() {
    ConformanceIo io = newIo();
    run(SumsAndAverages.class, 2, io);
    assertThat(io.sink("sums", SumsAndAverages.SUMS).<String, Long>latestByKey())
        .containsOnly(Map.entry("even", 20L), Map.entry("odd", 25L));
    assertThat(io.sink("averages", SumsAndAverages.AVERAGES).<String, Double>latestByKey())
        .containsOnly(Map.entry("even", 4.0), Map.entry("odd", 5.0));
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

  /** Profiles of users' views ({@link Profile}). */
  public static final class Profiles extends ConformancePipeline {
    @Override
    protected void build(Pipeline p, ConformanceIo io, List<String> params) {
      p.read("views", TestSource.of(Types.kv(Types.STRING, Types.STRING),
              KV.of("ann", "a"), KV.of("bob", "x"), KV.of("ann", "b"), KV.of("ann", "a")))
          .withParallelism(1)
          .keyBy("byUser", KV::key, Types.STRING)
          .process("profile", new Profile())
          .write("out", io.sink("out", Types.STRING));
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3})
  public void keyedStateOfEachKind(int parallelism) {
    ConformanceIo io = newIo();
    run(Profiles.class, parallelism, io);
    CollectingSink<String> out = io.sink("out", Types.STRING);
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

  /** The union of three sources of different parallelism. */
  public static final class UnionOfThree extends ConformancePipeline {
    @Override
    protected void build(Pipeline p, ConformanceIo io, List<String> params) {
      PStream<Long> a = p.read("a", TestSource.generate(Types.LONG, 1000, i -> i));
      PStream<Long> b = p.read("b", TestSource.generate(Types.LONG, 1000, i -> 1000 + i))
          .withParallelism(3);
      PStream<Long> c = p.read("c", TestSource.generate(Types.LONG, 1000, i -> 2000 + i))
          .withParallelism(1);
      a.union("all", b, c).write("out", io.sink("out", Types.LONG));
    }
  }

  @Test
  public void unionOfSeveralInputs() {
    ConformanceIo io = newIo();
    PipelineResult r = run(UnionOfThree.class, 2, io);
    assertThat(io.sink("out", Types.LONG).results()).hasSize(3000).doesNotHaveDuplicates()
        .containsAll(LongStream.range(0, 3000).boxed().toList());
    assertThat(r).step("all").hasRecordsIn(3000).hasRecordsOut(3000);
  }

  static final OutputTag<String> NOT_A_NUMBER = OutputTag.of("notANumber", Types.STRING);

  /** Parses numbers; rejects (side output of a process step) and big ones (of a keyed one). */
  public static final class SideOutputs extends ConformancePipeline {
    @Override
    protected void build(Pipeline p, ConformanceIo io, List<String> params) {
      OutputTag<String> bigTag = OutputTag.of("big", Types.STRING);
      PStream<Long> parsed = p.read("in", TestSource.of(Types.STRING, "1", "x", "300", "2", "y"))
          .process("parse", (String s, ProcessFn.Context<Long> ctx) -> {
            try {
              ctx.output(Long.parseLong(s));
            } catch (NumberFormatException e) {
              ctx.output(NOT_A_NUMBER, s);
            }
          })
          .withCoder(Types.LONG); // keyed by the next step: a runner may send it across processes
      parsed.sideOutput(NOT_A_NUMBER).write("rejected", io.sink("rejected", Types.STRING));
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
      small.write("numbers", io.sink("numbers", Types.LONG));
      small.sideOutput(bigTag).write("big", io.sink("big", Types.STRING));
    }
  }

  @Test
  public void sideOutputsOfProcessAndKeyedProcess() {
    ConformanceIo io = newIo();
    run(SideOutputs.class, 2, io);
    assertThat(io.sink("numbers", Types.LONG)).containsExactlyInAnyOrder(1L, 2L);
    assertThat(io.sink("rejected", Types.STRING)).containsExactlyInAnyOrder("x", "y");
    assertThat(io.sink("big", Types.STRING)).containsExactly("big:300");
  }

  /** One composite word count applied twice, under two names. */
  public static final class TwoWordCounts extends ConformancePipeline {
    @Override
    protected void build(Pipeline p, ConformanceIo io, List<String> params) {
      Transform<String, KV<String, Long>> wordCount = lines -> lines
          .flatMap("split", l -> Arrays.asList(l.split(" "))).withCoder(Types.STRING)
          .keyBy("byWord", w -> w, Types.STRING)
          .count("count");
      p.read("one", TestSource.of(Types.STRING, "a b a")).apply("wc1", wordCount)
          .write("out1", io.sink("out1", COUNTS));
      p.read("two", TestSource.of(Types.STRING, "b b")).apply("wc2", wordCount)
          .write("out2", io.sink("out2", COUNTS));
    }

    static final dev.weir.sdk.types.Coder<KV<String, Long>> COUNTS =
        Types.kv(Types.STRING, Types.LONG);
  }

  @Test
  public void compositeTransformsAreNamedWithinTheirScope() {
    ConformanceIo io = newIo();
    PipelineResult r = run(TwoWordCounts.class, 2, io);
    assertThat(io.sink("out1", TwoWordCounts.COUNTS).<String, Long>latestByKey())
        .containsOnly(Map.entry("a", 2L), Map.entry("b", 1L));
    assertThat(io.sink("out2", TwoWordCounts.COUNTS).<String, Long>latestByKey())
        .containsOnly(Map.entry("b", 2L));
    assertThat(r).step("wc1/split").hasRecordsOut(3);
    assertThat(r).step("wc2/count").hasRecordsIn(2);
    assertThat(new TwoWordCounts().create(options(2), io, List.of()).explain())
        .contains("wc1/count (count)", "HASH(wc2/byWord)");
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

  /** {@link FireLater} on keys pushed by the test (push source "in"). */
  public static final class FireLaterOnPushedKeys extends ConformancePipeline {
    @Override
    protected void build(Pipeline p, ConformanceIo io, List<String> params) {
      p.read("in", io.pushSource("in", Types.STRING)).withParallelism(1)
          .keyBy("byKey", s -> s, Types.STRING)
          .process("later", new FireLater())
          .write("out", io.sink("out", Types.STRING));
    }
  }

  @Test
  public void processingTimeTimersFireWhenTheClockPassesThem() throws Exception {
    ManualClock clock = ManualClock.at(1_000_000);
    ConformanceIo io = newIo();
    PushSource<String> in = io.pushSource("in", Types.STRING);
    PipelineResult r = start(FireLaterOnPushedKeys.class, options(2), io, List.of(), clock);
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
    assertThat(io.sink("out", Types.STRING)).containsExactlyInAnyOrder(
        "a@1010000 PROCESSING_TIME due=1010000",
        "b@1010000 PROCESSING_TIME due=1010000",
        "c@1019999 PROCESSING_TIME due=1019999");
  }

  /** {@link FireLater} on a bounded input. */
  public static final class FireLaterAtTheEnd extends ConformancePipeline {
    @Override
    protected void build(Pipeline p, ConformanceIo io, List<String> params) {
      p.read("in", TestSource.of(Types.STRING, "x", "y", "x"))
          .keyBy("byKey", s -> s, Types.STRING)
          .process("later", new FireLater())
          .write("out", io.sink("out", Types.STRING));
    }
  }

  @Test
  public void pendingTimersFireAtTheEndOfABoundedInput() {
    ConformanceIo io = newIo();
    run(FireLaterAtTheEnd.class, 3, io, ManualClock.at(0), Duration.ofSeconds(30));
    assertThat(io.sink("out", Types.STRING)).containsExactlyInAnyOrder(
        "x@10000 PROCESSING_TIME due=10000", "y@10000 PROCESSING_TIME due=10000");
  }

  /** A map that throws at record 7777. */
  public static final class ExplodeAt7777 extends ConformancePipeline {
    @Override
    protected void build(Pipeline p, ConformanceIo io, List<String> params) {
      p.read("in", TestSource.sequence(10_000))
          .map("explode", n -> {
            if (n == 7_777) {
              throw new IllegalStateException("bad record " + n);
            }
            return n;
          })
          .write("out", io.sink("out", Types.LONG));
    }
  }

  @Test
  public void aFailingUserFunctionFailsTheJobNamingTheStepAndSubtask() {
    PipelineResult r = start(ExplodeAt7777.class, options(2), newIo(), List.of(),
        Clock.systemUTC());
    assertThatThrownBy(() -> r.waitUntilFinish(Duration.ofSeconds(30)))
        .isInstanceOf(PipelineExecutionException.class)
        .hasMessageContaining("step 'explode' (subtask ")
        .hasMessageContaining("bad record 7777")
        .cause().isInstanceOf(UserFunctionException.class);
    assertThat(r.state()).isEqualTo(PipelineResult.State.FAILED);
    assertThat(((UserFunctionException) r.failure().orElseThrow()).stepName()).contains("explode");
  }

  /** A key function that returns null for 42. */
  public static final class NullKeyAt42 extends ConformancePipeline {
    @Override
    protected void build(Pipeline p, ConformanceIo io, List<String> params) {
      p.read("in", TestSource.sequence(100))
          .keyBy("badKey", n -> n == 42 ? null : n, Types.LONG)
          .count("count")
          .write("out", io.sink("out", Types.kv(Types.LONG, Types.LONG)));
    }
  }

  @Test
  public void aFailingKeyedFunctionAndKeyFunctionNameTheirSteps() {
    assertThatThrownBy(() -> run(NullKeyAt42.class, 2, newIo()))
        .hasMessageContaining("step 'badKey'")
        .hasMessageContaining("the key function returned null");
  }

  /** An input that the test never feeds nor finishes. */
  public static final class NeverEnding extends ConformancePipeline {
    @Override
    protected void build(Pipeline p, ConformanceIo io, List<String> params) {
      p.read("in", io.pushSource("in", Types.STRING)).map("id", s -> s)
          .write("out", io.sink("out", Types.STRING));
    }
  }

  @Test
  public void cancelStopsAnUnboundedJob() {
    PipelineResult r = start(NeverEnding.class, options(2), newIo(), List.of(),
        Clock.systemUTC());
    assertThat(r.waitUntilFinish(Duration.ofMillis(50))).isEqualTo(PipelineResult.State.RUNNING);
    r.cancel();
    assertThat(r.state()).isEqualTo(PipelineResult.State.CANCELLED);
  }

  @Test
  public void countsPerKeyAreIndependentOfRecordOrderAcrossSubtasks() {
    String[] words = {"k", "5000", "1", "37"};
    assertThat(countWords(3, words)).isEqualTo(counted(CountWords.words(words)));
  }
}
