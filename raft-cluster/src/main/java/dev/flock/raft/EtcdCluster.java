package dev.flock.raft;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A local etcd cluster of real {@code etcd} processes on loopback ports, each with its own data dir
 * and log file in a temporary directory that {@link #close()} deletes.
 *
 * <p>Members can be killed, stopped and restarted with their data, so tests see the same leader
 * elections and recoveries a production cluster goes through.
 */
public final class EtcdCluster implements AutoCloseable {

  static final String INSTALL_HINT = "apt-get update && apt-get install -y etcd-server etcd-client";

  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(20);
  private static final Duration LEADER_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);

  /** Saving or restoring a snapshot of a million posts (about 1 GB), or starting on one. */
  private static final Duration SNAPSHOT_TIMEOUT = Duration.ofMinutes(10);

  private static final Duration POLL_INTERVAL = Duration.ofMillis(100);
  private static final int LOG_TAIL_LINES = 15;

  /** One etcd process of the cluster; it keeps its name, URLs and data dir across restarts. */
  public static final class Member {
    private final String name;
    private final String clientUrl;
    private final String peerUrl;
    private final Path dataDir;
    private final Path logFile;
    private volatile Process process;

    private Member(String name, int clientPort, int peerPort, Path workDir) {
      this.name = name;
      this.clientUrl = "http://127.0.0.1:" + clientPort;
      this.peerUrl = "http://127.0.0.1:" + peerPort;
      this.dataDir = workDir.resolve(name);
      this.logFile = workDir.resolve(name + ".log");
    }

    public String name() {
      return name;
    }

    public String clientUrl() {
      return clientUrl;
    }

    public String peerUrl() {
      return peerUrl;
    }

    public Path dataDir() {
      return dataDir;
    }

    public boolean isRunning() {
      Process current = process;
      return current != null && current.isAlive();
    }

    @Override
    public String toString() {
      return name + "@" + clientUrl + (isRunning() ? "" : " (down)");
    }
  }

  private final Path etcdBinary;
  private final Path workDir;
  private final String token;
  private final List<Member> members;
  private final EtcdGateway gateway = new EtcdGateway();
  // Kills the members if the JVM exits without close(), so no orphaned etcd keeps its ports and
  // data dir.
  private final Thread killOnExit = new Thread(this::killAll, "etcd-cluster-shutdown");
  private boolean closed;

  private EtcdCluster(Path etcdBinary, Path workDir, List<Member> members) {
    this.etcdBinary = etcdBinary;
    this.workDir = workDir;
    this.token = "flock-" + workDir.getFileName();
    this.members = List.copyOf(members);
  }

  /** Starts {@code memberCount} members and waits until every one of them is healthy. */
  public static EtcdCluster start(int memberCount) {
    return create(memberCount, Optional.empty());
  }

  /**
   * Starts {@code memberCount} members on the data of {@code snapshot} (a file {@link
   * #saveSnapshot} wrote), each member's data dir restored from it first: a data set that takes an
   * hour to write is loaded once and then started in a minute, as often as needed.
   */
  public static EtcdCluster restore(int memberCount, Path snapshot) {
    if (!Files.isRegularFile(snapshot)) {
      throw new IllegalArgumentException("no etcd snapshot at " + snapshot);
    }
    return create(memberCount, Optional.of(snapshot));
  }

  private static EtcdCluster create(int memberCount, Optional<Path> snapshot) {
    if (memberCount < 1) {
      throw new IllegalArgumentException("a cluster needs at least one member, not " + memberCount);
    }
    Path binary = locateEtcd(System.getenv());
    Path workDir;
    try {
      workDir = Files.createTempDirectory("flock-etcd-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the cluster's temporary directory", e);
    }
    List<Integer> ports = freeLoopbackPorts(2 * memberCount);
    List<Member> members = new ArrayList<>();
    for (int i = 0; i < memberCount; i++) {
      members.add(new Member("etcd" + (i + 1), ports.get(2 * i), ports.get(2 * i + 1), workDir));
    }
    EtcdCluster cluster = new EtcdCluster(binary, workDir, members);
    Runtime.getRuntime().addShutdownHook(cluster.killOnExit);
    try {
      // every data dir first: a member started alone waits for a quorum
      for (Member member : cluster.members) {
        snapshot.ifPresent(file -> cluster.restoreInto(member, file));
      }
      for (Member member : cluster.members) {
        cluster.launch(member, snapshot.isPresent() ? "existing" : "new");
      }
      cluster.awaitHealthy(snapshot.isPresent() ? SNAPSHOT_TIMEOUT : STARTUP_TIMEOUT);
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
    return cluster;
  }

  /**
   * Writes the cluster's whole data to {@code file} (etcdctl snapshot save, from the leader), for
   * {@link #restore}.
   */
  public void saveSnapshot(Path file) {
    etcdctl(
        "saving a snapshot of the cluster",
        workDir.resolve("snapshot-save.log"),
        "--endpoints",
        leader().clientUrl,
        "snapshot",
        "save",
        file.toAbsolutePath().toString());
  }

  /** Writes the member's data dir from a snapshot, as a member of this cluster. */
  private void restoreInto(Member member, Path snapshot) {
    etcdctl(
        "restoring " + member.name + " from " + snapshot,
        member.logFile,
        "snapshot",
        "restore",
        snapshot.toAbsolutePath().toString(),
        "--name",
        member.name,
        "--data-dir",
        member.dataDir.toString(),
        "--initial-cluster",
        initialCluster(),
        "--initial-cluster-token",
        token,
        "--initial-advertise-peer-urls",
        member.peerUrl);
  }

  /** Runs etcdctl (the one beside the etcd binary, API v3) and waits for it to succeed. */
  private void etcdctl(String what, Path log, String... args) {
    Path etcdctl = etcdBinary.resolveSibling("etcdctl");
    if (!Files.isExecutable(etcdctl)) {
      throw new IllegalStateException(
          "etcdctl is not installed beside " + etcdBinary + ". Install it with: " + INSTALL_HINT);
    }
    List<String> command = new ArrayList<>(List.of(etcdctl.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().put("ETCDCTL_API", "3");
    try {
      Process process = builder.start();
      if (!process.waitFor(SNAPSHOT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(what + ": no end in " + SNAPSHOT_TIMEOUT);
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException(what + " failed:\n" + tail(log));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(what + ": cannot run " + etcdctl, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(what + ": interrupted", e);
    }
  }

  /** Client URLs of all members, running or not, in member order. */
  public List<String> endpoints() {
    return members.stream().map(Member::clientUrl).toList();
  }

  /** The client URLs joined by commas, the form etcdctl and jetcd configuration take. */
  public String endpointsCsv() {
    return String.join(",", endpoints());
  }

  public List<Member> members() {
    return members;
  }

  /**
   * The member that all running members agree is the leader, waiting up to 10 s for an election.
   */
  public Member leader() {
    return leader(LEADER_TIMEOUT);
  }

  public Member leader(Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    do {
      Optional<Member> leader = agreedLeader();
      if (leader.isPresent()) {
        return leader.get();
      }
      pause();
    } while (Instant.now().isBefore(deadline));
    throw new IllegalStateException("no leader agreed on within " + timeout + ": " + members);
  }

  /** Sends SIGKILL, as a crash would, and waits for the process to exit. */
  public void kill(Member member) {
    Process process = processOf(member);
    if (process != null) {
      process.destroyForcibly();
      awaitExit(member, process);
    }
  }

  /** Sends SIGTERM, so the member shuts down cleanly, and waits for it to exit. */
  public void stop(Member member) {
    Process process = processOf(member);
    if (process != null) {
      process.destroy();
      awaitExit(member, process);
    }
  }

  /**
   * Starts a member again with its name, ports and data, stopping it first if it runs, and waits
   * until healthy.
   */
  public void restart(Member member) {
    stop(member);
    launch(member, "existing");
    awaitHealthy(member, Instant.now().plus(STARTUP_TIMEOUT));
  }

  /** Waits until every member runs and answers healthy; fails at once if one is not running. */
  public void awaitHealthy(Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    for (Member member : members) {
      awaitHealthy(member, deadline);
    }
  }

  /** Kills every member and, once all have exited, deletes their data dirs and logs. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    // SIGKILL, not SIGTERM: the data is deleted anyway, and members stopped together gracefully
    // wait ~7 s for a leader transfer that cannot happen.
    killAll();
    for (Member member : members) {
      Process process = member.process;
      if (process != null) {
        awaitExit(member, process);
      }
    }
    try {
      Runtime.getRuntime().removeShutdownHook(killOnExit);
    } catch (IllegalStateException shutdownInProgress) {
      // The hook is running or about to run; it finds every process already gone.
    }
    deleteRecursively(workDir);
  }

  static Path locateEtcd(Map<String, String> environment) {
    String configured = environment.get("ETCD_BIN");
    if (configured != null && !configured.isBlank()) {
      Path binary = Path.of(configured);
      if (Files.isExecutable(binary)) {
        return binary;
      }
      throw new IllegalStateException(
          "ETCD_BIN="
              + configured
              + " is not an executable file. Install etcd with: "
              + INSTALL_HINT);
    }
    String path = environment.getOrDefault("PATH", "");
    return Stream.concat(
            Stream.of(path.split(java.io.File.pathSeparator))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, "etcd")),
            Stream.of(Path.of("/usr/bin/etcd")))
        .filter(Files::isExecutable)
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "etcd is not installed (not on PATH, not /usr/bin/etcd, ETCD_BIN unset)."
                        + " Install it with: "
                        + INSTALL_HINT));
  }

  private String initialCluster() {
    return members.stream().map(m -> m.name + "=" + m.peerUrl).collect(Collectors.joining(","));
  }

  private void launch(Member member, String clusterState) {
    String initialCluster = initialCluster();
    ProcessBuilder command =
        new ProcessBuilder(
                new EtcdMemberCommand(
                        etcdBinary,
                        member.name,
                        member.dataDir,
                        member.clientUrl,
                        member.peerUrl,
                        initialCluster,
                        token)
                    .arguments(clusterState))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(member.logFile.toFile()));
    try {
      member.process = command.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot launch " + etcdBinary + " for " + member.name, e);
    }
  }

  private void awaitHealthy(Member member, Instant deadline) {
    while (!gateway.isHealthy(member.clientUrl)) {
      if (!member.isRunning()) {
        throw new IllegalStateException(member.name + " is not running" + logTail(member));
      }
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException(member.name + " is not healthy in time" + logTail(member));
      }
      pause();
    }
  }

  private Optional<Member> agreedLeader() {
    Map<String, Member> membersById = new HashMap<>();
    List<String> leaderIds = new ArrayList<>();
    for (Member member : members) {
      if (!member.isRunning()) {
        continue;
      }
      Optional<EtcdGateway.MemberStatus> status = gateway.status(member.clientUrl);
      if (status.isEmpty() || !status.get().hasLeader()) {
        return Optional.empty();
      }
      membersById.put(status.get().memberId(), member);
      leaderIds.add(status.get().leaderId());
    }
    // Right after an election some members may still name the old leader: only agreement counts.
    if (leaderIds.isEmpty() || leaderIds.stream().distinct().count() != 1) {
      return Optional.empty();
    }
    return Optional.ofNullable(membersById.get(leaderIds.get(0)));
  }

  private void awaitExit(Member member, Process process) {
    try {
      if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IllegalStateException(
          "interrupted while waiting for " + member.name + " to exit", e);
    }
  }

  private Process processOf(Member member) {
    if (!members.contains(member)) {
      throw new IllegalArgumentException(member + " is not a member of this cluster");
    }
    return member.process;
  }

  private void killAll() {
    members.stream().map(m -> m.process).filter(p -> p != null).forEach(Process::destroyForcibly);
  }

  private static String logTail(Member member) {
    return "; " + tail(member.logFile);
  }

  private static String tail(Path log) {
    try (Stream<String> lines = Files.lines(log)) {
      List<String> all = lines.toList();
      return "last lines of "
          + log
          + ":\n"
          + String.join("\n", all.subList(Math.max(0, all.size() - LOG_TAIL_LINES), all.size()));
    } catch (IOException e) {
      return "its log " + log + " is unreadable: " + e.getMessage();
    }
  }

  /**
   * Ports below Linux's ephemeral range (32768 and up): a port taken from that range is free only
   * until some outgoing connection, such as one member dialling another, picks it as its source
   * port before etcd binds it (seen in CI as "bind: address already in use").
   */
  private static final int FIRST_PORT = 15000;

  private static final int END_OF_PORTS = 23000;

  private static List<Integer> freeLoopbackPorts(int count) {
    // All sockets stay open until every port is chosen, so the cluster never gets the same port
    // twice.
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      while (sockets.size() < count) {
        int port = ThreadLocalRandom.current().nextInt(FIRST_PORT, END_OF_PORTS);
        try {
          sockets.add(new ServerSocket(port, 1, InetAddress.getLoopbackAddress()));
        } catch (IOException taken) {
          // Somebody listens there; try another.
        }
      }
      return sockets.stream().map(ServerSocket::getLocalPort).toList();
    } finally {
      for (ServerSocket socket : sockets) {
        try {
          socket.close();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }

  private static void pause() {
    try {
      Thread.sleep(POLL_INTERVAL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the etcd cluster", e);
    }
  }
}
