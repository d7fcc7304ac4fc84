package dev.weir.sdk.archfixture.cycle.back;

import dev.weir.sdk.archfixture.cycle.Ping;

/** A test fixture: the other half of a package cycle inside the API, for ArchitectureTest. */
public final class Pong {
  private Pong() {
  }

  /** Uses {@link Ping}, whose package uses this one. */
  public static int hits(int n) {
    return n <= 0 ? 0 : 1 + Ping.hits(n - 1);
  }
}
