package dev.weir.sdk.types.coders;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Conversion;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.reflect.ReflectData;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.util.ClassSecurityValidator;

/**
 * The Avro data models behind {@link RecordCoder}, one private instance per coder.
 *
 * <h2>Class resolution</h2>
 * When reading, Avro finds the Java class of each named type by its name and, since 1.12, refuses
 * classes missing from a global allow-list ({@code org.apache.avro.SERIALIZABLE_PACKAGES}). The
 * allow-list guards against a <em>writer</em> schema naming a class that should never be built.
 * Weir coders always read with the class's own schema, so every name they resolve comes from a
 * class the user handed to {@code Types.avro} or {@code Types.reflect}. These models therefore
 * resolve, up front, the classes named by the record's own schema (records, enums, fixed, and
 * {@code java-class} properties), and leave any other name to Avro's checks.
 *
 * <p>Reflect also looks up collection and element classes ({@code java-class}, {@code
 * java-element-class} and {@code java-key-class} properties, such as {@code java.util.List})
 * through a static Avro method that no model can override. Those classes, when they appear in a
 * reflect record's own schema, are added to Avro's global allow-list through its documented
 * {@link ClassSecurityValidator} API: Weir composes one predicate with the global one, once,
 * and trusts exactly the classes registered here.
 *
 * <h2>Fast reader</h2>
 * Avro's optional "fast reader" is built lazily on first read and published without
 * synchronization, which a coder shared between threads cannot allow; these models disable it.
 */
final class RecordModels {

  private static final List<String> CLASS_PROPS =
      List.of(SpecificData.CLASS_PROP, SpecificData.ELEMENT_PROP, SpecificData.KEY_CLASS_PROP);
  private static final Set<Class<?>> TRUSTED = ConcurrentHashMap.newKeySet();
  private static boolean trustInstalled;

  private RecordModels() {}

  /** A generic model for {@code Types.generic}. */
  static GenericData generic() {
    GenericData data = new GenericData();
    data.setFastReaderEnabled(false);
    return data;
  }

  /** A specific model for {@code type}, with the logical-type conversions of its own model. */
  static SpecificData specific(Class<?> type, Schema schema) {
    OwnSpecificData data = new OwnSpecificData(type.getClassLoader());
    for (Conversion<?> conversion : SpecificData.getForClass(type).getConversions()) {
      data.addLogicalTypeConversion(conversion);
    }
    data.setFastReaderEnabled(false);
    data.ownTypes.putAll(ownTypes(type, schema));
    return data;
  }

  /** A reflect model for {@code type}; its schema is {@code model.getSchema(type)}. */
  static ReflectData reflect(Class<?> type) {
    OwnReflectData data = new OwnReflectData(type.getClassLoader());
    data.setFastReaderEnabled(false);
    Schema schema = data.getSchema(type);
    data.ownTypes.putAll(ownTypes(type, schema));
    trust(data.ownTypes.values());
    return data;
  }

  /** Adds classes to the ones Weir's predicate lets Avro load; installs it on first use. */
  private static synchronized void trust(Collection<Class<?>> classes) {
    TRUSTED.addAll(classes);
    if (!trustInstalled) {
      ClassSecurityValidator.setGlobal(
          ClassSecurityValidator.composite(ClassSecurityValidator.getGlobal(), TRUSTED::contains));
      trustInstalled = true;
    }
  }

  /** Maps each name in {@code schema} that Avro resolves to a class, to that class. */
  private static Map<String, Class<?>> ownTypes(Class<?> root, Schema schema) {
    Map<String, Class<?>> types = new HashMap<>();
    collect(schema, root.getClassLoader(), types, new HashSet<>());
    types.put(schema.getFullName(), root);
    return types;
  }

  private static void collect(
      Schema schema, ClassLoader loader, Map<String, Class<?>> types, Set<String> seen) {
    for (String prop : CLASS_PROPS) {
      String javaClass = schema.getProp(prop);
      if (javaClass != null) {
        resolve(javaClass, loader, types);
      }
    }
    switch (schema.getType()) {
      case RECORD:
        if (seen.add(schema.getFullName())) {
          resolve(SpecificData.getClassName(schema), loader, types, schema.getFullName());
          schema.getFields().forEach(field -> collect(field.schema(), loader, types, seen));
        }
        break;
      case ENUM:
      case FIXED:
        resolve(SpecificData.getClassName(schema), loader, types, schema.getFullName());
        break;
      case ARRAY:
        collect(schema.getElementType(), loader, types, seen);
        break;
      case MAP:
        collect(schema.getValueType(), loader, types, seen);
        break;
      case UNION:
        schema.getTypes().forEach(branch -> collect(branch, loader, types, seen));
        break;
      default:
        break;
    }
  }

  private static void resolve(String className, ClassLoader loader, Map<String, Class<?>> types) {
    resolve(className, loader, types, className);
  }

  /** Tries {@code a.b.C}, then {@code a.b$C}, then {@code a$b$C}; skips names with no class. */
  private static void resolve(
      String className, ClassLoader loader, Map<String, Class<?>> types, String key) {
    String candidate = className;
    while (true) {
      try {
        types.put(key, Class.forName(candidate, false, loader));
        return;
      } catch (ClassNotFoundException | LinkageError e) {
        int dot = candidate.lastIndexOf('.');
        if (dot < 0) {
          return; // no such class: Avro falls back to generic data for this name
        }
        candidate = candidate.substring(0, dot) + '$' + candidate.substring(dot + 1);
      }
    }
  }

  /** The class a schema names, if it is one of the record's own types. */
  private static Class<?> lookup(Map<String, Class<?>> ownTypes, Schema schema) {
    switch (schema.getType()) {
      case RECORD:
      case ENUM:
      case FIXED:
        return ownTypes.get(schema.getFullName());
      default:
        String javaClass = schema.getProp(SpecificData.CLASS_PROP);
        return javaClass == null ? null : ownTypes.get(javaClass);
    }
  }

  private static final class OwnSpecificData extends SpecificData {
    final Map<String, Class<?>> ownTypes = new HashMap<>();

    OwnSpecificData(ClassLoader loader) {
      super(loader);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Class getClass(Schema schema) {
      Class<?> own = lookup(ownTypes, schema);
      return own != null ? own : super.getClass(schema);
    }
  }

  private static final class OwnReflectData extends ReflectData {
    final Map<String, Class<?>> ownTypes = new HashMap<>();

    OwnReflectData(ClassLoader loader) {
      super(loader);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Class getClass(Schema schema) {
      Class<?> own = lookup(ownTypes, schema);
      return own != null ? own : super.getClass(schema);
    }
  }
}
