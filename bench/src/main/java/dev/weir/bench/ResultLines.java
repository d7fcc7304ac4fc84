package dev.weir.bench;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the harness's JSON lines (one object per run) with Jackson. Integral numbers become
 * {@link Long}, others {@link Double}; arrays become {@link List}s and objects {@link Map}s in
 * field order; a field given twice is an error.
 *
 * <p>Depends on Jackson and the JDK only, so the harness's tests in {@code examples} (which
 * builds before this module) can compile this file and read their output the way the report
 * does.
 */
public final class ResultLines {
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(DeserializationFeature.USE_LONG_FOR_INTS)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();
  private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
  };

  private ResultLines() {
  }

  /**
   * The objects of a JSON-lines file; blank lines and lines not starting with '{' (log output)
   * are skipped.
   *
   * @throws IOException if the file cannot be read, or a line is not one JSON object (the
   *     message names the file and the line number)
   */
  public static List<Map<String, Object>> read(Path file) throws IOException {
    List<Map<String, Object>> out = new ArrayList<>();
    int n = 0;
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      n++;
      String t = line.strip();
      if (t.startsWith("{")) {
        try {
          out.add(parseObject(t));
        } catch (IllegalArgumentException e) {
          throw new IOException(file + ":" + n + ": " + e.getMessage(), e);
        }
      }
    }
    return out;
  }

  /**
   * Parses one JSON object (one line of the harness's output).
   *
   * @throws IllegalArgumentException if {@code json} is not exactly one JSON object
   */
  public static Map<String, Object> parseObject(String json) {
    try {
      Map<String, Object> m = JSON.readValue(json, OBJECT);
      if (m == null) {
        throw new IllegalArgumentException("not a JSON object: " + abbreviate(json));
      }
      return m;
    } catch (JacksonException e) {
      String at = e.getLocation() == null ? "" : " at column " + e.getLocation().getColumnNr();
      throw new IllegalArgumentException(e.getOriginalMessage() + at + " of " + abbreviate(json), e);
    }
  }

  private static String abbreviate(String t) {
    return t.length() <= 120 ? t : t.substring(0, 117) + "...";
  }
}
