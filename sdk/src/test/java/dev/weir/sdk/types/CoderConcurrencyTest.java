package dev.weir.sdk.types;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

/** One coder instance shared by many threads gives the same results as on one thread. */
class CoderConcurrencyTest {

  @Test
  void sharedCodersAreThreadSafe() throws Exception {
    Coder<KV<String, Map<Long, List<String>>>> composite =
        Types.kv(Types.STRING, Types.map(Types.LONG, Types.list(Types.STRING)));
    Coder<GenericRecord> generic = Types.generic(OrderRecord.SCHEMA$);
    Coder<OrderRecord> specific = Types.avro(OrderRecord.class);

    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Void>> results = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        Callable<Void> task =
            () -> {
              for (int i = 0; i < 2_000; i++) {
                String key = "t" + thread + "-" + i;
                KV<String, Map<Long, List<String>>> kv = KV.of(key, Map.of((long) i, List.of(key)));
                assertThat(composite.decode(composite.encode(kv))).isEqualTo(kv);
                assertThat(Types.STRING.hashOfEncoding(key))
                    .isEqualTo(Types.STRING.hashOfEncoding(new String(key)));

                GenericRecord record = new GenericData.Record(OrderRecord.SCHEMA$);
                record.put("id", (long) i);
                record.put("item", key);
                record.put("note", null);
                assertThat(generic.decode(generic.encode(record))).isEqualTo(record);

                OrderRecord order = new OrderRecord(i, key, key);
                assertThat(specific.decode(specific.encode(order))).isEqualTo(order);
              }
              return null;
            };
        results.add(pool.submit(task));
      }
      for (Future<Void> result : results) {
        result.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
