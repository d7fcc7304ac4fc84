package dev.weir.cli;

import dev.weir.sdk.Pipeline;
import dev.weir.sdk.PipelineFactory;
import dev.weir.sdk.PipelineOptions;
import dev.weir.sdk.checkpoint.CheckpointManifest;
import dev.weir.sdk.spi.Savepoint;
import java.io.PrintWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code weir checkpoints check-compat LOCATION --job CLASS}: before a deploy, whether the new
 * version of a job can restore a savepoint or a checkpoint: the check every runner makes before
 * any task starts (max parallelism, state of removed steps, each keyed state's schema under
 * Avro's resolution rules), offline.
 *
 * <pre>{@code
 * weir checkpoints check-compat savepoints/savepoint-orders-17 --job com.acme.OrdersJob \
 *     --classpath orders-2.0.jar -- --input kafka://...
 * }</pre>
 *
 * <p>Exit codes: 0 compatible; 3 not compatible (each problem printed: step, state, field,
 * rule); 2 a location, class or checkpoint that does not exist; 1 data that cannot be read.
 */
@Command(name = "check-compat", mixinStandardHelpOptions = true,
    description = {"Check offline whether a job's (new) code can restore a savepoint or a "
        + "checkpoint: max parallelism, removed steps and states, and each keyed state's "
        + "schema under Avro's resolution rules.",
        "Exit 0: compatible; 3: not (each problem is printed); 2: not found; 1: unreadable."})
final class CheckCompatCommand implements Callable<Integer> {
  static final int INCOMPATIBLE = 3;

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "LOCATION", description = "A savepoint directory, or "
      + "the directory of a Chronicle Queue checkpoint store (then its newest checkpoint, or "
      + "--checkpoint).")
  Path location;

  @Option(names = "--job", required = true, paramLabel = "CLASS",
      description = "The job's PipelineFactory class (the new version).")
  String jobClass;

  @Option(names = "--classpath", paramLabel = "JARS", split = ",",
      description = "Jars or directories holding the job's classes, comma-separated.")
  List<Path> classpath = new ArrayList<>();

  @Option(names = "--parallelism", description = "The parallelism the job will run with "
      + "(default: the job's own).")
  Integer parallelism;

  @Option(names = "--job-name", paramLabel = "NAME", description = "With a checkpoint store: "
      + "the job whose checkpoint to check (default: the store's only job).")
  String jobName;

  @Option(names = "--checkpoint", paramLabel = "ID", description = "With a checkpoint store: "
      + "the checkpoint to check (default: the newest).")
  Long checkpointId;

  @Option(names = "--allow-non-restored-state", description = "Allow dropping state of steps "
      + "and states the new job no longer has.")
  boolean allowNonRestoredState;

  @Option(names = "--rename-step", paramLabel = "OLD=NEW", description = "Check as the job "
      + "will restore with the same option: the state of step OLD goes to the job's step NEW; "
      + "repeat for several steps.")
  java.util.Map<String, String> renamedSteps = new java.util.LinkedHashMap<>();

  @Parameters(index = "1..*", paramLabel = "ARGS", description = "The job's own arguments "
      + "(after --).")
  List<String> args = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    CheckpointManifest checkpoint;
    Pipeline pipeline;
    try {
      if (!Files.exists(location)) {
        throw new InspectionException(location + " does not exist");
      }
      checkpoint = manifest();
      pipeline = pipeline();
    } catch (InspectionException | java.nio.file.NoSuchFileException e) {
      err.println("weir checkpoints check-compat: " + e.getMessage());
      err.flush();
      return StoreCommand.NOT_FOUND;
    }
    try {
      checkpoint = checkpoint.withRenamedSteps(renamedSteps);
    } catch (IllegalArgumentException e) {
      err.println("weir checkpoints check-compat: --rename-step: " + e.getMessage());
      err.flush();
      return StoreCommand.NOT_FOUND;
    }
    List<String> problems = dev.weir.runner.local.LocalRunner.create()
        .restoreProblems(pipeline, checkpoint, allowNonRestoredState);
    String what = checkpoint.describe() + (checkpoint.savepoint() ? " (savepoint " + location
        + ")" : "");
    if (problems.isEmpty()) {
      out.println("compatible: " + jobClass + " can restore " + what);
      out.flush();
      return 0;
    }
    out.println("NOT compatible: " + jobClass + " cannot restore " + what + ":");
    problems.forEach(p -> out.println("  " + p));
    out.flush();
    return INCOMPATIBLE;
  }

  private CheckpointManifest manifest() throws Exception {
    if (Files.isRegularFile(location.resolve(Savepoint.MANIFEST_FILE))) {
      return Savepoint.open(location).manifest();
    }
    try (OfflineStore store = OfflineStore.open(location)) {
      String job = store.job(jobName);
      if (checkpointId != null) {
        return store.checkpoint(job, checkpointId);
      }
      List<CheckpointManifest> all = store.store().listCheckpoints(job);
      if (all.isEmpty()) {
        throw new InspectionException("job '" + job + "' has no retained checkpoint in "
            + location);
      }
      return all.get(all.size() - 1);
    }
  }

  private Pipeline pipeline() throws Exception {
    List<URL> urls = new ArrayList<>();
    for (Path p : classpath) {
      if (!Files.exists(p)) {
        throw new InspectionException("--classpath: " + p + " does not exist");
      }
      urls.add(p.toUri().toURL());
    }
    ClassLoader loader = urls.isEmpty() ? getClass().getClassLoader()
        : new URLClassLoader(urls.toArray(URL[]::new), getClass().getClassLoader());
    Class<?> type;
    try {
      type = Class.forName(jobClass, true, loader);
    } catch (ClassNotFoundException e) {
      throw new InspectionException("--job: class " + jobClass + " is not on the class path"
          + (classpath.isEmpty() ? "; give its jar with --classpath" : " " + classpath));
    }
    if (!PipelineFactory.class.isAssignableFrom(type)) {
      throw new InspectionException("--job: " + jobClass + " is not a "
          + PipelineFactory.class.getName());
    }
    PipelineFactory factory = (PipelineFactory) type.getDeclaredConstructor().newInstance();
    PipelineOptions options = PipelineOptions.defaults();
    if (parallelism != null) {
      options = options.withParallelism(parallelism);
    }
    return factory.create(options, List.copyOf(args));
  }
}
