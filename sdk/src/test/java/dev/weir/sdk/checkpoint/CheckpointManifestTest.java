package dev.weir.sdk.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CheckpointManifestTest {

  private static final StateHandle H = new StateHandle("j", 1, "memory:1", 10, 5);

  @Test
  void referencedHandlesAndSizes() {
    CheckpointManifest m = SampleManifests.golden();
    assertThat(m.referencedHandles()).hasSize(7);
    assertThat(m.totalBytes()).isEqualTo(1_048_576 + 2048 + 0 + 77 + 16 + 120 + 33);
    assertThat(m.deltaBytes()).isEqualTo(2048);
    assertThat(m.ownBytes()).isEqualTo(77 + 16 + 120 + 33);
    assertThat(m.step("count")).get().extracting(StepSnapshot::stateSchemas)
        .isEqualTo(Map.of("acc", m.step("count").get().stateSchemas().get("acc"),
            "sum", SampleManifests.LONG_SCHEMA));
    assertThat(m.describe()).isEqualTo("savepoint 42 of job 'golden-job'");
  }

  @Test
  void nullFieldsAreNamed() {
    assertThatThrownBy(() -> new CheckpointManifest("j", 1, 0, null, 128, false, List.of()))
        .isInstanceOf(NullPointerException.class).hasMessage("planFingerprint");
    assertThatThrownBy(() -> new StateHandle("j", 1, null, 0, 0))
        .isInstanceOf(NullPointerException.class).hasMessage("location");
    assertThatThrownBy(() -> new KeyedStateHandles(0, 1, null, List.of()))
        .isInstanceOf(NullPointerException.class).hasMessage("full");
    assertThatThrownBy(() -> new StepSnapshot("s", List.of(), null, Map.of()))
        .isInstanceOf(NullPointerException.class).hasMessage("operatorState");
    assertThatThrownBy(() -> new OperatorStateHandle("operator", 0, "\"long\"", null))
        .isInstanceOf(NullPointerException.class).hasMessage("handle");
  }

  @Test
  void invalidValuesAreExplained() {
    assertThatThrownBy(() -> new StateHandle("j", 1, "memory:1", 1, 1L << 32))
        .hasMessageContaining("unsigned 32-bit").hasMessageContaining("memory:1");
    assertThatThrownBy(() -> new CheckpointManifest("j", 0, 0, "fp", 128, false, List.of()))
        .hasMessageContaining("checkpointId must be at least 1");
    StepSnapshot wide = new StepSnapshot("count",
        List.of(KeyedStateHandles.full(0, 200, H)), List.of(), Map.of());
    assertThatThrownBy(() -> new CheckpointManifest("j", 3, 0, "fp", 128, false, List.of(wide)))
        .hasMessageContaining("step 'count'").hasMessageContaining("0..200")
        .hasMessageContaining("maxParallelism 128");
    StepSnapshot s = new StepSnapshot("count", List.of(), List.of(), Map.of());
    assertThatThrownBy(() -> new CheckpointManifest("j", 3, 0, "fp", 128, false, List.of(s, s)))
        .hasMessageContaining("lists step 'count' twice");
    assertThatThrownBy(() -> new StepSnapshot("count",
        List.of(KeyedStateHandles.full(0, 10, H), KeyedStateHandles.full(10, 20, H)),
        List.of(), Map.of()))
        .hasMessageContaining("step 'count'").hasMessageContaining("overlap");
    assertThatThrownBy(() -> new KeyedStateHandles(5, 4, H, List.of()))
        .hasMessageContaining("5..4");
  }

  @Test
  void collectionsAreCopied() {
    java.util.ArrayList<StateHandle> deltas = new java.util.ArrayList<>(List.of(H));
    KeyedStateHandles k = new KeyedStateHandles(0, 1, H, deltas);
    deltas.clear();
    assertThat(k.deltas()).containsExactly(H);
    assertThatThrownBy(() -> k.deltas().add(H)).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void stepsAreRenamedWithTheirStateAndBadRenamesAreRefusedNamingTheSteps() {
    StepSnapshot count = new StepSnapshot("count", List.of(), List.of(), Map.of("c", "\"long\""));
    StepSnapshot in = new StepSnapshot("in", List.of(), List.of(), Map.of());
    CheckpointManifest m = new CheckpointManifest("j", 3, 0, "fp", 128, true, List.of(count, in));

    CheckpointManifest renamed = m.withRenamedSteps(Map.of("count", "wordCount"));
    assertThat(renamed.step("count")).isEmpty();
    assertThat(renamed.step("wordCount")).hasValueSatisfying(s ->
        assertThat(s.stateSchemas()).isEqualTo(count.stateSchemas()));
    assertThat(renamed.step("in")).contains(in);
    assertThat(renamed.checkpointId()).isEqualTo(3);
    assertThat(renamed.savepoint()).isTrue();
    assertThat(m.withRenamedSteps(Map.of())).isSameAs(m);
    // Two steps may swap names.
    assertThat(m.withRenamedSteps(Map.of("count", "in", "in", "count")).steps())
        .extracting(StepSnapshot::stepName).containsExactly("in", "count");

    assertThatThrownBy(() -> m.withRenamedSteps(Map.of("counts", "wordCount")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cannot rename step 'counts' to 'wordCount': checkpoint 3 of job 'j' has no "
            + "step 'counts' (its stateful steps: count, in)");
    assertThatThrownBy(() -> m.withRenamedSteps(Map.of("count", "in")))
        .hasMessageContaining("has state of a step 'in' already");
    assertThatThrownBy(() -> m.withRenamedSteps(Map.of("count", "x", "in", "x")))
        .hasMessageContaining("cannot rename two steps to one name");
  }
}
