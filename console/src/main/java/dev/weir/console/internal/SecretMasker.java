package dev.weir.console.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks client secrets in text the console shows (descriptions, failure messages): the value
 * of a Kafka {@code sasl.jaas.config} (up to its closing {@code ;}) and of every
 * {@code key=value} or {@code key: value} whose key names a password, secret, token, credential
 * or API key, e.g. {@code ssl.keystore.password=...} or {@code password="..."}.
 */
public final class SecretMasker {
  /** What a masked value becomes. */
  public static final String MASK = "******";

  private static final Pattern JAAS = Pattern.compile(
      "(?i)(sasl\\.jaas\\.config\\s*[=:]\\s*)([^\\n]*?)(;|$)", Pattern.MULTILINE);
  private static final Pattern SECRET_KEY = Pattern.compile(
      "(?i)([\\w.-]*(?:password|passwd|secret|token|credentials?|api[._-]?key|private[._-]?key)"
          + "[\\w.-]*\\\"?\\s*[=:]\\s*)(\"[^\"]*\"|'[^']*'|[^\\s,;}\\]\"']+)");

  private SecretMasker() {
  }

  /** {@code text} with every secret value replaced by {@link #MASK}; null stays null. */
  public static String mask(String text) {
    if (text == null) {
      return null;
    }
    String s = JAAS.matcher(text).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK + m.group(3)));
    return SECRET_KEY.matcher(s).replaceAll(m -> Matcher.quoteReplacement(
        m.group(1) + (m.group(2).startsWith("\"") ? "\"" + MASK + "\"" : MASK)));
  }
}
