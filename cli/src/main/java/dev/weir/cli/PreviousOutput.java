package dev.weir.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The part files an earlier run left in an output directory, kept aside until a new run has
 * replaced them, so the user never has the old output deleted and nothing new.
 *
 * <ul>
 *   <li>A run that finishes marks its output complete ({@value #COMPLETE}) and deletes the
 *       kept parts: {@link #finished()}.</li>
 *   <li>A fresh run moves the parts aside into {@value #DIR}: complete parts replace what was
 *       kept; parts without the mark (a run killed while its sinks committed) are leftovers of
 *       an unfinished run and are deleted, and the complete output kept earlier stays.</li>
 *   <li>The move goes through {@value #MOVING} and a rename, so a run killed while moving
 *       loses nothing: the next run first puts those parts back.</li>
 * </ul>
 * Hidden names, so file sources and the sink's own bookkeeping ignore them.
 */
final class PreviousOutput {

  /** The hidden directory under the output directory that holds the earlier run's parts. */
  static final String DIR = ".weir-previous";
  /** The mark of an output directory whose parts a finished run wrote. */
  static final String COMPLETE = ".weir-complete";
  /** Where parts are gathered before they become {@value #DIR}. */
  static final String MOVING = ".weir-previous.moving";

  private final Path output;

  PreviousOutput(Path output) {
    this.output = output;
  }

  Path stash() {
    return output.resolve(DIR);
  }

  /**
   * Before a fresh run: keeps the complete output of an earlier run aside, deletes leftovers of
   * an unfinished one and in-progress files of earlier attempts.
   *
   * @return how many part files were moved aside (0 if none, or if they were leftovers)
   */
  int moveAside() throws IOException {
    if (!Files.isDirectory(output)) {
      return 0;
    }
    Path moving = output.resolve(MOVING);
    if (Files.isDirectory(moving)) {
      // A run was killed while moving complete parts aside: put them back first.
      for (Path f : list(moving)) {
        Files.move(f, output.resolve(f.getFileName()), StandardCopyOption.ATOMIC_MOVE);
      }
      Files.delete(moving);
    }
    List<Path> parts = list(output).stream()
        .filter(f -> f.getFileName().toString().startsWith("part-")).toList();
    int moved = 0;
    if (!parts.isEmpty() && (Files.exists(output.resolve(COMPLETE)) || !Files.exists(stash()))) {
      Files.createDirectories(moving);
      for (Path f : parts) {
        Files.move(f, moving.resolve(f.getFileName()), StandardCopyOption.ATOMIC_MOVE);
      }
      deleteTree(stash());
      Files.move(moving, stash(), StandardCopyOption.ATOMIC_MOVE);
      moved = parts.size();
    } else {
      for (Path f : parts) {
        Files.delete(f); // an unfinished run's parts; the complete output is kept aside
      }
    }
    Files.deleteIfExists(output.resolve(COMPLETE));
    for (Path f : list(output)) {
      String name = f.getFileName().toString();
      if (name.startsWith(".part-") && name.endsWith(".inprogress")) {
        Files.delete(f);
      }
    }
    return moved;
  }

  /** The number of part files kept aside (0 if none). */
  int kept() throws IOException {
    return Files.isDirectory(stash()) ? list(stash()).size() : 0;
  }

  /** A run finished and its output replaced the kept parts: marks it complete, drops them. */
  void finished() throws IOException {
    Files.createDirectories(output);
    Files.writeString(output.resolve(COMPLETE), "");
    deleteTree(stash());
  }

  private static List<Path> list(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.toList();
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path f : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
  }
}
