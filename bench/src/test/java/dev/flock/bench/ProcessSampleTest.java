package dev.flock.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcessSampleTest {

  private static final long SELF = ProcessHandle.current().pid();

  @Test
  void thisJvmHasUsedCpuAndHasResidentMemory() {
    assertThat(ProcessSample.cpuSeconds(SELF)).isPositive();
    long rss = ProcessSample.statusKb(SELF, "VmRSS");
    assertThat(rss).isGreaterThan(10_000);
    assertThat(ProcessSample.statusKb(SELF, "VmHWM")).isGreaterThanOrEqualTo(rss);
  }

  @Test
  void aBusyWindowShowsCpuPerSecondAndTheMemoryInMegabytes() {
    ProcessSample sample = new ProcessSample(Map.of("self", SELF));
    sample.start();
    spin(300);

    List<ProcessSample.Usage> usage = sample.usage();

    assertThat(usage).hasSize(1);
    assertThat(usage.get(0).name()).isEqualTo("self");
    // more than nothing: on a busy machine the spinning thread may get a small share of a core
    assertThat(usage.get(0).cpuPerSecond()).isPositive().isLessThan(4.0);
    assertThat(usage.get(0).rssMb()).isPositive();
    assertThat(usage.get(0).line()).matches("self \\d+\\.\\d\\d \\d+ \\d+");
  }

  @Test
  void aProcessThatIsGoneCountsAsNothing() {
    long gone = Long.MAX_VALUE / 2;
    assertThat(ProcessSample.cpuSeconds(gone)).isZero();
    assertThat(ProcessSample.statusKb(gone, "VmRSS")).isZero();
  }

  @Test
  void aChildsCpuTimeIsCountedOnceItHasBeenWaitedFor() throws Exception {
    double before = ProcessSample.exitedChildrenCpuSeconds();
    Process busy =
        new ProcessBuilder("sh", "-c", "i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done").start();
    assertThat(busy.waitFor()).isZero();

    assertThat(ProcessSample.exitedChildrenCpuSeconds()).isGreaterThan(before);
  }

  @Test
  void theSpecOfTheDriversNamesEachProcessAndAddsTheDriver() {
    String spec = ProcessSample.spec(new java.util.LinkedHashMap<>(Map.of("web", 12L)));
    assertThat(spec).isEqualTo("web:12");
    ProcessSample sample = ProcessSample.withDriver(spec);
    sample.start();
    assertThat(sample.lines()).contains("PROC web ", "PROC driver ");
  }

  private static void spin(long millis) {
    long end = System.nanoTime() + millis * 1_000_000;
    long x = 0;
    while (System.nanoTime() < end) {
      x += Long.numberOfTrailingZeros(x + System.nanoTime());
    }
    assertThat(x).isNotNegative();
  }
}
