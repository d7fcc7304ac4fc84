package dev.weir.cli;

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
}
