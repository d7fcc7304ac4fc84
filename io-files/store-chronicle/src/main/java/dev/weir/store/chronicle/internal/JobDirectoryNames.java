package dev.weir.store.chronicle.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Maps job ids to directory names and back: letters, digits, {@code _} and {@code -} stay,
 * every other byte of the UTF-8 encoding becomes {@code %XX}. So {@code "job/b b"} becomes
 * {@code "job%2Fb%20b"}, and no name is {@code "."}, {@code ".."} or contains a separator.
 */
public final class JobDirectoryNames {

  private JobDirectoryNames() {}

  /** The directory name of {@code jobId}. */
  public static String encode(String jobId) {
    if (jobId.isEmpty()) {
      throw new IllegalArgumentException("jobId must not be empty");
    }
    StringBuilder name = new StringBuilder();
    for (byte b : jobId.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xFF);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '_' || c == '-') {
        name.append(c);
      } else {
        name.append('%').append(String.format("%02X", b & 0xFF));
      }
    }
    return name.toString();
  }

  /** The job id of a directory name made by {@link #encode}, or empty for other names. */
  public static Optional<String> decode(String name) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '%' && i + 2 < name.length()) {
        try {
          bytes.write(Integer.parseInt(name.substring(i + 1, i + 3), 16));
        } catch (NumberFormatException e) {
          return Optional.empty();
        }
        i += 2;
      } else if (c == '%' || c > 0x7F) {
        return Optional.empty();
      } else {
        bytes.write(c);
      }
    }
    String jobId = bytes.toString(StandardCharsets.UTF_8);
    return !jobId.isEmpty() && encode(jobId).equals(name) ? Optional.of(jobId) : Optional.empty();
  }
}
