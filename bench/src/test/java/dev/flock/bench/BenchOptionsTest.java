package dev.flock.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {

  private static BenchOptions parse(String... args) {
    return BenchOptions.parse(List.of(args)).orElseThrow();
  }

  @Test
  void defaultsMeasureMemoryModeShapeSAtSixteenAndSixtyFourConnections() {
    BenchOptions options = parse();

    assertThat(options.storages()).containsExactly("memory");
    assertThat(options.shape()).isEqualTo("S");
    assertThat(options.ops())
        .containsExactly("FEED", "EXPLORE", "LOGIN", "FOLLOW", "LIKE", "POST", "REPLY", "MIX");
    assertThat(options.connections()).containsExactly(16, 64);
    assertThat(options.maxConnections()).isEqualTo(64);
    assertThat(options.durationSeconds()).isEqualTo(20);
    assertThat(options.driverSeconds()).isEqualTo(20);
    assertThat(options.runs()).isEqualTo(3);
    assertThat(options.warmupSeconds()).isEqualTo(60);
    assertThat(options.warmupMaxSeconds()).isEqualTo(600);
    assertThat(options.backendDriver()).isTrue();
    assertThat(options.rawEtcd()).isTrue();
    assertThat(options.profile()).isFalse();
    assertThat(options.telemetry()).isTrue();
    assertThat(options.results()).isEqualTo("bench/results");
  }

  @Test
  void opsRunInTheirFixedOrderWithTheWritesLastWhateverOrderTheyAreGivenIn() {
    assertThat(parse("--ops", "mix,post,feed").ops()).containsExactly("FEED", "POST", "MIX");
  }

  @Test
  void optionsAreTakenAsGivenAndTheBackendDurationDefaultsToTheDuration() {
    BenchOptions options =
        parse(
            "--storage",
            "both",
            "--shape",
            "xl",
            "--connections",
            "8",
            "--duration",
            "2m",
            "--runs",
            "5",
            "--warmup",
            "500ms",
            "--warmup-max",
            "90s",
            "--no-backend",
            "--no-raw",
            "--profile",
            "--telemetry",
            "off",
            "--results",
            "/tmp/r");

    assertThat(options.storages()).containsExactly("memory", "etcd");
    assertThat(options.shape()).isEqualTo("XL");
    assertThat(options.connections()).containsExactly(8);
    assertThat(options.durationSeconds()).isEqualTo(120);
    assertThat(options.driverSeconds()).isEqualTo(120);
    assertThat(options.runs()).isEqualTo(5);
    assertThat(options.warmupSeconds()).isEqualTo(1);
    assertThat(options.warmupMaxSeconds()).isEqualTo(90);
    assertThat(options.backendDriver()).isFalse();
    assertThat(options.rawEtcd()).isFalse();
    assertThat(options.profile()).isTrue();
    assertThat(options.telemetry()).isFalse();
    assertThat(options.results()).isEqualTo("/tmp/r");
    assertThat(parse("--backend-duration", "10s").driverSeconds()).isEqualTo(10);
  }

  @Test
  void smokeIsATinyMemoryRunOfEveryOperationWhateverElseIsGiven() {
    BenchOptions options =
        parse("--storage", "etcd", "--ops", "FEED", "--runs", "3", "--smoke", "--results", "/r");

    assertThat(options.storages()).containsExactly("memory");
    assertThat(options.shape()).isEqualTo("TINY");
    assertThat(options.ops())
        .containsExactly("FEED", "EXPLORE", "LOGIN", "FOLLOW", "LIKE", "POST", "REPLY", "MIX");
    assertThat(options.connections()).containsExactly(4);
    assertThat(options.durationSeconds()).isEqualTo(2);
    assertThat(options.runs()).isEqualTo(1);
    assertThat(options.warmupSeconds()).isEqualTo(3);
    assertThat(options.warmupMaxSeconds()).isEqualTo(3);
    assertThat(options.results()).isEqualTo("/r");
    assertThat(options.smoke()).isTrue();
  }

  @Test
  void etcdDataIsASnapshotFileOfTheEtcdRuns() {
    assertThat(parse().etcdData()).isEmpty();
    assertThat(parse("--storage", "etcd", "--etcd-data", "/data/xl.db").etcdData())
        .contains(java.nio.file.Path.of("/data/xl.db"));
    assertThat(parse("--storage", "both", "--etcd-data", "xl.db").etcdData()).isPresent();
    assertRefused("--etcd-data needs --storage etcd (or both)", "--etcd-data", "xl.db");
  }

  @Test
  void helpAsksForTheUsageText() {
    assertThat(BenchOptions.parse(List.of("--shape", "L", "-h"))).isEmpty();
    assertThat(BenchOptions.parse(List.of("--help"))).isEmpty();
    assertThat(BenchOptions.USAGE).startsWith("Usage: ./flock bench [options]").contains("--smoke");
  }

  @Test
  void wrongOptionsAreRefusedWithWhatIsWrong() {
    assertRefused("connections: 15 must be even", "--connections", "16,15");
    assertRefused("connections: 'x' is not a number", "--connections", "x");
    assertRefused("unknown option '--fast'", "--fast");
    assertRefused("--storage must be memory, etcd or both", "--storage", "disk");
    assertRefused("--telemetry must be on or off", "--telemetry", "maybe");
    assertRefused("--shape must be S, L or XL", "--shape", "M");
    assertRefused("--runs must be a positive number", "--runs", "0");
    assertRefused("--ops: none of FEED,EXPLORE,LOGIN,FOLLOW,LIKE,POST,REPLY,MIX", "--ops", "READ");
    assertRefused("--duration needs a value", "--duration");
    assertRefused("--duration: '20x' is not a duration", "--duration", "20x");
  }

  @Test
  void durationsAreWholeSecondsRoundedUp() {
    assertThat(BenchOptions.seconds("--duration", "20s")).isEqualTo(20);
    assertThat(BenchOptions.seconds("--duration", "20")).isEqualTo(20);
    assertThat(BenchOptions.seconds("--duration", "2m")).isEqualTo(120);
    assertThat(BenchOptions.seconds("--duration", "500ms")).isEqualTo(1);
    assertThat(BenchOptions.seconds("--duration", "1500ms")).isEqualTo(2);
    assertThat(BenchOptions.seconds("--duration", "0s")).isZero();
    assertThatThrownBy(() -> BenchOptions.seconds("--warmup", "-5s"))
        .isInstanceOf(BenchFailure.class)
        .hasMessage("--warmup must not be negative");
  }

  private static void assertRefused(String message, String... args) {
    assertThatThrownBy(() -> BenchOptions.parse(List.of(args)))
        .isInstanceOf(BenchFailure.class)
        .hasMessageContaining(message);
  }
}
