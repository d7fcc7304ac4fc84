package dev.weir.store.chronicle.internal;

import dev.weir.sdk.WeirException;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The JVM flags Chronicle Queue needs on Java 17+, and the check that this JVM was started with
 * them. Without {@code sun.nio.ch} exported the queue silently opens read-only and the first
 * checkpoint fails with "Can't append to a read-only chronicle"; without the others it fails
 * deep inside Chronicle. The check asks {@code java.base} whether each package is exported or
 * open to Chronicle's module: a few map lookups, no reflection attempts.
 */
public final class ChronicleJvmFlags {

  /** One {@code java.base} package Chronicle needs exported ({@code open} false) or opened. */
  record Flag(String pkg, boolean open, String whyNeeded) {
    String option(String target) {
      return (open ? "--add-opens=" : "--add-exports=") + "java.base/" + pkg + "=" + target;
    }
  }

  /** Every flag Chronicle Queue needs, in the order the docs and the launcher give them. */
  static final List<Flag> REQUIRED = List.of(
      new Flag("java.lang.reflect", true, "Chronicle reads JDK fields reflectively"),
      new Flag("jdk.internal.ref", false, "Chronicle frees memory-mapped files"),
      new Flag("sun.nio.ch", false, "without it the queue opens read-only"));

  /** System properties that keep Chronicle from calling home; not checked, but always advised. */
  static final String PROPERTIES = "-Dchronicle.analytics.disable=true -Dchronicle.announcer.disable=true";

  /** Extra flags Java 24 and later need (Java 17 refuses to start with the second). */
  static final String JAVA_24_FLAGS =
      "--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow";

  private ChronicleJvmFlags() {
  }

  /**
   * Fails if this JVM does not export or open to Chronicle Queue's module every package it needs.
   *
   * @param what what needs Chronicle, for the message (e.g. "the checkpoint store in DIR")
   * @throws WeirException naming the missing flags and printing every flag to add
   */
  public static void check(String what) {
    Module chronicle = net.openhft.chronicle.queue.ChronicleQueue.class.getModule();
    Module base = Object.class.getModule();
    List<Flag> missing = missing(f -> f.open()
        ? base.isOpen(f.pkg(), chronicle) : base.isExported(f.pkg(), chronicle));
    if (!missing.isEmpty()) {
      throw new WeirException(message(what, missing, target(chronicle), Runtime.version().feature()));
    }
  }

  /** The required flags that {@code granted} says are missing. */
  static List<Flag> missing(Predicate<Flag> granted) {
    return REQUIRED.stream().filter(granted.negate()).toList();
  }

  /** The module name the flags grant access to: ALL-UNNAMED on the class path. */
  static String target(Module chronicle) {
    return chronicle.isNamed() ? chronicle.getName() : "ALL-UNNAMED";
  }

  /** All flags to start the JVM with, space-separated. */
  static String allFlags(String target, int javaFeature) {
    String flags = REQUIRED.stream().map(f -> f.option(target)).collect(Collectors.joining(" "))
        + " " + PROPERTIES;
    return javaFeature >= 24 ? flags + " " + JAVA_24_FLAGS : flags;
  }

  static String message(String what, List<Flag> missing, String target, int javaFeature) {
    String flags = allFlags(target, javaFeature);
    return "Chronicle Queue (" + what + ") needs JVM flags this JVM was started without: "
        + missing.stream().map(f -> f.option(target) + " (" + f.whyNeeded() + ")")
            .collect(Collectors.joining(", "))
        + ". Start the JVM with all of them:\n"
        + "  java:            java " + flags + " -cp ... your.Main\n"
        + "  Maven tests:     <argLine>" + flags + "</argLine> in maven-surefire-plugin's <configuration>\n"
        + "  mvn exec:exec:   the same flags as the first <argument>s, before -classpath\n"
        + "  mvn exec:java:   MAVEN_OPTS=\"" + flags + "\" (exec:java runs in Maven's own JVM)";
  }
}
