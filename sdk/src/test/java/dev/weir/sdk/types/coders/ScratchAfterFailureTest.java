package dev.weir.sdk.types.coders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.sdk.types.CoderException;
import dev.weir.sdk.types.Types;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A coder that fails part way through a value leaves nothing behind on its thread: the next
 * encoding (and its hash, which picks a key's key group) is exactly what it would have been.
 */
class ScratchAfterFailureTest {

  @Test
  void aFailedEncodingDoesNotLeakBytesIntoTheNextOne() {
    byte[] expected = Types.STRING.encode("x");
    int expectedHash = Types.INT.hashOfEncoding(42);
    List<String> halfEncodable = Arrays.asList("a string written before the failure", null);
    assertThatThrownBy(() -> Types.list(Types.STRING).encode(halfEncodable))
        .isInstanceOf(CoderException.class);
    assertThat(Types.STRING.encode("x")).isEqualTo(expected);
    assertThatThrownBy(() -> Types.list(Types.STRING).hashOfEncoding(halfEncodable))
        .isInstanceOf(CoderException.class);
    assertThat(Types.INT.hashOfEncoding(42)).isEqualTo(expectedHash);
  }
}
