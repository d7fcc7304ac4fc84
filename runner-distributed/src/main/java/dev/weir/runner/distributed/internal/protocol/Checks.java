package dev.weir.runner.distributed.internal.protocol;

import dev.weir.sdk.PipelineResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** The validations the protocol's records share. */
final class Checks {

  private Checks() {}

  static String notBlank(String value, String what) {
    Objects.requireNonNull(value, what);
    if (value.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank");
    }
    return value;
  }

  static long atLeast(long value, long min, String what) {
    if (value < min) {
      throw new IllegalArgumentException(what + " must be at least " + min + ", was " + value);
    }
    return value;
  }

  static long checkpointId(long value, String message) {
    if (value < 1) {
      throw new IllegalArgumentException(
          "checkpointId of " + message + " must be at least 1, was " + value);
    }
    return value;
  }

  /** A share between 0 and 1. */
  static double ratio(double value, String what) {
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException(what + " must be between 0 and 1, was " + value);
    }
    return value;
  }

  /** A terminal or running {@link PipelineResult.State} name, or {@code extra} if given. */
  static String state(String state, String what, String... extra) {
    Objects.requireNonNull(state, what);
    for (String allowed : extra) {
      if (allowed.equals(state)) {
        return state;
      }
    }
    try {
      PipelineResult.State.valueOf(state);
    } catch (IllegalArgumentException e) {
      List<String> names = new ArrayList<>(List.of(extra));
      for (PipelineResult.State s : PipelineResult.State.values()) {
        names.add(s.name());
      }
      throw new IllegalArgumentException(
          what + " must be one of " + names + ", was '" + state + "'", e);
    }
    return state;
  }

  /** An unmodifiable copy sorted by key (so encodings are deterministic); no null entries. */
  static <V> Map<String, V> sortedCopy(Map<String, V> map, String what) {
    Objects.requireNonNull(map, what);
    Map<String, V> copy = new TreeMap<>();
    map.forEach((key, value) -> {
      if (key == null || value == null) {
        throw new NullPointerException(what + " must not hold null keys or values, found "
            + key + " -> " + value);
      }
      copy.put(key, value);
    });
    return Collections.unmodifiableMap(copy);
  }

  /**
   * An unmodifiable sorted copy of partition positions keyed {@code topic:partition}, each
   * position at least 0.
   */
  static Map<String, Long> positions(Map<String, Long> positions, String what) {
    Map<String, Long> copy = sortedCopy(positions, what);
    copy.forEach((key, offset) -> {
      int colon = key.lastIndexOf(':');
      boolean valid = colon > 0 && colon < key.length() - 1;
      if (valid) {
        try {
          valid = Integer.parseInt(key.substring(colon + 1)) >= 0;
        } catch (NumberFormatException e) {
          valid = false;
        }
      }
      if (!valid) {
        throw new IllegalArgumentException(what + " must be keyed topic:partition (e.g."
            + " weir.c.j.x0:3), found key '" + key + "'");
      }
      if (offset < 0) {
        throw new IllegalArgumentException(
            what + " must not hold negative offsets, found " + key + " -> " + offset);
      }
    });
    return copy;
  }

  static List<String> strings(List<String> list, String what) {
    Objects.requireNonNull(list, what);
    if (list.stream().anyMatch(Objects::isNull)) {
      throw new NullPointerException(what + " must not hold null elements");
    }
    return List.copyOf(list);
  }

  /** A SHA-256 as 64 lower-case hex digits. */
  static String sha256(String value, String what) {
    if (value == null || !value.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException(what + " must be a SHA-256 as 64 lower-case hex digits, "
          + "was '" + value + "'");
    }
    return value;
  }
}
