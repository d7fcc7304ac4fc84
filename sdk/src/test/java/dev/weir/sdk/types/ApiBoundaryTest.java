package dev.weir.sdk.types;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Public signatures in the API package never mention internal types. */
class ApiBoundaryTest {

  private static final List<Class<?>> API_TYPES =
      List.of(Coder.class, Types.class, KV.class, CoderException.class);

  @Test
  void apiSignaturesMentionNoInternalTypes() {
    List<String> leaks = new ArrayList<>();
    for (Class<?> api : API_TYPES) {
      for (Method method : api.getMethods()) {
        List<Type> types = new ArrayList<>(Arrays.asList(method.getGenericParameterTypes()));
        types.add(method.getGenericReturnType());
        for (Type type : types) {
          if (isInternal(type)) {
            leaks.add(api.getSimpleName() + "." + method.getName() + ": " + type.getTypeName());
          }
        }
      }
      for (Field field : api.getFields()) {
        if (Modifier.isPublic(field.getModifiers()) && isInternal(field.getGenericType())) {
          leaks.add(api.getSimpleName() + "." + field.getName() + ": " + field.getGenericType());
        }
      }
    }
    assertThat(leaks).isEmpty();
  }

  @Test
  void noApiTypeIsJavaSerializableByChoice() {
    assertThat(java.io.Serializable.class.isAssignableFrom(Coder.class)).isFalse();
    assertThat(java.io.Serializable.class.isAssignableFrom(KV.class)).isFalse();
    assertThat(java.io.Serializable.class.isAssignableFrom(Types.STRING.getClass())).isFalse();
    assertThat(java.io.Serializable.class.isAssignableFrom(dev.weir.sdk.time.TimestampAssigner.class))
        .isFalse();
  }

  private static boolean isInternal(Type type) {
    return type.getTypeName().contains("dev.weir.runtime");
  }
}
