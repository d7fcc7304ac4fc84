package dev.weir.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.stream.Stream;
import picocli.CommandLine;

/**
 * What one {@code weir} invocation printed through picocli's writers and returned, for tests of
 * commands that print with {@code spec.commandLine().getOut()}.
 */
record CliRun(int code, String out, String err) {

  /** Runs {@code weir args...} with the CLI's own error handling. */
  static CliRun weir(Object... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = WeirCli.commandLine(new WeirCli());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(Stream.of(args).map(String::valueOf).toArray(String[]::new));
    return new CliRun(code, out.toString(), err.toString());
  }

  /**
   * Runs {@code weir args...} like {@link #weir}, for commands that print to
   * {@code System.out}: what they print there comes first in {@link #out()}.
   */
  static CliRun weirCapturingSystemOut(Object... args) {
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    PrintStream old = System.out;
    CliRun run;
    try {
      System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
      run = weir(args);
    } finally {
      System.setOut(old);
    }
    return new CliRun(run.code(), stdout.toString(StandardCharsets.UTF_8) + run.out(), run.err());
  }
}
