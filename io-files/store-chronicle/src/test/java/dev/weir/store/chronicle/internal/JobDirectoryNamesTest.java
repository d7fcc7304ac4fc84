package dev.weir.store.chronicle.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JobDirectoryNamesTest {

  @Test
  void roundTrips() {
    for (String id : new String[] {"orders", "job/b b", "..", "Ünïcode-job_1", "a%41"}) {
      String name = JobDirectoryNames.encode(id);
      assertThat(name).matches("[A-Za-z0-9_%-]+");
      assertThat(JobDirectoryNames.decode(name)).contains(id);
    }
    assertThat(JobDirectoryNames.encode("job/b b")).isEqualTo("job%2Fb%20b");
  }

  @Test
  void foreignNamesAreNotJobs() {
    assertThat(JobDirectoryNames.decode("metadata.cq4t")).isEmpty();
    assertThat(JobDirectoryNames.decode("%zz")).isEmpty();
    assertThat(JobDirectoryNames.decode("%4")).isEmpty();
    assertThat(JobDirectoryNames.decode("%41")).isEmpty(); // 'A' is never escaped
  }
}
