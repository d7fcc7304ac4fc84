package dev.weir.examples.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The part files an earlier run left in an output directory, kept aside until a new run has
 * replaced them: a fresh run moves them into {@code .weir-previous/} (hidden, so file sources
 * and the sink's own bookkeeping ignore it) instead of deleting them, and only a run that
 * finishes deletes them. A run stopped with Ctrl-C or failed leaves them there, so the user
 * never has the old output deleted and nothing new.
 */
final class PreviousOutput {

  /** The hidden directory under the output directory that holds the earlier run's parts. */
  static final String DIR = ".weir-previous";

  private final Path output;

  PreviousOutput(Path output) {
    this.output = output;
  }

  Path stash() {
    return output.resolve(DIR);
  }

  /**
   * Moves the finished part files of an earlier run aside (replacing an older stash, whose run
   * these parts already replaced) and deletes in-progress files of earlier runs' attempts.
   *
   * @return how many finished part files were moved
   */
  int moveAside() throws IOException {
    if (!Files.isDirectory(output)) {
      return 0;
    }
    List<Path> parts;
    try (Stream<Path> s = Files.list(output)) {
      parts = s.filter(f -> f.getFileName().toString().startsWith("part-")).toList();
    }
    if (!parts.isEmpty()) {
      discard();
      Files.createDirectories(stash());
      for (Path f : parts) {
        Files.move(f, stash().resolve(f.getFileName()), StandardCopyOption.ATOMIC_MOVE);
      }
    }
    try (Stream<Path> s = Files.list(output)) {
      for (Path f : s.toList()) {
        String name = f.getFileName().toString();
        if (name.startsWith(".part-") && name.endsWith(".inprogress")) {
          Files.delete(f);
        }
      }
    }
    return parts.size();
  }

  /** The number of part files kept aside (0 if none). */
  int kept() throws IOException {
    if (!Files.isDirectory(stash())) {
      return 0;
    }
    try (Stream<Path> s = Files.list(stash())) {
      return (int) s.count();
    }
  }

  /** Deletes the kept part files: a run finished and its output replaced them. */
  void discard() throws IOException {
    if (!Files.isDirectory(stash())) {
      return;
    }
    try (Stream<Path> s = Files.walk(stash())) {
      for (Path f : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
  }
}
