package dev.weir.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import dev.weir.sdk.archfixture.cycle.Ping;
import dev.weir.sdk.archfixture.cycle.back.Pong;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The architecture, checked (here, in the CLI module, because it sees every other module):
 * three tiers with arrows one way (API &lt;- SPI &lt;- runtime &lt;-
 * runners), io modules, examples and the test kit on the API and SPI only, each module's
 * {@code internal} packages used by that module only, and no cycles between tiers and
 * modules, and no package cycles inside the API or inside the runtime except the two frozen
 * ones ({@link #API_SHARED_VOCABULARY}, {@link #RUNTIME_GRAPH_AND_EXECUTION}), whose packages
 * count as one slice and whose inner dependencies are listed, so that no new cycle can appear.
 * A violation fails the build with the rule's name and each offending dependency.
 *
 * <p>Tiers: <b>API</b> is {@code dev.weir.sdk..} except {@code dev.weir.sdk.spi..};
 * <b>SPI</b> is {@code dev.weir.sdk.spi..}; <b>runtime</b> is {@code dev.weir.runtime..}. The
 * micro-benchmarks (module {@code bench}) measure runtime internals on purpose and are not on
 * this module's class path.
 */
class ArchitectureTest {

  private static final String API = "dev.weir.sdk..";
  private static final String SPI = "dev.weir.sdk.spi..";
  private static final String RUNTIME = "dev.weir.runtime..";

  private static JavaClasses classes;

  /** The package dependencies inside {@link #API_SHARED_VOCABULARY}. */
  private static final String[] API_EDGES = {
      "dev.weir.sdk -> dev.weir.sdk.checkpoint",
      "dev.weir.sdk -> dev.weir.sdk.fn",
      "dev.weir.sdk -> dev.weir.sdk.io",
      "dev.weir.sdk -> dev.weir.sdk.types",
      "dev.weir.sdk.checkpoint -> dev.weir.sdk",      // CheckpointConfig throws ConfigException
      "dev.weir.sdk.fn -> dev.weir.sdk",              // ProcessFn/KeyedProcessFn contexts emit to an OutputTag
      "dev.weir.sdk.fn -> dev.weir.sdk.state",
      "dev.weir.sdk.fn -> dev.weir.sdk.types",
      "dev.weir.sdk.io -> dev.weir.sdk",              // DeadLetter.TAG is an OutputTag
      "dev.weir.sdk.io -> dev.weir.sdk.types",
      "dev.weir.sdk.io -> dev.weir.sdk.types.coders",
      "dev.weir.sdk.state -> dev.weir.sdk.types",
      "dev.weir.sdk.types -> dev.weir.sdk",           // CoderException extends WeirException
      "dev.weir.sdk.types -> dev.weir.sdk.types.coders", // Types creates the built-in coders
      "dev.weir.sdk.types.coders -> dev.weir.sdk.types",
  };

  /** The package dependencies inside {@link #RUNTIME_GRAPH_AND_EXECUTION}. */
  private static final String[] RUNTIME_EDGES = {
      "dev.weir.runtime.checkpoint -> dev.weir.runtime.graph",
      "dev.weir.runtime.checkpoint -> dev.weir.runtime.plan",
      "dev.weir.runtime.graph -> dev.weir.runtime.operators", // PStreamImpl builds the built-in operators
      "dev.weir.runtime.graph -> dev.weir.runtime.plan",      // PipelineImpl.plan() calls the Planner
      "dev.weir.runtime.graph -> dev.weir.runtime.task",      // LogicalNode holds an OperatorFactory
      "dev.weir.runtime.operators -> dev.weir.runtime.task",
      "dev.weir.runtime.plan -> dev.weir.runtime.graph",
      "dev.weir.runtime.task -> dev.weir.runtime.checkpoint",
      "dev.weir.runtime.task -> dev.weir.runtime.graph",
      "dev.weir.runtime.task -> dev.weir.runtime.plan",
  };

  @BeforeAll
  static void importMainClasses() {
    classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.weir");
  }

  static final ArchRule API_USES_NEITHER_SPI_NOR_RUNTIME = noClasses()
      .that().resideInAPackage(API).and().resideOutsideOfPackage(SPI)
      .should().dependOnClassesThat().resideInAnyPackage(SPI, RUNTIME)
      .as("the API (dev.weir.sdk..) depends on neither the SPI nor the runtime");

  static final ArchRule SPI_USES_NO_RUNTIME = noClasses()
      .that().resideInAPackage(SPI)
      .should().dependOnClassesThat().resideInAPackage(RUNTIME)
      .as("the SPI (dev.weir.sdk.spi..) depends on the API only, never on the runtime");

  static final ArchRule RUNTIME_KNOWS_NO_RUNNER_OR_IO = noClasses()
      .that().resideInAnyPackage(API, RUNTIME)
      .should().dependOnClassesThat().resideInAnyPackage("dev.weir.runner..", "dev.weir.io..",
          "dev.weir.store..", "dev.weir.testing..", "dev.weir.examples..", "dev.weir.cli..")
      .as("the sdk (API, SPI, runtime) knows no runner, io module, test kit or example");

  static final ArchRule IO_EXAMPLES_AND_TEST_KIT_USE_NO_RUNTIME = noClasses()
      .that().resideInAnyPackage("dev.weir.io..", "dev.weir.store..", "dev.weir.examples..",
          "dev.weir.cli..", "dev.weir.testing..")
      .should().dependOnClassesThat().resideInAPackage(RUNTIME)
      .as("io modules, stores, examples, the CLI and the test kit use the API and SPI only, never the runtime");

  static final ArchRule CONSOLE_USES_API_AND_SPI_ONLY = noClasses()
      .that().resideInAPackage("dev.weir.console..")
      .should().dependOnClassesThat().resideInAnyPackage(RUNTIME, "dev.weir.runner..",
          "dev.weir.io..", "dev.weir.store..", "dev.weir.testing..", "dev.weir.examples..",
          "dev.weir.cli..")
      .as("the console (dev.weir.console..) uses the sdk's API and SPI only, so any runner can feed it");

  static final ArchRule RUNNERS_REACH_THE_CONSOLE_THROUGH_THE_SPI_ONLY = noClasses()
      .that().resideInAnyPackage(API, RUNTIME, "dev.weir.runner..")
      .should().dependOnClassesThat().resideInAPackage("dev.weir.console..")
      .as("the sdk and the runners reach the console only through the SPI (ConsoleProvider, ServiceLoader)");

  static final ArchRule IO_KAFKA_INTERNALS_STAY_INSIDE = internalsOf("dev.weir.io.kafka");
  static final ArchRule CONSOLE_INTERNALS_STAY_INSIDE = internalsOf("dev.weir.console");
  static final ArchRule IO_FILES_INTERNALS_STAY_INSIDE = internalsOf("dev.weir.io.files");
  static final ArchRule RUNNER_LOCAL_INTERNALS_STAY_INSIDE = internalsOf("dev.weir.runner.local");
  static final ArchRule STORE_CHRONICLE_INTERNALS_STAY_INSIDE = internalsOf("dev.weir.store.chronicle");
  static final ArchRule RUNNER_DISTRIBUTED_INTERNALS_STAY_INSIDE = internalsOf("dev.weir.runner.distributed");

  static final ArchRule NO_CYCLES_BETWEEN_TIERS_AND_MODULES = slices()
      .assignedFrom(new TiersAndModules())
      .should().beFreeOfCycles()
      .as("no dependency cycles between the tiers (API, SPI, runtime) and the modules");

  /**
   * A package cycle that is known and frozen: its packages form one slice of the cycle rules,
   * so no other package may join it, and the dependencies between its packages are exactly
   * {@code edges} ({@link #frozenCyclesKeepTheirKnownDependencies}), so no new cycle appears
   * inside it either. Break it by removing edges (then shrink the lists).
   *
   * @param name the slice's name in failure reports
   * @param packages the packages of the cycle
   * @param edges its package dependencies, each {@code "from -> to"}
   */
  record FrozenCycle(String name, Set<String> packages, Set<String> edges) {
  }

  /*
   * Frozen: the API's root package dev.weir.sdk is both the entry (Pipeline, PStream, KeyedPStream,
   * WindowedPStream, which name the fn, io, types and checkpoint types) and the home of the shared
   * vocabulary that the other API packages use: the exception hierarchy (WeirException, whose
   * subclass types.CoderException is; ConfigException, thrown by checkpoint.CheckpointConfig) and
   * OutputTag (named by the fn contexts and io.DeadLetter.TAG). Moving these to a lower package
   * would change the import of every user that catches a WeirException or emits to a side output
   * (and the test kit's conformance suite); before 1.0 that is possible, but it is a decision of
   * its own. types <-> types.coders: Types is the factory of the built-in coders, which implement
   * types.Coder. Broken in issue 13: time (WindowedPStream moved to dev.weir.sdk, beside the other
   * stages) and io <-> types.coders (DeadLetterCoder moved to io, beside DeadLetter).
   */
  static final FrozenCycle API_SHARED_VOCABULARY = new FrozenCycle("API (frozen cycle: the shared vocabulary)",
      Set.of("dev.weir.sdk", "dev.weir.sdk.checkpoint", "dev.weir.sdk.fn", "dev.weir.sdk.io",
          "dev.weir.sdk.state", "dev.weir.sdk.types", "dev.weir.sdk.types.coders"),
      Set.of(API_EDGES));

  /*
   * Frozen: dev.weir.runtime.graph holds both the logical node (LogicalNode, which the planner,
   * the tasks and the checkpoint code read) and the fluent API's implementation (PipelineImpl,
   * PStreamImpl, KeyedPStreamImpl), which builds each step's OperatorFactory (task) from the
   * built-in operators and plans (PipelineImpl.plan(), which both runners call). Breaking it
   * means splitting the builder from the node model, which moves types that runner-distributed
   * imports; a follow-up. Broken in issue 13: state <-> snapshot (ListOperatorSnapshot moved to
   * state beside its format; RestoredState takes a key-group interval, not a KeyGroupRange) and
   * task <-> operators (Operator.commitsOnCheckpointComplete() instead of instanceof SinkOperator).
   */
  static final FrozenCycle RUNTIME_GRAPH_AND_EXECUTION = new FrozenCycle(
      "runtime (frozen cycle: graph, plan, task, operators, checkpoint)",
      Set.of("dev.weir.runtime.checkpoint", "dev.weir.runtime.graph", "dev.weir.runtime.operators",
          "dev.weir.runtime.plan", "dev.weir.runtime.task"),
      Set.of(RUNTIME_EDGES));

  static final ArchRule API_PACKAGES_FREE_OF_CYCLES = slices()
      .assignedFrom(new PackagesUnder("dev.weir.sdk", API_SHARED_VOCABULARY))
      .should().beFreeOfCycles()
      .as("no package cycles inside the API (dev.weir.sdk..), apart from the frozen one");

  static final ArchRule RUNTIME_PACKAGES_FREE_OF_CYCLES = slices()
      .assignedFrom(new PackagesUnder("dev.weir.runtime", RUNTIME_GRAPH_AND_EXECUTION))
      .should().beFreeOfCycles()
      .as("no package cycles inside the runtime (dev.weir.runtime..), apart from the frozen one");

  /** A slice per package under a prefix; the packages of a frozen cycle are one slice. */
  private static final class PackagesUnder implements SliceAssignment {
    private final String prefix;
    private final FrozenCycle frozen;

    PackagesUnder(String prefix, FrozenCycle frozen) {
      this.prefix = prefix;
      this.frozen = frozen;
    }

    @Override
    public SliceIdentifier getIdentifierOf(JavaClass c) {
      String p = c.getPackageName();
      if (!p.equals(prefix) && !p.startsWith(prefix + ".")) {
        return SliceIdentifier.ignore();
      }
      return SliceIdentifier.of(frozen.packages().contains(p) ? frozen.name() : p);
    }

    @Override
    public String getDescription() {
      return "packages under " + prefix;
    }
  }

  /** A slice per tier of the sdk and per module above it. */
  private static final class TiersAndModules implements SliceAssignment {
    @Override
    public SliceIdentifier getIdentifierOf(JavaClass c) {
      String p = c.getPackageName();
      for (String[] tier : new String[][] {
          {"dev.weir.sdk.spi", "SPI"}, {"dev.weir.sdk", "API"}, {"dev.weir.runtime", "runtime"},
          {"dev.weir.runner.local", "runner-local"}, {"dev.weir.testing", "testkit"},
          {"dev.weir.runner.distributed", "runner-distributed"},
          {"dev.weir.io.files", "io-files"}, {"dev.weir.store.chronicle", "store-chronicle"},
          {"dev.weir.io.kafka", "io-kafka"},
          {"dev.weir.examples", "examples"}, {"dev.weir.cli", "cli"},
          {"dev.weir.console", "console"}}) {
        if (p.equals(tier[0]) || p.startsWith(tier[0] + ".")) {
          return SliceIdentifier.of(tier[1]);
        }
      }
      return SliceIdentifier.ignore();
    }

    @Override
    public String getDescription() {
      return "tiers and modules";
    }
  }

  private static ArchRule internalsOf(String module) {
    return noClasses()
        .that().resideOutsideOfPackage(module + "..")
        .should().dependOnClassesThat().resideInAPackage(module + ".internal..")
        .as("the internal packages of " + module + " are used inside " + module + " only");
  }

  @Test
  void apiUsesNeitherSpiNorRuntime() {
    API_USES_NEITHER_SPI_NOR_RUNTIME.check(classes);
  }

  @Test
  void theTierRuleCatchesAnApiClassThatUsesTheRuntime() {
    JavaClasses fixture = new ClassFileImporter()
        .importClasses(dev.weir.sdk.archfixture.ApiClassUsingRuntime.class);
    EvaluationResult result = API_USES_NEITHER_SPI_NOR_RUNTIME.evaluate(fixture);
    assertThat(result.hasViolation()).isTrue();
    assertThat(result.getFailureReport().toString())
        .contains("the API (dev.weir.sdk..) depends on neither the SPI nor the runtime")
        .contains("RestoreScope");
  }

  @Test
  void spiUsesNoRuntime() {
    SPI_USES_NO_RUNTIME.check(classes);
  }

  @Test
  void sdkKnowsNoRunnerOrIo() {
    RUNTIME_KNOWS_NO_RUNNER_OR_IO.check(classes);
  }

  @Test
  void ioExamplesAndTestKitUseNoRuntime() {
    IO_EXAMPLES_AND_TEST_KIT_USE_NO_RUNTIME.check(classes);
  }

  @Test
  void internalPackagesStayInTheirModule() {
    IO_KAFKA_INTERNALS_STAY_INSIDE.check(classes);
    IO_FILES_INTERNALS_STAY_INSIDE.check(classes);
    RUNNER_LOCAL_INTERNALS_STAY_INSIDE.check(classes);
    STORE_CHRONICLE_INTERNALS_STAY_INSIDE.check(classes);
    RUNNER_DISTRIBUTED_INTERNALS_STAY_INSIDE.check(classes);
    CONSOLE_INTERNALS_STAY_INSIDE.check(classes);
  }

  @Test
  void theConsoleUsesTheApiAndSpiOnly() {
    CONSOLE_USES_API_AND_SPI_ONLY.check(classes);
  }

  @Test
  void runnersReachTheConsoleThroughTheSpiOnly() {
    RUNNERS_REACH_THE_CONSOLE_THROUGH_THE_SPI_ONLY.check(classes);
  }

  @Test
  void noPackageCyclesInsideTheApi() {
    API_PACKAGES_FREE_OF_CYCLES.check(classes);
  }

  @Test
  void noPackageCyclesInsideTheRuntime() {
    RUNTIME_PACKAGES_FREE_OF_CYCLES.check(classes);
  }

  @Test
  void frozenCyclesKeepTheirKnownDependencies() {
    for (FrozenCycle frozen : List.of(API_SHARED_VOCABULARY, RUNTIME_GRAPH_AND_EXECUTION)) {
      assertThat(dependenciesBetween(frozen.packages()))
          .as("dependencies between the packages of the frozen cycle '%s': a new one may close a new "
              + "cycle (break it, or add it to the list with the reason); one that is gone shrinks the "
              + "freeze (remove it from the list)", frozen.name())
          .containsExactlyInAnyOrderElementsOf(frozen.edges());
    }
  }

  @Test
  void theCycleRuleCatchesANewCycle() {
    JavaClasses fixture = new ClassFileImporter().importClasses(Ping.class, Pong.class);
    EvaluationResult result = API_PACKAGES_FREE_OF_CYCLES.evaluate(fixture);
    assertThat(result.hasViolation()).isTrue();
    assertThat(result.getFailureReport().toString())
        .contains("no package cycles inside the API")
        .contains("dev.weir.sdk.archfixture.cycle")
        .contains("dev.weir.sdk.archfixture.cycle.back");
  }

  /** The package dependencies ({@code "from -> to"}) of the main classes between {@code packages}. */
  private static Set<String> dependenciesBetween(Set<String> packages) {
    Set<String> edges = new TreeSet<>();
    for (JavaClass c : classes) {
      if (!packages.contains(c.getPackageName())) {
        continue;
      }
      for (Dependency d : c.getDirectDependenciesFromSelf()) {
        String to = d.getTargetClass().getBaseComponentType().getPackageName();
        if (packages.contains(to) && !to.equals(c.getPackageName())) {
          edges.add(c.getPackageName() + " -> " + to);
        }
      }
    }
    return edges;
  }

  @Test
  void noCyclesBetweenTiersAndModules() {
    NO_CYCLES_BETWEEN_TIERS_AND_MODULES.check(classes);
  }
}
