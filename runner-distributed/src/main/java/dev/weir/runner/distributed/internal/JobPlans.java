package dev.weir.runner.distributed.internal;

import dev.weir.runtime.graph.PipelineImpl;
import dev.weir.runtime.plan.PhysicalPlan;
import dev.weir.runtime.plan.Planner;
import dev.weir.sdk.Pipeline;
import dev.weir.sdk.PipelineFactory;
import dev.weir.sdk.PipelineOptions;
import java.util.List;
import java.util.Map;

/**
 * Builds and plans a job from its factory class, options and arguments: what every worker and
 * the submitter do, deterministically, so that their plans (and fingerprints) agree.
 */
public final class JobPlans {
  private JobPlans() {
  }

  /**
   * The options a job runs with, from the definition's settings ({@code pipeline.parallelism},
   * {@code pipeline.max.parallelism}, {@code checkpoint.*}; {@code restart.*} are the runner's),
   * with the job id as the job name.
   */
  public static PipelineOptions options(String jobId, Map<String, String> settings) {
    PipelineOptions o = PipelineOptions.defaults();
    for (Map.Entry<String, String> e : new java.util.TreeMap<>(settings).entrySet()) {
      String key = e.getKey();
      String value = e.getValue();
      if (key.equals(PipelineOptions.PARALLELISM_CONFIG)) {
        o = o.withParallelism(Integer.parseInt(value));
      } else if (key.equals(PipelineOptions.MAX_PARALLELISM_CONFIG)) {
        o = o.withMaxParallelism(Integer.parseInt(value));
      } else if (key.startsWith("checkpoint.")) {
        o = o.withSetting(key, value);
      } else if (!key.startsWith("restart.") && !key.startsWith("restore.")
          && !key.equals(PipelineOptions.JOB_NAME_CONFIG)) {
        throw new IllegalArgumentException("job '" + jobId + "': unknown option " + key + "; "
            + "options are pipeline.parallelism, pipeline.max.parallelism, checkpoint.*, "
            + "restart.max.restarts / restart.delay.ms and restore.*");
      }
    }
    return o.withJobName(jobId);
  }

  /** The settings that carry {@code options} to other processes (the inverse of {@link #options}). */
  public static Map<String, String> settings(PipelineOptions options) {
    Map<String, String> out = new java.util.TreeMap<>(options.settings());
    out.put(PipelineOptions.PARALLELISM_CONFIG, Integer.toString(options.parallelism()));
    out.put(PipelineOptions.MAX_PARALLELISM_CONFIG, Integer.toString(options.maxParallelism()));
    return out;
  }

  /**
   * Loads {@code factoryClass} with {@code loader}, builds the pipeline and plans it.
   *
   * @throws IllegalArgumentException naming the class when it cannot be loaded or built
   */
  public static PhysicalPlan plan(String jobId, String factoryClass, Map<String, String> settings,
      List<String> args, ClassLoader loader) {
    PipelineFactory factory;
    try {
      Class<?> c = Class.forName(factoryClass, true, loader);
      if (!PipelineFactory.class.isAssignableFrom(c)) {
        throw new IllegalArgumentException("job class " + factoryClass + " does not implement "
            + PipelineFactory.class.getName());
      }
      factory = (PipelineFactory) c.getDeclaredConstructor().newInstance();
    } catch (ClassNotFoundException e) {
      if (loader instanceof dev.weir.runner.distributed.internal.jars.JobClassLoader j) {
        throw new IllegalArgumentException("job class " + factoryClass + " is not in the job's "
            + "jar " + j.getURLs()[0].getPath() + "; check --class and the jar's content", e);
      }
      throw new IllegalArgumentException("job class " + factoryClass + " is not on this "
          + "process's classpath; start workers with the application's jars (--classpath), "
          + "or submit the job with its jar (--jar)", e);
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException("job class " + factoryClass + " needs a public "
          + "no-argument constructor: " + e, e);
    }
    Pipeline p = factory.create(options(jobId, settings), List.copyOf(args));
    if (!(p instanceof PipelineImpl impl)) {
      throw new IllegalArgumentException("job class " + factoryClass + " returned a pipeline not "
          + "made by Pipeline.create(options)");
    }
    PhysicalPlan plan = Planner.plan(impl);
    for (dev.weir.runtime.plan.Exchange e : plan.exchanges()) {
      if (e.from().outputCoder() == null) {
        throw new dev.weir.sdk.PipelineValidationException(e.from().name(), "step '"
            + e.from().name() + "' sends its records to other processes (exchange "
            + e.label() + "), so its stream needs a coder: add .withCoder(...) after it, "
            + "e.g. .map(\"" + e.from().name() + "\", fn).withCoder(Types.STRING)");
      }
    }
    return plan;
  }
}
