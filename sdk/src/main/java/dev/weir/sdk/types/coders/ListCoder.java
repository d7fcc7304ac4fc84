package dev.weir.sdk.types.coders;

import dev.weir.sdk.types.Coder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.Encoder;

/**
 * {@code LIST<T>}: an Avro {@code array}, written as one block. Decodes to an {@link ArrayList}.
 *
 * @param <T> the element type
 */
public final class ListCoder<T> extends AbstractCoder<List<T>> {

  /** Caps the capacity reserved for a count read off the wire, so garbage cannot exhaust memory. */
  static final int MAX_PRESIZE = 1024;

  private final Coder<T> elementCoder;

  public ListCoder(Coder<T> elementCoder) {
    super(
        "LIST<" + typeName(elementCoder) + ">",
        Schema.createArray(elementCoder.schema()),
        List.of(elementCoder));
    this.elementCoder = elementCoder;
  }

  @Override
  public void encode(List<T> value, Encoder encoder) throws IOException {
    if (value == null) {
      throw nullValue();
    }
    encoder.writeArrayStart();
    encoder.setItemCount(value.size());
    for (T element : value) {
      encoder.startItem();
      elementCoder.encode(element, encoder);
    }
    encoder.writeArrayEnd();
  }

  @Override
  public List<T> decode(Decoder decoder) throws IOException {
    long count = decoder.readArrayStart();
    List<T> list = new ArrayList<>((int) Math.min(count, MAX_PRESIZE));
    while (count > 0) {
      for (long i = 0; i < count; i++) {
        list.add(elementCoder.decode(decoder));
      }
      count = decoder.arrayNext();
    }
    return list;
  }

  @Override
  public boolean isDeterministic() {
    return elementCoder.isDeterministic();
  }
}
