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
 * Drives the {@code etcd-cluster} script the way a developer would, against its own state dir and
 * ports.
 */
class EtcdClusterScriptTest {

  private static final Path SCRIPT = Path.of("etcd-cluster").toAbsolutePath();

  @TempDir Path clusterDir;

  // A random port base keeps parallel builds and a developer's own cluster (base 23790) out of each
  // other's way.
  private final int portBase = 33790 + 200 * ThreadLocalRandom.current().nextInt(100);

  /** Exit code and combined output of one command. */
  private record Run(int exitCode, String output) {}

  @AfterEach
  void wipeCluster() throws Exception {
    script("wipe");
  }

  @Test
  void keepsDataAcrossAKillARestartAndAStopStart() throws Exception {
    Run start = script("start", "--members", "3");
    assertThat(start.exitCode()).as(start.output()).isZero();
    String endpoints = String.join(",", List.of(url(1), url(2), url(3)));
    assertThat(start.output()).contains(endpoints);
    assertThat(script("endpoints").output().strip()).isEqualTo(endpoints);
    assertThat(etcdctl(endpoints, "put", "greeting", "hello, flock").output()).contains("OK");

    assertThat(leaderRows(script("status").output())).hasSize(1);

    assertThat(script("kill", "etcd1").exitCode()).isZero();
    assertThat(rowOf("etcd1", script("status").output())).contains(" no ");
    Run restart = script("restart", "etcd1");
    assertThat(restart.exitCode()).as(restart.output()).isZero();
    assertThat(etcdctl(url(1), "get", "greeting").output()).contains("hello, flock");

    assertThat(script("stop").exitCode()).isZero();
    assertThat(script("status").output()).doesNotContain(" yes ");
    Run startAgain = script("start");
    assertThat(startAgain.exitCode()).as(startAgain.output()).isZero();
    assertThat(etcdctl(endpoints, "get", "greeting").output()).contains("hello, flock");
    assertThat(leaderRows(script("status").output())).hasSize(1);

    Run wipe = script("wipe");
    assertThat(wipe.exitCode()).isZero();
    assertThat(clusterDir).doesNotExist();
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

  private Run script(String... arguments) throws IOException, InterruptedException {
    ProcessBuilder command =
        new ProcessBuilder(
            Stream.concat(Stream.of("bash", SCRIPT.toString()), Stream.of(arguments)).toList());
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
    // The members the script launches write to their own log files, so this output ends when the
    // script does.
    String output = new String(process.getInputStream().readAllBytes(), UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("finished: " + command.command()).isTrue();
    return new Run(process.exitValue(), output);
  }
}
