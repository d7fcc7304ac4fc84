package dev.weir.runtime.failure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.sdk.ConfigException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

class FailureClassifierTest {

  @Test
  void aPathThatIsAFileDeepInTheCauseChainCannotBeFixedByARestart() {
    FileAlreadyExistsException cause = new FileAlreadyExistsException("/tmp/out");
    RuntimeException wrapped = new RuntimeException("step 'out' failed",
        new UncheckedIOException(cause));
    assertThat(FailureClassifier.unrecoverableCause(wrapped)).containsSame(cause);
  }

  @Test
  void badConfigurationCannotBeFixedByARestart() {
    ConfigException e = new ConfigException("checkpoint.interval.ms", -1, "must be positive");
    assertThat(FailureClassifier.unrecoverableCause(new IllegalStateException(e))).containsSame(e);
  }

  @Test
  void ioErrorsAndUserExceptionsAreLeftToTheRestartStrategy() {
    assertThat(FailureClassifier.unrecoverableCause(new IOException("connection reset"))).isEmpty();
    assertThat(FailureClassifier.unrecoverableCause(
        new RuntimeException(new NoSuchFileException("/in/part-1")))).isEmpty();
    assertThat(FailureClassifier.unrecoverableCause(new IllegalArgumentException("bad record")))
        .isEmpty();
  }

  @Test
  void aCauseCycleEnds() {
    RuntimeException a = new RuntimeException("a");
    RuntimeException b = new RuntimeException("b", a);
    a.initCause(b);
    assertThat(FailureClassifier.unrecoverableCause(a)).isEmpty();
  }
}
