package dev.weir.sdk;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.sdk.fn.AggregateFn;
import dev.weir.sdk.fn.KeyedProcessFn;
import dev.weir.sdk.state.StateSpec;
import dev.weir.sdk.state.ValueState;
import dev.weir.sdk.types.Coder;
import dev.weir.sdk.types.Types;
import dev.weir.testsupport.ListSource;
import dev.weir.testsupport.NoSink;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every build-time error names the step and says what to do. */
class PipelineValidationTest {

  private static PStream<String> words(Pipeline p) {
    return p.read("words", ListSource.of(Types.STRING, "a", "b"));
  }

  @Test
  void duplicateStepNames() {
    Pipeline p = Pipeline.create();
    PStream<String> w = words(p).map("clean", String::trim);
    assertThatThrownBy(() -> w.map("clean", String::toUpperCase))
        .isInstanceOf(PipelineValidationException.class)
        .hasMessageStartingWith("Invalid pipeline: ")
        .hasMessageContaining("two steps are named 'clean'")
        .hasMessageContaining("give each step a unique name");
  }

  @Test
  void aStatefulStepWithoutAName() {
    Pipeline p = Pipeline.create();
    KeyedPStream<String, String> keyed = words(p).keyBy("byWord", w -> w, Types.STRING);
    assertThatThrownBy(() -> keyed.count(" "))
        .isInstanceOf(PipelineValidationException.class)
        .hasMessageContaining("the keyed count step after 'byWord' has no name")
        .hasMessageContaining("keyed state is found in checkpoints by the step's name");
  }

  static final class TwiceDeclared extends KeyedProcessFn<String, String, String> {
    static final StateSpec<ValueState<Long>> A = StateSpec.value("sum", Types.LONG);
    static final StateSpec<ValueState<Long>> B = StateSpec.value("sum", Types.LONG);

    @Override
    public List<StateSpec<?>> stateSpecs() {
      return List.of(A, B);
    }

    @Override
    public void processElement(String value, Context<String, String> ctx) {
    }
  }

  @Test
  void stateDeclaredTwice() {
    Pipeline p = Pipeline.create();
    KeyedPStream<String, String> keyed = words(p).keyBy("byWord", w -> w, Types.STRING);
    assertThatThrownBy(() -> keyed.process("total", new TwiceDeclared()))
        .isInstanceOf(PipelineValidationException.class)
        .hasMessageContaining("step 'total' declares state 'sum' twice")
        .hasMessageContaining("give each StateSpec in this step a distinct name");
  }

  @Test
  void aMissingKeyCoder() {
    Pipeline p = Pipeline.create();
    PStream<String> w = words(p);
    assertThatThrownBy(() -> w.keyBy("byWord", s -> s, null))
        .isInstanceOf(PipelineValidationException.class)
        .hasMessageContaining("step 'byWord' has no key coder")
        .hasMessageContaining("keyBy(\"byWord\", fn, Types.STRING)");
  }

  static final class NoCoder extends KeyedProcessFn<String, String, String> {
    static final StateSpec<ValueState<Long>> SEEN = StateSpec.value("seen", (Coder<Long>) null);

    @Override
    public List<StateSpec<?>> stateSpecs() {
      return List.of(SEEN);
    }

    @Override
    public void processElement(String value, Context<String, String> ctx) {
    }
  }

  @Test
  void aStateWithoutACoder() {
    Pipeline p = Pipeline.create();
    KeyedPStream<String, String> keyed = words(p).keyBy("byWord", w -> w, Types.STRING);
    assertThatThrownBy(() -> keyed.process("dedup", new NoCoder()))
        .hasMessageContaining("step 'dedup' declares state 'seen' without a coder")
        .hasMessageContaining("StateSpec.value(\"seen\", Types.LONG)");
  }

  @Test
  void aReduceOverAStreamOfUnknownCoder() {
    Pipeline p = Pipeline.create();
    KeyedPStream<String, Integer> keyed = words(p).map("len", String::length)
        .keyBy("byLen", n -> "all", Types.STRING);
    assertThatThrownBy(() -> keyed.reduce("sum", Integer::sum))
        .hasMessageContaining("step 'sum' keeps the reduced value in state but the coder of its input is unknown")
        .hasMessageContaining("withCoder(");
  }

  @Test
  void anAggregateWithoutAnAccumulatorCoder() {
    Pipeline p = Pipeline.create();
    KeyedPStream<String, String> keyed = words(p).keyBy("byWord", w -> w, Types.STRING);
    assertThatThrownBy(() -> keyed.aggregate("agg",
            AggregateFn.<String, Long, Long>of(null, () -> 0L, (a, v) -> a + 1, a -> a)))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("accumulatorCoder");
  }

  @Test
  void aKeyedStepWithMoreSubtasksThanKeyGroups() {
    Pipeline p = Pipeline.create(PipelineOptions.defaults().withMaxParallelism(4));
    words(p).keyBy("byWord", w -> w, Types.STRING).count("count").withParallelism(8)
        .write("out", new NoSink<>());
    assertThatThrownBy(p::explain)
        .hasMessageContaining("step 'count' has parallelism 8 but the pipeline has only 4 key groups")
        .hasMessageContaining("pipeline.max.parallelism");
  }

  @Test
  void aSideOutputOfAStepThatHasNone() {
    Pipeline p = Pipeline.create();
    PStream<Integer> lengths = words(p).map("len", String::length);
    OutputTag<String> tag = OutputTag.of("odd", Types.STRING);
    assertThatThrownBy(() -> lengths.sideOutput(tag))
        .hasMessageContaining("step 'len' is a map and has no side outputs")
        .hasMessageContaining("process(name, fn)");
  }

  @Test
  void aNameWithTheScopeSeparator() {
    Pipeline p = Pipeline.create();
    PStream<String> w = words(p);
    assertThatThrownBy(() -> w.filter("a/b", s -> true))
        .hasMessageContaining("step name 'a/b' contains '/'");
  }

  @Test
  void aPipelineWithoutSource() {
    assertThatThrownBy(() -> Pipeline.create().explain())
        .hasMessageContaining("the pipeline has no source")
        .hasMessageContaining("pipeline.read(\"name\", source)");
  }

  @Test
  void badOptionsNameTheKey() {
    assertThatThrownBy(() -> PipelineOptions.defaults().withParallelism(0))
        .isInstanceOf(ConfigException.class)
        .hasMessage("pipeline.parallelism must be >= 1, was 0");
    assertThatThrownBy(() -> PipelineOptions.defaults().withJobName("my job"))
        .hasMessageContaining("pipeline.job.name must contain only letters");
  }

  @Test
  void settingTheParallelismOfASideOutput() {
    Pipeline p = Pipeline.create();
    OutputTag<String> tag = OutputTag.of("rest", Types.STRING);
    PStream<String> side = words(p).process("route", (String s, dev.weir.sdk.fn.ProcessFn.Context<String> c) -> c.output(s))
        .sideOutput(tag);
    assertThatThrownBy(() -> side.withParallelism(3))
        .hasMessageContaining("side output 'route.rest' always runs with the parallelism of its step 'route'");
  }
}
