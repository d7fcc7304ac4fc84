package dev.weir.io.files.internal;

import dev.weir.sdk.WeirException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.stream.Stream;

/**
 * Resolves a file source's input — one file, a directory, or a glob — to a sorted list of
 * files, the same list in every subtask, so that file {@code i} is split {@code i}.
 *
 * <p>A directory is walked recursively; hidden files and directories (names starting with
 * {@code .} or {@code _}) are skipped, as the sink's in-progress files are hidden. Each file
 * is identified by its path relative to the root (the directory, the file's parent, or the
 * glob's directory part), which is what checkpoints record.
 */
public final class InputFiles {
  private final String spec;
  private final Path path;
  private final PathMatcher matcher;
  private volatile Path root;

  private InputFiles(String spec, Path path, PathMatcher matcher) {
    this.spec = spec;
    this.path = path;
    this.matcher = matcher;
  }

  /** A file or a directory; which one is decided when the job lists it, not now. */
  public static InputFiles of(Path fileOrDir) {
    return new InputFiles(fileOrDir.toString(), fileOrDir.normalize(), null);
  }

  /** A glob such as {@code logs/2024-*}{@code /*.gz}; the part before the first wildcard is the root. */
  public static InputFiles glob(String glob) {
    int wild = firstWildcard(glob);
    if (wild < 0) {
      return of(Path.of(glob));
    }
    int slash = glob.lastIndexOf('/', wild);
    Path dir = slash < 0 ? Path.of("") : Path.of(glob.substring(0, Math.max(slash, 1)));
    String pattern = slash < 0 ? glob : glob.substring(slash + 1);
    PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
    return new InputFiles(glob, dir, m);
  }

  private static int firstWildcard(String s) {
    for (int i = 0; i < s.length(); i++) {
      if ("*?[{".indexOf(s.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }

  /** What the user gave, for messages. */
  public String spec() {
    return spec;
  }

  /**
   * The files, sorted by their key.
   *
   * @throws WeirException if the path does not exist or cannot be listed
   */
  public List<Path> list() {
    if (matcher == null && !Files.isDirectory(path)) {
      Path file = path;
      root = file.getParent() == null ? Path.of("") : file.getParent();
      if (!Files.exists(file)) {
        throw new WeirException("file source: input '" + spec + "' (" + file.toAbsolutePath()
            + ") does not exist; pass an existing file, directory or glob to FileSource.text");
      }
      if (!Files.isReadable(file)) {
        throw new WeirException("file source: cannot read '" + file.toAbsolutePath()
            + "': permission denied; make the file readable by this user");
      }
      return List.of(file);
    }
    Path root = path;
    this.root = root;
    if (!Files.isDirectory(root)) {
      throw new WeirException("file source: directory '" + root.toAbsolutePath() + "' of input '" + spec
          + "' does not exist; pass an existing file, directory or glob to FileSource.text");
    }
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile)
          .filter(f -> !hidden(root.relativize(f)))
          .filter(f -> matcher == null || matcher.matches(root.relativize(f)))
          .sorted((a, b) -> key(a).compareTo(key(b)))
          .toList();
    } catch (IOException | UncheckedIOException e) {
      throw new WeirException("file source: cannot list '" + root.toAbsolutePath() + "' of input '" + spec
          + "': " + e.getMessage() + "; check that the directory is readable", e);
    }
  }

  /**
   * The key of a listed file in checkpoints: its path relative to the root (the directory, the
   * file's parent, or the glob's directory part), with '/' separators. Call after {@link #list}.
   */
  public String key(Path file) {
    return root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
  }

  private static boolean hidden(Path relative) {
    for (Path part : relative) {
      String n = part.toString();
      if (n.startsWith(".") || n.startsWith("_")) {
        return true;
      }
    }
    return false;
  }
}
