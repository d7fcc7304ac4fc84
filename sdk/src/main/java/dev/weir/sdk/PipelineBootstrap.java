package dev.weir.sdk;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** Finds the one {@link PipelineProvider} on the class path, once. */
final class PipelineBootstrap {

  static final PipelineProvider PROVIDER = load();

  private PipelineBootstrap() {
  }

  private static PipelineProvider load() {
    List<PipelineProvider> found = new ArrayList<>();
    ServiceLoader.load(PipelineProvider.class, PipelineBootstrap.class.getClassLoader())
        .forEach(found::add);
    if (found.size() != 1) {
      throw new IllegalStateException("expected one implementation of " + PipelineProvider.class
          .getName() + " on the class path (it comes with dev.weir:weir-sdk), found "
          + found.size() + (found.isEmpty() ? "; is META-INF/services missing from a shaded jar?"
              : ": " + found + "; remove all but one copy of weir-sdk"));
    }
    return found.get(0);
  }
}
