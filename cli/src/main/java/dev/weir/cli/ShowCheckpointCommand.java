package dev.weir.cli;

import dev.weir.sdk.spi.CheckpointManifestFormat;
import java.io.IOException;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code weir checkpoints show}: one checkpoint's manifest as JSON. */
@Command(name = "show", mixinStandardHelpOptions = true,
    description = "Print the manifest of one retained checkpoint as JSON (Avro's JSON encoding "
        + "of the manifest record, as avro-tools tojson shows it).")
final class ShowCheckpointCommand extends StoreCommand {

  @Parameters(index = "1", paramLabel = "ID", description = "The checkpoint id.")
  long checkpointId;

  @Override
  int run(OfflineStore store, PrintWriter out) throws IOException {
    String jobId = store.job(job);
    out.println(CheckpointManifestFormat.toJson(store.checkpoint(jobId, checkpointId)));
    return 0;
  }
}
