package dev.weir.io.files.internal;

import dev.weir.sdk.WeirException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves a file source's input — one file, a directory, or a glob — to a sorted list of
 * files, the same list in every subtask, so that file {@code i} is split {@code i}.
 *
 * <p>A directory is walked recursively; hidden files and directories (names starting with
 * {@code .} or {@code _}) are skipped, as the sink's in-progress files are hidden. Each file
 * is identified by its path relative to the root (the directory, the file's parent, or the
 * glob's directory part), which is what checkpoints record.
 *
 * <p>{@linkplain #skippingBinaryFiles Text inputs} also skip, under a directory or glob, files
 * that are binary: a NUL byte in the first {@value #SNIFF_BYTES} bytes (of the decompressed
 * text, for {@code .gz} files), as {@code grep} and {@code git} decide. Each skipped file is
 * logged once at WARN, by name. A file named directly is always read.
 */
public final class InputFiles {
  private static final Logger LOG = LoggerFactory.getLogger(InputFiles.class);

  /** How many leading bytes decide whether a file is binary. */
  static final int SNIFF_BYTES = 8192;

  private final String spec;
  private final Path path;
  private final PathMatcher matcher;
  private final boolean skipBinary;
  private final Set<Path> reportedBinary = ConcurrentHashMap.newKeySet();
  private volatile Path root;

  private InputFiles(String spec, Path path, PathMatcher matcher, boolean skipBinary) {
    this.spec = spec;
    this.path = path;
    this.matcher = matcher;
    this.skipBinary = skipBinary;
  }

  /** A file or a directory; which one is decided when the job lists it, not now. */
  public static InputFiles of(Path fileOrDir) {
    return new InputFiles(fileOrDir.toString(), fileOrDir.normalize(), null, false);
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
    return new InputFiles(glob, dir, m, false);
  }

  /**
   * The same input, read as text: binary files found under a directory or by a glob are left
   * out of {@link #list} (and logged once each).
   */
  public InputFiles skippingBinaryFiles() {
    return new InputFiles(spec, path, matcher, true);
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
            + ") does not exist; pass an existing file, directory or glob");
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
          + "' does not exist; pass an existing file, directory or glob");
    }
    List<Path> files;
    try (Stream<Path> s = Files.walk(root)) {
      files = s.filter(Files::isRegularFile)
          .filter(f -> !hidden(root.relativize(f)))
          .filter(f -> matcher == null || matcher.matches(root.relativize(f)))
          .sorted((a, b) -> key(a).compareTo(key(b)))
          .toList();
    } catch (IOException | UncheckedIOException e) {
      throw new WeirException("file source: cannot list '" + root.toAbsolutePath() + "' of input '" + spec
          + "': " + e.getMessage() + "; check that the directory is readable", e);
    }
    if (!skipBinary) {
      return files;
    }
    List<Path> text = new ArrayList<>(files.size());
    for (Path f : files) {
      if (!isBinary(f)) {
        text.add(f);
      } else if (reportedBinary.add(f)) {
        LOG.warn("file source: skipping binary file {} of input '{}' (a NUL byte in its first {} "
            + "bytes); name the file itself as the input to read it as text", f, spec, SNIFF_BYTES);
      }
    }
    return text;
  }

  /** Whether the first {@link #SNIFF_BYTES} bytes of the file's text hold a NUL byte. */
  static boolean isBinary(Path file) {
    byte[] head;
    try (InputStream raw = Files.newInputStream(file);
        InputStream in = FileSplit.isGzip(file) ? new GZIPInputStream(raw) : raw) {
      head = in.readNBytes(SNIFF_BYTES);
    } catch (IOException e) {
      throw new WeirException("file source: cannot read the start of '" + file.toAbsolutePath()
          + "': " + e.getMessage() + "; check that the file is readable"
          + (FileSplit.isGzip(file) ? " and a complete gzip file" : ""), e);
    }
    for (byte b : head) {
      if (b == 0) {
        return true;
      }
    }
    return false;
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
