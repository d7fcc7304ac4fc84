package dev.weir.sdk.types;

import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * A tiny hand-written specific record, as the Avro compiler would generate it, for testing
 * {@link Types#avro(Class)}. Implements {@link SpecificRecord} directly rather than extending
 * {@code SpecificRecordBase}, which is {@code Externalizable}.
 */
public final class OrderRecord implements SpecificRecord {

  private static final String STRING = "{'type':'string','avro.java.string':'String'}";

  public static final Schema SCHEMA$ =
      new Schema.Parser()
          .parse(
              ("{'type':'record','name':'OrderRecord','namespace':'dev.weir.sdk.types','fields':["
                      + "{'name':'id','type':'long'},"
                      + "{'name':'item','type':" + STRING + "},"
                      + "{'name':'note','type':['null'," + STRING + "],'default':null}]}")
                  .replace('\'', '"'));

  private long id;
  private String item;
  private String note;

  /** Used by Avro's reader. */
  public OrderRecord() {}

  public OrderRecord(long id, String item, String note) {
    this.id = id;
    this.item = item;
    this.note = note;
  }

  public static Schema getClassSchema() {
    return SCHEMA$;
  }

  @Override
  public Schema getSchema() {
    return SCHEMA$;
  }

  @Override
  public Object get(int field) {
    switch (field) {
      case 0:
        return id;
      case 1:
        return item;
      case 2:
        return note;
      default:
        throw new IndexOutOfBoundsException("field " + field);
    }
  }

  @Override
  public void put(int field, Object value) {
    switch (field) {
      case 0:
        id = (Long) value;
        break;
      case 1:
        item = (String) value;
        break;
      case 2:
        note = (String) value;
        break;
      default:
        throw new IndexOutOfBoundsException("field " + field);
    }
  }

  public String item() {
    return item;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof OrderRecord o
        && id == o.id
        && Objects.equals(item, o.item)
        && Objects.equals(note, o.note);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, item, note);
  }

  @Override
  public String toString() {
    return "OrderRecord[" + id + ", " + item + ", " + note + "]";
  }
}
