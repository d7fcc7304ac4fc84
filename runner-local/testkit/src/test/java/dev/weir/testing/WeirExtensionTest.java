package dev.weir.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.sdk.Pipeline;
import dev.weir.sdk.PipelineOptions;
import java.lang.reflect.Proxy;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The never-run check, driven through its callback with a stand-in for JUnit's context (the
 * JUnit platform's own test kit is not a dependency here); the registered extension below also
 * checks this class's own tests.
 */
class WeirExtensionTest {
  @RegisterExtension
  final WeirExtension registered = new WeirExtension();

  @Test
  void failsNamingTheTestAndTheJobOfAPipelineThatWasNeverRun() {
    WeirExtension weir = new WeirExtension();
    weir.pipeline(PipelineOptions.defaults().withJobName("forgotten"));

    assertThatThrownBy(() -> weir.verifyAllRun("countsWords()"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("test countsWords() built pipeline 'forgotten' but never ran it")
        .hasMessageContaining("WeirTest.run(p)");
  }

  @Test
  void namesEveryPipelineNotRunAndForgetsThemAfterTheCheck() {
    WeirExtension weir = new WeirExtension();
    weir.pipeline(PipelineOptions.defaults().withJobName("one"));
    weir.pipeline(PipelineOptions.defaults().withJobName("two"));

    assertThatThrownBy(() -> weir.verifyAllRun("t()"))
        .hasMessageContaining("pipelines 'one', 'two' but never ran them");
    assertThatCode(() -> weir.verifyAllRun("next()")).doesNotThrowAnyException();
  }

  @Test
  void aPipelineStartedThroughTheTestKitPasses() {
    WeirExtension weir = new WeirExtension();
    Pipeline p = weir.pipeline(PipelineOptions.defaults().withJobName("ran"));
    RunLog.ran(p); // what WeirTest.run/start do before handing the pipeline to the runner

    assertThatCode(() -> weir.verifyAllRun("t()")).doesNotThrowAnyException();
  }

  @Test
  void pipelinesMadeWithoutTheExtensionAreNotTracked() {
    WeirExtension weir = new WeirExtension();
    Pipeline.create(PipelineOptions.defaults().withJobName("untracked"));
    assertThatCode(() -> weir.verifyAllRun("t()")).doesNotThrowAnyException();
  }

  @Test
  void theRegisteredExtensionTracksPipelinesOfThisTest() {
    Pipeline p = registered.pipeline();
    assertThat(p.options().jobName()).isEqualTo(PipelineOptions.defaults().jobName());
    RunLog.ran(p); // without this line, afterEach would fail this test
  }

  @Test
  void afterEachFailsTheTestThroughJUnitsCallback() {
    WeirExtension weir = new WeirExtension();
    weir.pipeline(PipelineOptions.defaults().withJobName("forgotten"));

    assertThatThrownBy(() -> weir.afterEach(context("countsWords()", null)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("test countsWords() built pipeline 'forgotten' but never ran it");
  }

  @Test
  void afterEachKeepsTheTestsOwnFailureAsTheOneReported() {
    WeirExtension weir = new WeirExtension();
    weir.pipeline(PipelineOptions.defaults().withJobName("forgotten"));

    assertThatCode(() -> weir.afterEach(context("t()", new IllegalStateException("the test failed"))))
        .doesNotThrowAnyException();
    assertThatCode(() -> weir.afterEach(context("next()", null))).doesNotThrowAnyException();
  }

  /** A JUnit context that answers the two questions the extension asks. */
  private static ExtensionContext context(String displayName, Throwable failure) {
    return (ExtensionContext) Proxy.newProxyInstance(ExtensionContext.class.getClassLoader(),
        new Class<?>[] {ExtensionContext.class}, (proxy, method, args) -> {
          switch (method.getName()) {
            case "getDisplayName": return displayName;
            case "getExecutionException": return Optional.ofNullable(failure);
            default: throw new UnsupportedOperationException(method.getName());
          }
        });
  }
}
