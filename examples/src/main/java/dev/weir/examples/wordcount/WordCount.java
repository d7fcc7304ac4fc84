package dev.weir.examples.wordcount;

import dev.weir.sdk.PStream;
import dev.weir.sdk.Transform;
import dev.weir.sdk.types.KV;
import dev.weir.sdk.types.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The word-count transform: lines → lower-cased words → running count per word.
 *
 * <p>Tokenization: a word is a maximal run of ASCII letters {@code [A-Za-z]}, lower-cased;
 * everything else separates words. This equals
 * {@code tr -cs 'A-Za-z' '\n' | tr A-Z a-z} on the same text.
 */
public final class WordCount implements Transform<String, KV<String, Long>> {

  /** Splits a line into lower-case words as documented on the class. */
  public static List<String> words(String line) {
    List<String> out = new ArrayList<>();
    int start = -1;
    for (int i = 0; i <= line.length(); i++) {
      char c = i < line.length() ? line.charAt(i) : ' ';
      boolean letter = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
      if (letter && start < 0) {
        start = i;
      } else if (!letter && start >= 0) {
        out.add(line.substring(start, i).toLowerCase(Locale.ROOT));
        start = -1;
      }
    }
    return out;
  }

  @Override
  public PStream<KV<String, Long>> expand(PStream<String> lines) {
    return lines
        .flatMap("split", WordCount::words)
        .withCoder(Types.STRING) // the words cross processes on the distributed runner
        .keyBy("byWord", w -> w, Types.STRING)
        .count("count");
  }
}
