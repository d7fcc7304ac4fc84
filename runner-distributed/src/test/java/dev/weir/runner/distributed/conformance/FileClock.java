package dev.weir.runner.distributed.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock whose time is a file, which a test in another process writes: the processing time of
 * worker processes, driven from the test's {@link dev.weir.testing.ManualClock}. The file holds
 * epoch milliseconds, or {@value #SYSTEM} (or is missing) for the system clock. Read on every
 * call, so a worker sees a new time as soon as {@link #set} returned.
 */
final class FileClock extends Clock {
  static final String SYSTEM = "system";

  private final Path file;

  FileClock(Path file) {
    this.file = file;
  }

  /** Makes every {@code FileClock} on {@code file} read {@code millis}, or the system clock. */
  static void set(Path file, Long millis) {
    Path partial = file.resolveSibling(file.getFileName() + ".partial");
    try {
      Files.writeString(partial, millis == null ? SYSTEM : millis.toString(), StandardCharsets.UTF_8);
      Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot set the clock file " + file, e);
    }
  }

  @Override
  public long millis() {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8).trim();
    } catch (NoSuchFileException e) {
      return System.currentTimeMillis();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the clock file " + file, e);
    }
    return text.equals(SYSTEM) ? System.currentTimeMillis() : Long.parseLong(text);
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    if (zone.equals(ZoneOffset.UTC)) {
      return this;
    }
    throw new UnsupportedOperationException("a FileClock is in UTC only");
  }
}
