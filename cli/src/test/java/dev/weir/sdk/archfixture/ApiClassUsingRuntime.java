package dev.weir.sdk.archfixture;

import dev.weir.runtime.checkpoint.RestoreScope;

/** A test fixture: an API-tier class that breaks the tier rule, for ArchitectureTest. */
public final class ApiClassUsingRuntime {
  private ApiClassUsingRuntime() {
  }

  /** Uses a runtime class, which API classes must not. */
  public static String runOf(String runId) {
    return RestoreScope.fresh(runId).runId();
  }
}
