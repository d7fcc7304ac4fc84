package dev.weir.sdk;

import java.util.Objects;

/**
 * A configuration value is invalid: thrown when options are built or validated, before a job
 * runs.
 *
 * <p>Carries the configuration key (for example {@code checkpoint.interval.ms}) and the rejected
 * value as text. The message names both and says what a valid value looks like, for example
 * {@code checkpoint.interval.ms must be >= 0, was -5 (0 disables periodic checkpoints)}.
 */
public class ConfigException extends WeirException {

  private final String key;
  private final String value;

  /**
   * @param key the configuration key, never null
   * @param value the rejected value; rendered with {@link String#valueOf(Object)}
   * @param message the full message; should name the key, the value and the fix
   */
  public ConfigException(String key, Object value, String message) {
    super(Objects.requireNonNull(message, "message"));
    this.key = Objects.requireNonNull(key, "key");
    this.value = String.valueOf(value);
  }

  /** The configuration key whose value is invalid. */
  public String key() {
    return key;
  }

  /** The rejected value, as text ({@code "null"} if it was missing). */
  public String value() {
    return value;
  }
}
