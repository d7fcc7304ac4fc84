package dev.weir.runner.distributed.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.runner.distributed.RemoteFailureException;
import dev.weir.sdk.UserFunctionException;
import dev.weir.sdk.WeirException;
import org.junit.jupiter.api.Test;

/** A task failure's text, as a worker writes it and a client reads it back. */
class FailureTextTest {

  @Test
  void aUserFunctionFailureComesBackNamingItsStepAndSubtaskWithTheSameMessage() {
    UserFunctionException thrown = new UserFunctionException("wc1/explode", 1, 4,
        new IllegalStateException("bad record 7777\nsecond line"));

    WeirException back = FailureText.parse(FailureText.of(thrown));

    assertThat(back).isInstanceOf(UserFunctionException.class)
        .hasMessage(thrown.getMessage())
        .hasCauseInstanceOf(RemoteFailureException.class);
    assertThat(back.stepName()).contains("wc1/explode");
    assertThat(back.subtask()).isEqualTo(1);
    assertThat(back.getCause()).hasToString(
        "java.lang.IllegalStateException: bad record 7777\nsecond line");
  }

  @Test
  void anyOtherFailureComesBackAsItsTextWithItsCauses() {
    IllegalStateException thrown = new IllegalStateException("outer",
        new java.io.IOException("disk full"));

    WeirException back = FailureText.parse(FailureText.of(thrown));

    assertThat(back).isExactlyInstanceOf(WeirException.class)
        .hasMessage("java.lang.IllegalStateException: outer; caused by java.io.IOException: "
            + "disk full");
    assertThat(back.stepName()).isEmpty();
  }

  @Test
  void textThatOnlyLooksLikeAStepFailureWithAnAbsurdSubtaskStaysText() {
    String text = "step 'x' (subtask 99999999999/2) failed: boom";

    assertThat(FailureText.parse(text)).isExactlyInstanceOf(WeirException.class).hasMessage(text);
  }
}
