package dev.weir.sdk.checkpoint;

import dev.weir.sdk.WeirException;
import java.util.List;

/**
 * A checkpoint or savepoint whose state the pipeline cannot restore: a state's type changed in
 * a way Avro's schema resolution cannot read (e.g. a field's type changed from string to int,
 * or a field added without a default), or the checkpoint holds state of a step or a state the
 * pipeline no longer has (and dropping it was not allowed). Thrown before any task starts, so
 * nothing was written. The message lists every problem, one per line; the accessors give the
 * first.
 */
public class IncompatibleStateException extends WeirException {
  private static final long serialVersionUID = 1L;

  private final String state;
  private final String field;
  private final String rule;
  private final transient List<String> problems;

  /**
   * @param step the step of the first problem
   * @param state its state ({@code __timers} for timers), or empty for a whole step
   * @param field the field path in the state's record ({@code value.age}), or empty
   * @param rule the broken rule (Avro's incompatibility type, or {@code STATE_REMOVED} /
   *     {@code STEP_REMOVED})
   * @param problems every problem, one line each
   */
  public IncompatibleStateException(String message, String step, String state, String field,
      String rule, List<String> problems) {
    super(message, null, step, -1);
    this.state = state;
    this.field = field;
    this.rule = rule;
    this.problems = List.copyOf(problems);
  }

  /** The state of the first problem, or empty when a whole step is concerned. */
  public String state() {
    return state;
  }

  /** The field path of the first problem in its state's record, or empty. */
  public String field() {
    return field;
  }

  /** The rule the first problem breaks. */
  public String rule() {
    return rule;
  }

  /** Every problem, one line each. */
  public List<String> problems() {
    return problems;
  }
}
