package dev.weir.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.sdk.Pipeline;
import dev.weir.sdk.PipelineRunner;
import dev.weir.sdk.PipelineRunnerProvider;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The runner bootstrap: one provider is used, none or several are clear errors. */
class WeirTestTest {

  @Test
  void withoutARunnerOnTheClassPathTheErrorNamesTheArtifactToAdd() {
    // This module has no runner, even in test scope.
    assertThatThrownBy(WeirTest::defaultRunner)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no Weir runner on the class path")
        .hasMessageContaining("dev.weir:weir-runner-local")
        .hasMessageContaining("WeirTest.run(runner, pipeline, timeout)");
  }

  @Test
  void theOnlyProviderIsUsed() {
    PipelineRunnerProvider only = provider("mine");
    assertThat(WeirTest.select(List.of(only))).isSameAs(only);
  }

  @Test
  void severalProvidersAreNamedInTheError() {
    assertThatThrownBy(() -> WeirTest.select(List.of(provider("local"), provider("remote"))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("several Weir runners")
        .hasMessageContaining("local (")
        .hasMessageContaining("remote (");
  }

  @Test
  void startMarksThePipelineAsRun() {
    Pipeline p = Pipeline.create();
    PipelineRunner refusing = pipeline -> {
      throw new IllegalStateException("not a real runner");
    };
    assertThat(RunLog.wasRun(p)).isFalse();
    assertThatThrownBy(() -> WeirTest.start(refusing, p)).hasMessage("not a real runner");
    assertThat(RunLog.wasRun(p)).isTrue();
  }

  private static PipelineRunnerProvider provider(String name) {
    return new PipelineRunnerProvider() {
      @Override public String name() { return name; }
      @Override public PipelineRunner create() { throw new UnsupportedOperationException(); }
    };
  }
}
