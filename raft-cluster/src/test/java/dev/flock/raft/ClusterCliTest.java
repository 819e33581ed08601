package dev.flock.raft;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives {@code ./flock cluster} ({@link ClusterCli}, in a JVM of its own per command, as the
 * launcher runs it) the way a developer would, against its own state dir and ports.
 */
class ClusterCliTest {

  private static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");

  /** The module's classes and its dependencies, as ./flock's launcher has them. */
  private static final String CLASS_PATH = System.getProperty("java.class.path");

  @TempDir Path clusterDir;

  // A random port base keeps parallel builds and a developer's own cluster (base 23790) out of each
  // other's way. It stays below Linux's ephemeral ports (32768 and up), which outgoing connections
  // take as their source ports: one took a member's peer port in CI.
  private final int portBase = 11000 + 200 * ThreadLocalRandom.current().nextInt(20);

  /** Exit code and combined output of one command. */
  private record Run(int exitCode, String output) {}

  @AfterEach
  void wipeCluster() throws Exception {
    cluster("wipe");
  }

  @Test
  void keepsDataAcrossAKillARestartAndAStopStart() throws Exception {
    Run start = cluster("start", "--members", "3");
    assertThat(start.exitCode()).as(start.output()).isZero();
    String endpoints = String.join(",", List.of(url(1), url(2), url(3)));
    assertThat(start.output()).contains(endpoints);
    assertThat(cluster("endpoints").output().strip()).isEqualTo(endpoints);
    assertThat(etcdctl(endpoints, "put", "greeting", "hello, flock").output()).contains("OK");

    assertThat(leaderRows(cluster("status").output())).hasSize(1);

    assertThat(cluster("kill", "etcd1").exitCode()).isZero();
    assertThat(rowOf("etcd1", cluster("status").output())).contains(" no ");
    Run restart = cluster("restart", "etcd1");
    assertThat(restart.exitCode()).as(restart.output()).isZero();
    assertThat(etcdctl(url(1), "get", "greeting").output()).contains("hello, flock");

    assertThat(cluster("stop").exitCode()).isZero();
    assertThat(cluster("status").output()).doesNotContain(" yes ");
    Run startAgain = cluster("start");
    assertThat(startAgain.exitCode()).as(startAgain.output()).isZero();
    assertThat(etcdctl(endpoints, "get", "greeting").output()).contains("hello, flock");
    assertThat(leaderRows(cluster("status").output())).hasSize(1);

    Run wipe = cluster("wipe");
    assertThat(wipe.exitCode()).isZero();
    assertThat(clusterDir).doesNotExist();
  }

  @Test
  void refusesWhatItCannotDoWithOneLineSayingWhy() throws Exception {
    Run none = cluster("status");
    assertThat(none.exitCode()).isEqualTo(1);
    assertThat(none.output()).contains("no cluster in " + clusterDir);
    assertThat(cluster("frobnicate").exitCode()).isEqualTo(2);
    assertThat(cluster("start", "--members", "zero").output())
        .contains("--members needs a positive number");

    assertThat(cluster("start", "--members", "1").exitCode()).isZero();
    assertThat(cluster("start", "--members", "3").output())
        .contains("has 1 members; run './flock cluster wipe' to change that");
    assertThat(cluster("start").output()).contains("etcd1 is already running");
    assertThat(cluster("kill", "etcd7").output())
        .contains("unknown member 'etcd7': members are etcd1..etcd1");
    assertThat(cluster("kill", "etcd1").exitCode()).isZero();
    Run again = cluster("kill", "etcd1");
    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.output()).contains("etcd1 is not running");
  }

  private String url(int member) {
    return "http://127.0.0.1:" + (portBase + member);
  }

  private static List<String> leaderRows(String status) {
    // Columns: NAME CLIENT_URL PID ALIVE HEALTHY LEADER RAFT_INDEX
    return status
        .lines()
        .filter(row -> row.split("\\s+").length == 7)
        .filter(row -> row.split("\\s+")[5].equals("yes"))
        .toList();
  }

  private static String rowOf(String member, String status) {
    return status.lines().filter(row -> row.startsWith(member + " ")).findFirst().orElseThrow();
  }

  private Run cluster(String... arguments) throws IOException, InterruptedException {
    ProcessBuilder command =
        new ProcessBuilder(
            Stream.concat(
                    Stream.of(JAVA.toString(), "-cp", CLASS_PATH, ClusterCli.class.getName()),
                    Stream.of(arguments))
                .toList());
    command.environment().put("FLOCK_CLUSTER_DIR", clusterDir.toString());
    command.environment().put("FLOCK_ETCD_PORT_BASE", String.valueOf(portBase));
    return run(command);
  }

  private static Run etcdctl(String endpoints, String... arguments)
      throws IOException, InterruptedException {
    ProcessBuilder command =
        new ProcessBuilder(
            Stream.concat(Stream.of("etcdctl", "--endpoints", endpoints), Stream.of(arguments))
                .toList());
    command.environment().put("ETCDCTL_API", "3");
    return run(command);
  }

  private static Run run(ProcessBuilder command) throws IOException, InterruptedException {
    Process process = command.redirectErrorStream(true).start();
    // The members the command launches write to their own log files, so this output ends when the
    // command does.
    String output = new String(process.getInputStream().readAllBytes(), UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("finished: " + command.command()).isTrue();
    return new Run(process.exitValue(), output);
  }
}
