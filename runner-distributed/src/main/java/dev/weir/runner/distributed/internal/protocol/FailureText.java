package dev.weir.runner.distributed.internal.protocol;

import dev.weir.runner.distributed.RemoteFailureException;
import dev.weir.sdk.UserFunctionException;
import dev.weir.sdk.WeirException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text form of a task failure, as a {@code FAILED} report and a failed job's status carry
 * it, and its reading back on the client. A failed user function is written as the message of
 * its {@link UserFunctionException} ({@code step 'S' (subtask i/n) failed: cause}), which the
 * client turns back into a {@code UserFunctionException} naming the same step and subtask, as
 * the local runner reports it; any other failure is its class and message with its causes.
 */
public final class FailureText {
  /** The message format of {@link UserFunctionException}'s constructor. */
  private static final Pattern USER_FUNCTION = Pattern.compile(
      "step '(.+?)' \\(subtask (\\d+)/(\\d+)\\) failed: (.*)", Pattern.DOTALL);

  private FailureText() {
  }

  /** The text of {@code t}. */
  public static String of(Throwable t) {
    if (t instanceof UserFunctionException u) {
      return u.getMessage();
    }
    StringBuilder b = new StringBuilder(t.toString());
    for (Throwable c = t.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
      b.append("; caused by ").append(c);
    }
    return b.toString();
  }

  /**
   * The exception a client reports for failure text {@code text}: a
   * {@link UserFunctionException} (with a {@link RemoteFailureException} cause) when the text
   * is a failed user function's, else a {@link WeirException} with the text as its message.
   */
  public static WeirException parse(String text) {
    Matcher m = USER_FUNCTION.matcher(text);
    if (m.matches() && m.group(2).length() < 10 && m.group(3).length() < 10) {
      return new UserFunctionException(m.group(1), Integer.parseInt(m.group(2)) - 1,
          Integer.parseInt(m.group(3)), new RemoteFailureException(m.group(4)));
    }
    return new WeirException(text);
  }
}
