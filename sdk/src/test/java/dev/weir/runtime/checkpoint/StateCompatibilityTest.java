package dev.weir.runtime.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.runtime.graph.PipelineImpl;
import dev.weir.runtime.plan.PhysicalPlan;
import dev.weir.runtime.state.KeyedStateFormat;
import dev.weir.sdk.Pipeline;
import dev.weir.sdk.PipelineOptions;
import dev.weir.sdk.checkpoint.CheckpointManifest;
import dev.weir.sdk.checkpoint.IncompatibleStateException;
import dev.weir.sdk.checkpoint.KeyedStateHandles;
import dev.weir.sdk.checkpoint.StateHandle;
import dev.weir.sdk.checkpoint.StepSnapshot;
import dev.weir.sdk.fn.KeyedProcessFn;
import dev.weir.sdk.state.StateSpec;
import dev.weir.sdk.state.ValueState;
import dev.weir.sdk.types.Coder;
import dev.weir.sdk.types.Types;
import dev.weir.testsupport.ListSource;
import dev.weir.testsupport.NoSink;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;

/** The schema rules that decide, before any task starts, whether state can be restored. */
class StateCompatibilityTest {

  /** A keyed step "keep" with one value state "v" of the given coder. */
  static final class Keep<T> extends KeyedProcessFn<String, String, String> {
    private final StateSpec<ValueState<T>> spec;
    private final List<StateSpec<?>> more;

    Keep(Coder<T> coder, StateSpec<?>... more) {
      this.spec = StateSpec.value("v", coder);
      this.more = List.of(more);
    }

    @Override
    public List<StateSpec<?>> stateSpecs() {
      return java.util.stream.Stream.concat(java.util.stream.Stream.of(spec), more.stream())
          .toList();
    }

    @Override
    public void processElement(String value, Context<String, String> ctx) {
    }
  }

  private static PhysicalPlan plan(KeyedProcessFn<String, String, String> fn) {
    Pipeline p = Pipeline.create(PipelineOptions.defaults().withJobName("j").withParallelism(2));
    p.read("in", ListSource.of(Types.STRING, "a")).keyBy("byKey", k -> k, Types.STRING)
        .process("keep", fn).write("out", new NoSink<>());
    return PipelineImpl.of(p).plan();
  }

  /** A checkpoint of step "keep" written by {@code fn}'s state schemas. */
  private static CheckpointManifest checkpointOf(KeyedProcessFn<String, String, String> fn) {
    KeyedStateFormat written = new KeyedStateFormat("keep", Types.STRING, fn.stateSpecs());
    StateHandle h = new StateHandle("j", 1, "memory:1", 10, 1);
    return new CheckpointManifest("j", 1, 1, "fp", 128, false, List.of(new StepSnapshot("keep",
        List.of(KeyedStateHandles.full(0, 127, h)), List.of(), written.stateSchemas())));
  }

  private static Schema record(SchemaBuilder.FieldAssembler<Schema> f) {
    return f.endRecord();
  }

  private static SchemaBuilder.FieldAssembler<Schema> user() {
    return SchemaBuilder.record("User").namespace("com.example").fields();
  }

  @Test
  void compatibleChangesPass() {
    Schema v1 = record(user().requiredString("name").requiredInt("age").requiredString("gone"));
    // age widened to long, a field added with a default, "gone" removed, name renamed with an
    // alias.
    Schema v2 = record(user().name("fullName").aliases("name").type().stringType().noDefault()
        .requiredLong("age").name("tier").type().stringType().stringDefault("basic"));
    CheckpointManifest m = checkpointOf(new Keep<>(Types.generic(v1)));
    assertThat(StateCompatibility.problems(m, plan(new Keep<>(Types.generic(v2))), false))
        .isEmpty();
  }

  @Test
  void anAddedFieldWithoutADefaultNamesTheFieldAndTheRule() {
    Schema v1 = record(user().requiredString("name"));
    Schema v2 = record(user().requiredString("name").requiredInt("age"));
    List<StateCompatibility.Problem> problems = StateCompatibility.problems(
        checkpointOf(new Keep<>(Types.generic(v1))), plan(new Keep<>(Types.generic(v2))), false);
    assertThat(problems).singleElement().satisfies(p -> {
      assertThat(p.step()).isEqualTo("keep");
      assertThat(p.state()).isEqualTo("v");
      assertThat(p.field()).isEqualTo("value.age");
      assertThat(p.rule()).isEqualTo("READER_FIELD_MISSING_DEFAULT_VALUE");
    });
  }

  @Test
  void aChangedKeyTypeIsFoundInTheTimersToo() {
    CheckpointManifest m = checkpointOf(new Keep<>(Types.LONG));
    KeyedStateFormat now = new KeyedStateFormat("keep", Types.INT, List.of(
        StateSpec.value("v", Types.LONG)));
    // The same comparison the plan makes, with an int key where a string key was written.
    Schema reader = new Schema.Parser().parse(now.stateSchemas().get("__timers"));
    Schema writer = new Schema.Parser().parse(m.steps().get(0).stateSchemas().get("__timers"));
    assertThat(org.apache.avro.SchemaCompatibility.checkReaderWriterCompatibility(reader, writer)
        .getType()).isEqualTo(org.apache.avro.SchemaCompatibility.SchemaCompatibilityType
        .INCOMPATIBLE);
    assertThat(StateCompatibility.fieldPath(reader, "/fields/1/type")).isEqualTo("key");
  }

  @Test
  void aRemovedStateIsRefusedUnlessDroppingItIsAllowed() {
    CheckpointManifest m = checkpointOf(new Keep<>(Types.LONG, StateSpec.value("old",
        Types.STRING)));
    PhysicalPlan without = plan(new Keep<>(Types.LONG));
    assertThat(StateCompatibility.problems(m, without, false)).singleElement()
        .satisfies(p -> {
          assertThat(p.state()).isEqualTo("old");
          assertThat(p.rule()).isEqualTo("STATE_REMOVED");
        });
    assertThat(StateCompatibility.problems(m, without, true)).isEmpty();
  }

  @Test
  void theExceptionListsEveryProblemAndNamesTheFirst() {
    Schema v1 = record(user().requiredString("name").requiredString("city"));
    Schema v2 = record(user().requiredInt("name").requiredInt("city"));
    CheckpointManifest m = checkpointOf(new Keep<>(Types.generic(v1)));
    assertThatThrownBy(() -> StateCompatibility.requireCompatible(m,
        plan(new Keep<>(Types.generic(v2))), false))
        .isInstanceOf(IncompatibleStateException.class)
        .hasMessageContaining("field 'value.name': TYPE_MISMATCH")
        .hasMessageContaining("field 'value.city': TYPE_MISMATCH")
        .hasMessageContaining("Nothing was started or written")
        .satisfies(e -> {
          IncompatibleStateException ise = (IncompatibleStateException) e;
          assertThat(ise.problems()).hasSize(2);
          assertThat(ise.field()).isEqualTo("value.name");
        });
  }
}
