package dev.weir.store.chronicle.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.weir.store.chronicle.ChronicleQueueCheckpointStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store refuses to open in a JVM that lacks Chronicle Queue's flags, and says which to add. */
class ChronicleJvmFlagsTest {

  private static final String SUN_NIO_CH = "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED";

  @Test
  void onlyTheFlagsThePredicateDeniesAreMissing() {
    assertThat(ChronicleJvmFlags.missing(f -> !f.pkg().equals("sun.nio.ch")))
        .extracting(f -> f.option("ALL-UNNAMED")).containsExactly(SUN_NIO_CH);
    assertThat(ChronicleJvmFlags.missing(f -> true)).isEmpty();
    assertThat(ChronicleJvmFlags.missing(f -> false)).hasSize(3);
  }

  @Test
  void theMessagePrintsEveryFlagForJavaSurefireAndMaven() {
    String all = "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED "
        + "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED " + SUN_NIO_CH
        + " -Dchronicle.analytics.disable=true -Dchronicle.announcer.disable=true";
    String message = ChronicleJvmFlags.message("the checkpoint store in d",
        ChronicleJvmFlags.missing(f -> !f.pkg().equals("sun.nio.ch")), "ALL-UNNAMED", 17);
    assertThat(message)
        .startsWith("Chronicle Queue (the checkpoint store in d) needs JVM flags this JVM was "
            + "started without: " + SUN_NIO_CH + " (without it the queue opens read-only).")
        .contains("java " + all + " -cp")
        .contains("<argLine>" + all + "</argLine>")
        .contains("MAVEN_OPTS=\"" + all + "\"")
        .doesNotContain("--enable-native-access");
    assertThat(ChronicleJvmFlags.message("x", ChronicleJvmFlags.REQUIRED, "ALL-UNNAMED", 25))
        .contains(all + " --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow");
  }

  @Test
  void thisTestJvmHasTheFlags() {
    assertThatCode(() -> ChronicleJvmFlags.check("test")).doesNotThrowAnyException();
  }

  /** Main of the child JVM: opens a store in args[0] and prints what happened. */
  public static void main(String[] args) throws Exception {
    try (ChronicleQueueCheckpointStore store = ChronicleQueueCheckpointStore.open(Path.of(args[0]))) {
      System.out.println("opened");
    } catch (dev.weir.sdk.WeirException e) {
      System.out.println(e.getMessage());
      System.exit(3);
    }
  }

  @Test
  void aJvmWithoutTheSunNioChExportCannotOpenTheStore(@TempDir Path tmp) throws Exception {
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Path log = tmp.resolve("child.log");
    Process child = new ProcessBuilder(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
        "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
        "-Dchronicle.analytics.disable=true", "-Dchronicle.announcer.disable=true",
        "-Xshare:auto", "-XX:TieredStopAtLevel=1",
        "-cp", classpath, ChronicleJvmFlagsTest.class.getName(), tmp.resolve("store").toString()))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String out = Files.readString(log);
    assertThat(child.exitValue()).as(out).isEqualTo(3);
    assertThat(out).startsWith("Chronicle Queue (the checkpoint store in " + tmp.resolve("store")
        + ") needs JVM flags this JVM was started without: " + SUN_NIO_CH
        + " (without it the queue opens read-only). Start the JVM");
  }
}
