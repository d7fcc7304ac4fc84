package dev.weir.runner.distributed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A worker in a JVM of its own, started with this test class path ({@link WorkerMain}); its
 * output goes to {@code target/worker-logs/<name>.log}. Killed with SIGKILL, paused with SIGSTOP,
 * stopped with SIGTERM: real process failures, not simulated ones.
 */
public final class WorkerProcess implements AutoCloseable {
  private final String name;
  private final Process process;
  private final Path log;

  private WorkerProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  public static WorkerProcess start(String bootstrap, String cluster, String name, int sessionTimeoutMs)
      throws IOException {
    return start(bootstrap, cluster, name, sessionTimeoutMs, List.of());
  }

  /** Like {@link #start(String, String, String, int)}, with extra JVM options. */
  static WorkerProcess start(String bootstrap, String cluster, String name, int sessionTimeoutMs,
      List<String> jvmOptions) throws IOException {
    return start(WorkerMain.class.getName(), bootstrap, cluster, name, sessionTimeoutMs,
        jvmOptions, List.of());
  }

  /**
   * A worker started by {@code mainClass}, which takes {@link WorkerMain}'s options followed by
   * {@code mainArgs} (a test's own worker main that adds hooks to the worker).
   */
  public static WorkerProcess start(String mainClass, String bootstrap, String cluster,
      String name, int sessionTimeoutMs, List<String> jvmOptions, List<String> mainArgs)
      throws IOException {
    String classpath = System.getProperty("surefire.test.class.path",
        System.getProperty("java.class.path"));
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
        "-Dorg.slf4j.simpleLogger.log.org.apache.kafka=warn",
        "-Dorg.slf4j.simpleLogger.showDateTime=true"));
    cmd.addAll(jvmOptions);
    cmd.addAll(List.of("-cp", classpath, mainClass,
        "--bootstrap", bootstrap, "--cluster", cluster, "--name", name,
        "--session-timeout-ms", Integer.toString(sessionTimeoutMs)));
    cmd.addAll(mainArgs);
    Path dir = Path.of("target", "worker-logs");
    Files.createDirectories(dir);
    Path log = dir.resolve(cluster + "-" + name + ".log");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    return new WorkerProcess(name, p, log);
  }

  public String name() {
    return name;
  }

  long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** SIGKILL: the worker dies without a goodbye; waits until it is gone. */
  void kill9() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGSTOP: the worker freezes (a zombie once its session times out). */
  void pause() throws IOException, InterruptedException {
    signal("STOP");
  }

  /** SIGCONT: the frozen worker runs again. */
  void resume() throws IOException, InterruptedException {
    signal("CONT");
  }

  /** SIGTERM: the worker leaves its groups and exits; waits for it. */
  public int terminate() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
      throw new AssertionError("worker " + name + " did not exit within 60 s of SIGTERM; see " + log);
    }
    return process.exitValue();
  }

  private void signal(String sig) throws IOException, InterruptedException {
    Process k = new ProcessBuilder("kill", "-" + sig, Long.toString(process.pid())).inheritIO().start();
    if (k.waitFor() != 0) {
      throw new IOException("kill -" + sig + " " + process.pid() + " failed");
    }
  }

  public Path log() {
    return log;
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Override
  public String toString() {
    return name + " (pid " + process.pid() + ")";
  }
}
