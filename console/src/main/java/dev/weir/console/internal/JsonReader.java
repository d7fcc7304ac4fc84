package dev.weir.console.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses JSON text (RFC 8259) into maps ({@code LinkedHashMap}), lists, strings, doubles,
 * booleans and null; anything else, or trailing text, is a {@link MalformedJsonException}
 * naming the offset. Nesting deeper than {@value #MAX_DEPTH} is refused.
 */
public final class JsonReader {
  static final int MAX_DEPTH = 64;

  /** JSON text that does not parse. */
  public static final class MalformedJsonException extends Exception {

    MalformedJsonException(String message) {
      super(message);
    }
  }

  private final String text;
  private int pos;

  private JsonReader(String text) {
    this.text = text;
  }

  /** The value of {@code text}. */
  public static Object parse(String text) throws MalformedJsonException {
    JsonReader r = new JsonReader(text);
    r.skipSpace();
    Object v = r.value(0);
    r.skipSpace();
    if (r.pos != text.length()) {
      throw r.error("unexpected text after the value");
    }
    return v;
  }

  private Object value(int depth) throws MalformedJsonException {
    if (depth > MAX_DEPTH) {
      throw error("nested deeper than " + MAX_DEPTH + " levels");
    }
    if (pos >= text.length()) {
      throw error("the text ended where a value was expected");
    }
    char c = text.charAt(pos);
    return switch (c) {
      case '{' -> object(depth);
      case '[' -> array(depth);
      case '"' -> string();
      case 't' -> literal("true", Boolean.TRUE);
      case 'f' -> literal("false", Boolean.FALSE);
      case 'n' -> literal("null", null);
      default -> {
        if (c == '-' || c >= '0' && c <= '9') {
          yield number();
        }
        throw error("unexpected character '" + c + "'");
      }
    };
  }

  private Map<String, Object> object(int depth) throws MalformedJsonException {
    pos++;
    Map<String, Object> m = new LinkedHashMap<>();
    skipSpace();
    if (peek() == '}') {
      pos++;
      return m;
    }
    while (true) {
      skipSpace();
      if (peek() != '"') {
        throw error("expected a field name in quotes");
      }
      String key = string();
      skipSpace();
      expect(':');
      skipSpace();
      m.put(key, value(depth + 1));
      skipSpace();
      char c = next("',' or '}'");
      if (c == '}') {
        return m;
      }
      if (c != ',') {
        throw error("expected ',' or '}' in an object, found '" + c + "'");
      }
    }
  }

  private List<Object> array(int depth) throws MalformedJsonException {
    pos++;
    List<Object> l = new ArrayList<>();
    skipSpace();
    if (peek() == ']') {
      pos++;
      return l;
    }
    while (true) {
      skipSpace();
      l.add(value(depth + 1));
      skipSpace();
      char c = next("',' or ']'");
      if (c == ']') {
        return l;
      }
      if (c != ',') {
        throw error("expected ',' or ']' in an array, found '" + c + "'");
      }
    }
  }

  private String string() throws MalformedJsonException {
    pos++;
    StringBuilder b = new StringBuilder();
    while (true) {
      char c = next("the closing quote of a string");
      if (c == '"') {
        return b.toString();
      }
      if (c < 0x20) {
        throw error("a control character in a string");
      }
      if (c != '\\') {
        b.append(c);
        continue;
      }
      char e = next("an escape");
      switch (e) {
        case '"', '\\', '/' -> b.append(e);
        case 'b' -> b.append('\b');
        case 'f' -> b.append('\f');
        case 'n' -> b.append('\n');
        case 'r' -> b.append('\r');
        case 't' -> b.append('\t');
        case 'u' -> {
          if (pos + 4 > text.length()) {
            throw error("a \\u escape needs 4 hex digits");
          }
          try {
            b.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
          } catch (NumberFormatException ex) {
            throw error("a \\u escape needs 4 hex digits");
          }
          pos += 4;
        }
        default -> throw error("unknown escape '\\" + e + "'");
      }
    }
  }

  private Double number() throws MalformedJsonException {
    int start = pos;
    if (peek() == '-') {
      pos++;
    }
    digits();
    if (peek() == '.') {
      pos++;
      digits();
    }
    if (peek() == 'e' || peek() == 'E') {
      pos++;
      if (peek() == '+' || peek() == '-') {
        pos++;
      }
      digits();
    }
    return Double.valueOf(text.substring(start, pos));
  }

  private void digits() throws MalformedJsonException {
    int start = pos;
    while (pos < text.length() && Character.isDigit(text.charAt(pos)) && text.charAt(pos) < 128) {
      pos++;
    }
    if (pos == start) {
      throw error("expected a digit");
    }
  }

  private Object literal(String word, Object value) throws MalformedJsonException {
    if (!text.startsWith(word, pos)) {
      throw error("expected '" + word + "'");
    }
    pos += word.length();
    return value;
  }

  private void expect(char c) throws MalformedJsonException {
    char found = next("'" + c + "'");
    if (found != c) {
      throw error("expected '" + c + "', found '" + found + "'");
    }
  }

  private char next(String expected) throws MalformedJsonException {
    if (pos >= text.length()) {
      throw error("the text ended where " + expected + " was expected");
    }
    return text.charAt(pos++);
  }

  private char peek() {
    return pos < text.length() ? text.charAt(pos) : '\0';
  }

  private void skipSpace() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      pos++;
    }
  }

  private MalformedJsonException error(String what) {
    return new MalformedJsonException("malformed JSON at offset " + pos + ": " + what);
  }
}
