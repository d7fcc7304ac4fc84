package dev.weir.runner.distributed.internal.jars;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * The class loader of one job loaded from its jar: <b>parent-first</b> for the JDK (whatever
 * the platform class loader defines), Weir ({@code dev.weir.}) and Weir's dependencies (Kafka,
 * Avro, SLF4J, Guava, Chronicle, Jackson and the compression libraries Kafka uses), so that
 * the job and the worker share one copy of every type they exchange; <b>child-first</b> for
 * everything else, so that the job's own classes and libraries win over the worker's, and two
 * jobs with different versions of a class each see their own. Resources follow the same rule.
 */
public final class JobClassLoader extends URLClassLoader {
  /** Package prefixes always loaded from the worker (besides the JDK's). */
  public static final List<String> PARENT_FIRST = List.of("dev.weir.", "org.apache.kafka.",
      "org.apache.avro.", "org.slf4j.", "com.google.common.", "com.google.thirdparty.",
      "net.openhft.", "com.fasterxml.jackson.", "org.xerial.snappy.", "net.jpountz.",
      "com.github.luben.zstd.", "org.apache.commons.compress.");

  static {
    ClassLoader.registerAsParallelCapable();
  }

  private final ClassLoader platform = ClassLoader.getPlatformClassLoader();

  /**
   * @param name the loader's name (the job id), shown in stack traces and heap dumps
   */
  public JobClassLoader(String name, URL jar, ClassLoader parent) {
    super(name, new URL[] {jar}, parent);
  }

  /** Whether class or resource {@code name} (dotted) comes from the worker first. */
  static boolean parentFirst(String name) {
    for (String prefix : PARENT_FIRST) {
      if (name.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    synchronized (getClassLoadingLock(name)) {
      Class<?> c = findLoadedClass(name);
      if (c == null) {
        c = isPlatform(name) || parentFirst(name) ? super.loadClass(name, false) : childFirst(name);
      }
      if (resolve) {
        resolveClass(c);
      }
      return c;
    }
  }

  private Class<?> childFirst(String name) throws ClassNotFoundException {
    try {
      return findClass(name);
    } catch (ClassNotFoundException e) {
      return super.loadClass(name, false);
    }
  }

  private boolean isPlatform(String name) {
    if (name.startsWith("java.")) {
      return true;
    }
    try {
      platform.loadClass(name);
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  @Override
  public URL getResource(String name) {
    if (parentFirst(name.replace('/', '.'))) {
      return super.getResource(name);
    }
    URL own = findResource(name);
    return own != null ? own : super.getResource(name);
  }

  @Override
  public Enumeration<URL> getResources(String name) throws IOException {
    if (parentFirst(name.replace('/', '.'))) {
      return super.getResources(name);
    }
    List<URL> all = new ArrayList<>(Collections.list(findResources(name)));
    ClassLoader parent = getParent();
    if (parent != null) {
      all.addAll(Collections.list(parent.getResources(name)));
    }
    return Collections.enumeration(all);
  }
}
