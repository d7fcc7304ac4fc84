package dev.weir.runtime.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.sdk.types.coders.AbstractCoder;
import dev.weir.sdk.types.Coder;
import dev.weir.sdk.types.MigratingCoder;
import dev.weir.sdk.types.Types;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.Encoder;
import org.junit.jupiter.api.Test;

/** List blobs written with a former schema of a {@link MigratingCoder} read through its former coder. */
class ListStateFormatMigrationTest {

  /** Today: a long written as a string of digits; formerly a plain Avro long. */
  private static final class DigitsCoder extends AbstractCoder<String>
      implements MigratingCoder<String> {
    private static final Coder<String> FORMER = new AbstractCoder<>("FORMER", Types.LONG.schema(),
        List.of()) {
      @Override
      public void encode(String value, Encoder encoder) throws IOException {
        encoder.writeLong(Long.parseLong(value));
      }

      @Override
      public String decode(Decoder decoder) throws IOException {
        return Long.toString(decoder.readLong());
      }

      @Override
      public boolean isDeterministic() {
        return true;
      }
    };

    DigitsCoder() {
      super("DIGITS", Types.STRING.schema(), List.of());
    }

    @Override
    public Optional<Coder<String>> formerCoder(Schema writerSchema) {
      return writerSchema.getType() == Schema.Type.LONG ? Optional.of(FORMER) : Optional.empty();
    }

    @Override
    public void encode(String value, Encoder encoder) throws IOException {
      Types.STRING.encode(value, encoder);
    }

    @Override
    public String decode(Decoder decoder) throws IOException {
      return Types.STRING.decode(decoder);
    }

    @Override
    public boolean isDeterministic() {
      return true;
    }
  }

  private static <T> byte[] blob(Coder<T> coder, List<T> entries) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ListStateFormat.write(out, coder, entries);
    return out.toByteArray();
  }

  @Test
  void aBlobOfTheFormerSchemaIsReadByTheFormerCoder() throws IOException {
    byte[] former = blob(Types.LONG, List.of(42L, -7L));
    assertThat(ListStateFormat.read(new ByteArrayInputStream(former), new DigitsCoder()))
        .containsExactly("42", "-7");
  }

  @Test
  void aBlobOfTheCurrentSchemaIsReadByTheCoderItself() throws IOException {
    byte[] current = blob(new DigitsCoder(), List.of("x1", "y2"));
    assertThat(ListStateFormat.read(new ByteArrayInputStream(current), new DigitsCoder()))
        .containsExactly("x1", "y2");
  }
}
