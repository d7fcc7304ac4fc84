package dev.weir.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code weir checkpoints}: inspect a Chronicle Queue checkpoint store offline — list, show,
 * export and verify the retained checkpoints of its jobs.
 *
 * <pre>{@code
 * weir checkpoints list weir-data/checkpoints
 * weir checkpoints show weir-data/checkpoints 7 --job wordcount
 * weir checkpoints export weir-data/checkpoints 7 count count.avro
 * weir checkpoints verify weir-data/checkpoints
 * weir checkpoints check-compat savepoints/savepoint-wordcount-7 --job com.acme.WordCountJob
 * }</pre>
 *
 * <p>The store holds a lock while open, so the commands refuse a directory a running job
 * uses. See {@code docs/operations.md}, "Inspecting checkpoints".
 */
@Command(name = "checkpoints", mixinStandardHelpOptions = true,
    description = "Inspect the checkpoints in a Chronicle Queue checkpoint store (offline: "
        + "not while a job uses the store).",
    subcommands = {ListCheckpointsCommand.class, ShowCheckpointCommand.class,
        ExportStateCommand.class, VerifyCheckpointsCommand.class, CheckCompatCommand.class})
public final class CheckpointsCommand implements Runnable {

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
