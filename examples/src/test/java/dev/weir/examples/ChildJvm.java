package dev.weir.examples;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line of a child JVM that runs a class of this module's test class path. */
public final class ChildJvm {

  private ChildJvm() {
  }

  /**
   * {@code java} with the flags the Chronicle store needs, logging at WARN, this test class path
   * and {@code mainClass}, followed by {@code args}.
   */
  public static List<String> command(Class<?> mainClass, List<String> args) {
    String classpath = System.getProperty("surefire.test.class.path",
        System.getProperty("java.class.path"));
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
        "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
        "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
        "-Dchronicle.analytics.disable=true", "-Dchronicle.announcer.disable=true",
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"));
    if (Runtime.version().feature() >= 24) {
      cmd.add("--enable-native-access=ALL-UNNAMED");
      cmd.add("--sun-misc-unsafe-memory-access=allow");
    }
    cmd.addAll(List.of("-cp", classpath, mainClass.getName()));
    cmd.addAll(args);
    return cmd;
  }
}
