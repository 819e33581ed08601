package dev.flock.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WrkResultTest {

  private static final String OUTPUT =
      """
      Running 5s test @ http://localhost:28480
        2 threads and 16 connections
        Latency Distribution
           50%  340.70ms
      BENCH_RESULT requests=227 duration_us=5102345 p50_us=340700 p99_us=656777 \
      status_errors=1 socket_errors=2 marker_errors=3 overlaps=0
      """;

  @Test
  void theResultLineOfFlockLuaGivesTheRateThePercentilesAndTheErrors() {
    WrkResult result = WrkResult.parse(OUTPUT).orElseThrow();

    assertThat(result.requests()).isEqualTo(227);
    assertThat(result.rate()).isCloseTo(227 / 5.102345, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(result.p50Millis()).isEqualTo(340.7);
    assertThat(result.p99Millis()).isEqualTo(656.777);
    // a wrong status is also a missing marker: counted once, with the socket errors
    assertThat(result.errors()).isEqualTo(5);
  }

  @Test
  void outputWithoutAResultLineHasNoResult() {
    assertThat(WrkResult.parse("unable to connect to localhost:28480 Connection refused\n"))
        .isEmpty();
  }

  @Test
  void aDriversResultLineIsReadByKey() {
    ResultLine line =
        ResultLine.last(
                "PROC driver 0.61 150 150\n"
                    + "RESULT op=FEED conns=16 rps=829.1 p50_ms=15.31 p99_ms=70.98 errors=0"
                    + " requests=2497\n",
                "RESULT")
            .orElseThrow();

    assertThat(line.get("rps")).isEqualTo("829.1");
    assertThat(line.number("requests")).isEqualTo(2497);
  }

  @Test
  void numbersAreShownAsAwkPrintsThem() {
    assertThat(Console.number(340.7)).isEqualTo("340.7");
    assertThat(Console.number(656.777)).isEqualTo("656.777");
    assertThat(Console.number(2.0)).isEqualTo("2");
    assertThat(Console.number(138.13)).isEqualTo("138.13");
  }
}
