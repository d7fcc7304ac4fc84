package dev.weir.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small JSON reader for the harness's JSON-lines output: one object per line, whose values
 * are strings, numbers, booleans, null, arrays and (for completeness) nested objects.
 * Integral numbers become {@link Long}, others {@link Double}; arrays become {@link List}s and
 * objects {@link LinkedHashMap}s in field order.
 *
 * <p>Pure JDK and self-contained (this one file compiles alone), so the harness's tests can
 * check their output against it without a dependency on this module.
 */
public final class JsonLines {
  private final String s;
  private int i;

  private JsonLines(String s) {
    this.s = s;
  }

  /** The objects of a JSON-lines file; blank lines and lines not starting with '{' are skipped. */
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

  /** Parses one JSON object (one line of the harness's output). */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> parseObject(String json) {
    Object v = parse(json);
    if (!(v instanceof Map)) {
      throw new IllegalArgumentException("not a JSON object: " + abbreviate(json));
    }
    return (Map<String, Object>) v;
  }

  /** Parses one JSON value; the whole input must be that value (surrounding blanks allowed). */
  public static Object parse(String json) {
    JsonLines p = new JsonLines(json);
    Object v = p.value();
    p.blanks();
    if (p.i != json.length()) {
      throw p.error("unexpected text after the value");
    }
    return v;
  }

  private Object value() {
    blanks();
    if (i >= s.length()) {
      throw error("unexpected end of input");
    }
    char c = s.charAt(i);
    switch (c) {
      case '{':
        return object();
      case '[':
        return array();
      case '"':
        return string();
      case 't':
        return literal("true", Boolean.TRUE);
      case 'f':
        return literal("false", Boolean.FALSE);
      case 'n':
        return literal("null", null);
      default:
        if (c == '-' || (c >= '0' && c <= '9')) {
          return number();
        }
        throw error("unexpected character '" + c + "'");
    }
  }

  private Map<String, Object> object() {
    Map<String, Object> m = new LinkedHashMap<>();
    i++; // {
    blanks();
    if (peek() == '}') {
      i++;
      return m;
    }
    while (true) {
      blanks();
      if (peek() != '"') {
        throw error("expected a field name");
      }
      String name = string();
      blanks();
      expect(':');
      Object v = value();
      if (m.containsKey(name)) {
        throw error("duplicate field \"" + name + "\"");
      }
      m.put(name, v);
      blanks();
      char c = next();
      if (c == '}') {
        return m;
      }
      if (c != ',') {
        throw error("expected ',' or '}' in an object");
      }
    }
  }

  private List<Object> array() {
    List<Object> a = new ArrayList<>();
    i++; // [
    blanks();
    if (peek() == ']') {
      i++;
      return a;
    }
    while (true) {
      a.add(value());
      blanks();
      char c = next();
      if (c == ']') {
        return a;
      }
      if (c != ',') {
        throw error("expected ',' or ']' in an array");
      }
    }
  }

  private String string() {
    i++; // opening quote
    StringBuilder b = new StringBuilder();
    while (true) {
      if (i >= s.length()) {
        throw error("unterminated string");
      }
      char c = s.charAt(i++);
      if (c == '"') {
        return b.toString();
      }
      if (c != '\\') {
        b.append(c);
        continue;
      }
      if (i >= s.length()) {
        throw error("unterminated escape");
      }
      char e = s.charAt(i++);
      switch (e) {
        case '"', '\\', '/' -> b.append(e);
        case 'b' -> b.append('\b');
        case 'f' -> b.append('\f');
        case 'n' -> b.append('\n');
        case 'r' -> b.append('\r');
        case 't' -> b.append('\t');
        case 'u' -> {
          if (i + 4 > s.length()) {
            throw error("short \\u escape");
          }
          b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
          i += 4;
        }
        default -> throw error("bad escape \\" + e);
      }
    }
  }

  private Object number() {
    int start = i;
    boolean integral = true;
    if (peek() == '-') {
      i++;
    }
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        i++;
      } else if (c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-') {
        integral = false;
        i++;
      } else {
        break;
      }
    }
    String t = s.substring(start, i);
    try {
      return integral ? (Object) Long.parseLong(t) : (Object) Double.parseDouble(t);
    } catch (NumberFormatException e) {
      i = start;
      throw error("bad number '" + t + "'");
    }
  }

  private Object literal(String word, Object v) {
    if (!s.startsWith(word, i)) {
      throw error("unexpected token");
    }
    i += word.length();
    return v;
  }

  private void blanks() {
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
  }

  private char peek() {
    return i < s.length() ? s.charAt(i) : '\0';
  }

  private char next() {
    if (i >= s.length()) {
      throw error("unexpected end of input");
    }
    return s.charAt(i++);
  }

  private void expect(char c) {
    if (next() != c) {
      i--;
      throw error("expected '" + c + "'");
    }
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException(what + " at offset " + i + " of " + abbreviate(s));
  }

  private static String abbreviate(String t) {
    return t.length() <= 120 ? t : t.substring(0, 117) + "...";
  }
}
