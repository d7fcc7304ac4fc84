package dev.weir.testing;

import dev.weir.sdk.Pipeline;
import dev.weir.sdk.PipelineOptions;
import dev.weir.sdk.PipelineResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit 5 extension that fails a test which built a pipeline and never ran it (a test that
 * asserts on the output of a job it forgot to start passes vacuously otherwise), as Beam's
 * {@code TestPipeline} does.
 *
 * <pre>{@code
 * class WordCountTest {
 *   @RegisterExtension final WeirExtension weir = new WeirExtension();
 *
 *   @Test
 *   void keepsEveryWord() {
 *     CollectingSink<String> out = CollectingSink.create();
 *     Pipeline p = weir.pipeline(PipelineOptions.defaults().withJobName("words"));
 *     p.read("words", TestSource.of(Types.STRING, "a", "b")).write("out", out);
 *     weir.run(p);      // or WeirTest.run(p), WeirTest.run(runner, p, timeout), WeirTest.start(runner, p)
 *     assertThat(out.results()).containsExactly("a", "b");
 *   }
 * }
 * }</pre>
 *
 * <p>Only pipelines made by {@link #pipeline(PipelineOptions)} are tracked; they count as run
 * once any of {@link #run(Pipeline)} or the {@link WeirTest} methods started them (a pipeline
 * started directly with {@code runner.run(p)} is not seen: use {@link WeirTest#start}). After
 * each test the extension fails it, naming the job, if one was never run. It does not check
 * when the test failed already, so that the first failure stays the one reported.
 *
 * <h2>Threading</h2>
 * Thread-safe. Registered on a static field, it checks and forgets the pipelines after each test.
 */
public final class WeirExtension implements AfterEachCallback {
  private final List<Pipeline> created = new ArrayList<>();

  /** An extension that tracks nothing yet. */
  public WeirExtension() {
  }

  /** A tracked pipeline with {@link PipelineOptions#defaults()}. */
  public Pipeline pipeline() {
    return pipeline(PipelineOptions.defaults());
  }

  /** A tracked pipeline with the given options. */
  public Pipeline pipeline(PipelineOptions options) {
    Pipeline p = Pipeline.create(Objects.requireNonNull(options, "options"));
    synchronized (created) {
      created.add(p);
    }
    return p;
  }

  /** Runs a bounded pipeline to its end, as {@link WeirTest#run(Pipeline)}. */
  public PipelineResult run(Pipeline pipeline) {
    return WeirTest.run(pipeline);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (context.getExecutionException().isPresent()) {
      forget();
      return;
    }
    verifyAllRun(context.getDisplayName());
  }

  /**
   * Fails if a pipeline made since the last check was never run, and forgets them all.
   *
   * @throws AssertionError naming the test and each job that was not run
   */
  void verifyAllRun(String testName) {
    List<String> notRun = new ArrayList<>();
    for (Pipeline p : forget()) {
      if (!RunLog.wasRun(p)) {
        notRun.add("'" + p.options().jobName() + "'");
      }
    }
    if (!notRun.isEmpty()) {
      throw new AssertionError("test " + testName + " built pipeline" + (notRun.size() == 1 ? " " : "s ")
          + String.join(", ", notRun) + " but never ran " + (notRun.size() == 1 ? "it" : "them")
          + "; run it with WeirTest.run(p) (or weir.run(p)), or WeirTest.start(runner, p) for a job"
          + " the test drives, or drop the pipeline");
    }
  }

  private List<Pipeline> forget() {
    synchronized (created) {
      List<Pipeline> all = new ArrayList<>(created);
      created.clear();
      return all;
    }
  }
}
