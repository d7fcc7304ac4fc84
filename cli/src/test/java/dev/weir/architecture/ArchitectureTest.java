package dev.weir.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The architecture, checked (here, in the CLI module, because it sees every other module):
 * three tiers with arrows one way (API &lt;- SPI &lt;- runtime &lt;-
 * runners), io modules, examples and the test kit on the API and SPI only, each module's
 * {@code internal} packages used by that module only, and no cycles between tiers and
 * modules (package cycles inside the API, whose packages share one vocabulary, and between the
 * runtime's graph and planner are not checked yet). A violation fails
 * the build with the rule's name and each offending dependency.
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

  static final ArchRule IO_KAFKA_INTERNALS_STAY_INSIDE = internalsOf("dev.weir.io.kafka");
  static final ArchRule IO_FILES_INTERNALS_STAY_INSIDE = internalsOf("dev.weir.io.files");
  static final ArchRule RUNNER_LOCAL_INTERNALS_STAY_INSIDE = internalsOf("dev.weir.runner.local");
  static final ArchRule STORE_CHRONICLE_INTERNALS_STAY_INSIDE = internalsOf("dev.weir.store.chronicle");
  static final ArchRule RUNNER_DISTRIBUTED_INTERNALS_STAY_INSIDE = internalsOf("dev.weir.runner.distributed");

  static final ArchRule NO_CYCLES_BETWEEN_TIERS_AND_MODULES = slices()
      .assignedFrom(new TiersAndModules())
      .should().beFreeOfCycles()
      .as("no dependency cycles between the tiers (API, SPI, runtime) and the modules");

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
          {"dev.weir.examples", "examples"}, {"dev.weir.cli", "cli"}}) {
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
  }

  @Test
  void noCyclesBetweenTiersAndModules() {
    NO_CYCLES_BETWEEN_TIERS_AND_MODULES.check(classes);
  }
}
