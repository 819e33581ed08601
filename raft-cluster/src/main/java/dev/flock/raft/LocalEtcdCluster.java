package dev.flock.raft;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The developer's etcd cluster ({@code ./flock cluster}): members that outlive the command that
 * started them, with their data, logs and pids in a state directory ({@code .flock/etcd}), so that
 * a later command can stop, kill, restart or wipe them. The tests' clusters are {@link
 * EtcdCluster}.
 *
 * <p>The state directory holds {@code cluster.env} (member count, port base and token, fixed when
 * the cluster is created: the members' data remembers its peer URLs) and per member {@code
 * etcdN.data}, {@code etcdN.log} and {@code etcdN.pid}.
 */
public final class LocalEtcdCluster {

  static final int DEFAULT_PORT_BASE = 23790;
  private static final Duration HEALTHY_WITHIN = Duration.ofSeconds(20);
  private static final Duration STOP_WITHIN = Duration.ofSeconds(15);
  private static final int LOG_TAIL_LINES = 15;

  /** What {@code cluster.env} fixes for the cluster's life. */
  public record Layout(int members, int portBase, String token) {

    String clientUrl(int member) {
      return "http://127.0.0.1:" + (portBase + member);
    }

    String peerUrl(int member) {
      return "http://127.0.0.1:" + (portBase + 100 + member);
    }

    List<Integer> memberNumbers() {
      return IntStream.rangeClosed(1, members).boxed().toList();
    }

    public String endpointsCsv() {
      return memberNumbers().stream().map(this::clientUrl).collect(Collectors.joining(","));
    }
  }

  /** One line of {@link #status()}. */
  record MemberState(
      String name,
      String clientUrl,
      Optional<Long> pid,
      boolean alive,
      boolean healthy,
      boolean leader,
      Optional<String> raftIndex) {}

  private final Path directory;
  private final Map<String, String> environment;
  private final EtcdGateway gateway = new EtcdGateway();

  public LocalEtcdCluster(Path directory, Map<String, String> environment) {
    this.directory = directory;
    this.environment = environment;
  }

  public Path directory() {
    return directory;
  }

  boolean exists() {
    return Files.isRegularFile(config());
  }

  /** The layout of the existing cluster; fails when there is none. */
  Layout layout() {
    if (!exists()) {
      throw new ClusterException(
          "no cluster in " + directory + ": run './flock cluster start' first");
    }
    Properties values = new Properties();
    try (var in = Files.newBufferedReader(config())) {
      values.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Layout(
        Integer.parseInt(values.getProperty("MEMBERS")),
        Integer.parseInt(values.getProperty("PORT_BASE")),
        values.getProperty("TOKEN"));
  }

  /**
   * Starts every member that is not running (creating the cluster with {@code members} members, 3
   * if not given, when there is none) and waits until all are healthy.
   *
   * @param announce told about each member that was running already
   */
  public Layout start(Optional<Integer> members, java.util.function.Consumer<String> announce) {
    Path etcd = EtcdCluster.locateEtcd(environment);
    Optional<String> portBase = Optional.ofNullable(environment.get("FLOCK_ETCD_PORT_BASE"));
    Layout layout;
    if (exists()) {
      layout = layout();
      if (members.isPresent() && members.get() != layout.members()) {
        throw new ClusterException(
            "the cluster in "
                + directory
                + " has "
                + layout.members()
                + " members; run './flock cluster wipe' to change that");
      }
      if (portBase.isPresent() && !portBase.get().equals(Integer.toString(layout.portBase()))) {
        throw new ClusterException(
            "the cluster in "
                + directory
                + " uses port base "
                + layout.portBase()
                + ", not "
                + portBase.get()
                + "; run './flock cluster wipe' to change that");
      }
    } else {
      layout = create(members.orElse(3), portBase);
    }
    for (int member : layout.memberNumbers()) {
      if (running(layout, member).isPresent()) {
        announce.accept(name(member) + " is already running");
      } else {
        launch(etcd, layout, member);
      }
    }
    awaitHealthy(layout, layout.memberNumbers());
    return layout;
  }

  /** Stops every member gracefully (SIGTERM), keeping the data. */
  public void stop() {
    Layout layout = layout();
    for (int member : layout.memberNumbers()) {
      signal(layout, member, false);
    }
  }

  /** SIGKILL to one member, as a crash would. */
  void kill(String memberName) {
    Layout layout = layout();
    int member = number(layout, memberName);
    if (running(layout, member).isEmpty()) {
      throw new ClusterException(memberName + " is not running");
    }
    signal(layout, member, true);
  }

  /** Starts one member again with its data (stopping it first) and waits until it is healthy. */
  String restart(String memberName) {
    Path etcd = EtcdCluster.locateEtcd(environment);
    Layout layout = layout();
    int member = number(layout, memberName);
    signal(layout, member, false);
    launch(etcd, layout, member);
    awaitHealthy(layout, List.of(member));
    return layout.clientUrl(member);
  }

  List<MemberState> status() {
    Layout layout = layout();
    return layout.memberNumbers().stream()
        .map(
            member -> {
              Optional<Long> pid = pidOf(member);
              boolean alive = running(layout, member).isPresent();
              // a member that is down is not probed: that would only wait for a timeout
              Optional<EtcdGateway.MemberStatus> status =
                  alive ? gateway.status(layout.clientUrl(member)) : Optional.empty();
              return new MemberState(
                  name(member),
                  layout.clientUrl(member),
                  pid,
                  alive,
                  alive && gateway.isHealthy(layout.clientUrl(member)),
                  status.map(s -> s.memberId().equals(s.leaderId())).orElse(false),
                  status.map(EtcdGateway.MemberStatus::raftIndex));
            })
        .toList();
  }

  /** Stops the cluster and deletes its data, logs and state; false when there was none. */
  boolean wipe() {
    if (!exists()) {
      return false;
    }
    stop();
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + directory, e);
    }
    return true;
  }

  private Layout create(int members, Optional<String> portBase) {
    if (portBase.isPresent() && !portBase.get().matches("[0-9]+")) {
      throw new ClusterException(
          "FLOCK_ETCD_PORT_BASE must be a number, not '" + portBase.get() + "'");
    }
    // A token per cluster keeps two local clusters from ever taking each other's members for their
    // own.
    Layout layout =
        new Layout(
            members,
            portBase.map(Integer::parseInt).orElse(DEFAULT_PORT_BASE),
            "flock-"
                + Instant.now().getEpochSecond()
                + "-"
                + ProcessHandle.current().pid()
                + "-"
                + ThreadLocalRandom.current().nextInt(1 << 15));
    try {
      Files.createDirectories(directory);
      Files.writeString(
          config(),
          "MEMBERS=%d%nPORT_BASE=%d%nTOKEN=%s%n"
              .formatted(layout.members(), layout.portBase(), layout.token()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return layout;
  }

  private void launch(Path etcd, Layout layout, int member) {
    String initialCluster =
        layout.memberNumbers().stream()
            .map(each -> name(each) + "=" + layout.peerUrl(each))
            .collect(Collectors.joining(","));
    Path data = directory.resolve(name(member) + ".data");
    List<String> command =
        new EtcdMemberCommand(
                etcd,
                name(member),
                data,
                layout.clientUrl(member),
                layout.peerUrl(member),
                initialCluster,
                layout.token())
            .arguments(Files.isDirectory(data) ? "existing" : "new");
    // setsid: the member leaves this command's session, so that neither its end nor a Ctrl-C in
    // the terminal takes the member down (setsid execs etcd in place: the pid is etcd's).
    List<String> detached = Stream.concat(Stream.of("setsid"), command.stream()).toList();
    try {
      Process process =
          new ProcessBuilder(detached)
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log(member).toFile()))
              .start();
      Files.writeString(pidFile(member), process.pid() + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot launch " + etcd + " for " + name(member), e);
    }
  }

  private void awaitHealthy(Layout layout, List<Integer> members) {
    Instant deadline = Instant.now().plus(HEALTHY_WITHIN);
    while (true) {
      List<String> pending = new java.util.ArrayList<>();
      for (int member : members) {
        if (running(layout, member).isEmpty()) {
          throw new ClusterException(name(member) + " exited during startup" + logTails(layout));
        }
        if (!gateway.isHealthy(layout.clientUrl(member))) {
          pending.add(name(member));
        }
      }
      if (pending.isEmpty()) {
        return;
      }
      if (Instant.now().isAfter(deadline)) {
        throw new ClusterException(
            "not healthy after "
                + HEALTHY_WITHIN.toSeconds()
                + "s: "
                + String.join(" ", pending)
                + " (cluster dir "
                + directory
                + ")"
                + logTails(layout));
      }
      pause(Duration.ofMillis(200));
    }
  }

  /** Signals a running member (SIGKILL, or SIGTERM then SIGKILL after 15 s) and forgets its pid. */
  private void signal(Layout layout, int member, boolean kill) {
    Optional<ProcessHandle> process = running(layout, member);
    if (process.isPresent()) {
      if (kill) {
        process.get().destroyForcibly();
      } else {
        process.get().destroy();
      }
      Instant deadline = Instant.now().plus(STOP_WITHIN);
      // not isAlive(): a member that has exited stays a zombie until its new parent reaps it
      while (running(layout, member).isPresent()) {
        if (Instant.now().isAfter(deadline)) {
          System.err.printf(
              "%s did not exit within %ds of SIGTERM; sending SIGKILL%n",
              name(member), STOP_WITHIN.toSeconds());
          process.get().destroyForcibly();
          deadline = Instant.now().plus(STOP_WITHIN);
        }
        pause(Duration.ofMillis(100));
      }
    }
    try {
      Files.deleteIfExists(pidFile(member));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The member's process if it runs. Its command line must name the member: a pid from the file may
   * have been recycled by another process since.
   */
  private Optional<ProcessHandle> running(Layout layout, int member) {
    return pidOf(member)
        .flatMap(ProcessHandle::of)
        .filter(ProcessHandle::isAlive)
        .filter(
            process ->
                process
                    .info()
                    .arguments()
                    .map(List::of)
                    .map(args -> args.contains(layout.clientUrl(member)))
                    .orElse(false));
  }

  private Optional<Long> pidOf(int member) {
    try {
      return Files.isRegularFile(pidFile(member))
          ? Optional.of(Long.parseLong(Files.readString(pidFile(member)).strip()))
          : Optional.empty();
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static int number(Layout layout, String memberName) {
    if (memberName.matches("etcd[1-9][0-9]*")) {
      int member = Integer.parseInt(memberName.substring(4));
      if (member <= layout.members()) {
        return member;
      }
    }
    throw new ClusterException(
        "unknown member '" + memberName + "': members are etcd1..etcd" + layout.members());
  }

  private String logTails(Layout layout) {
    StringBuilder tails = new StringBuilder();
    for (int member : layout.memberNumbers()) {
      tails.append("\n--- tail of ").append(log(member));
      try (Stream<String> lines = Files.lines(log(member))) {
        List<String> all = lines.toList();
        all.subList(Math.max(0, all.size() - LOG_TAIL_LINES), all.size())
            .forEach(line -> tails.append('\n').append(line));
      } catch (IOException | UncheckedIOException e) {
        tails.append("\n(unreadable: ").append(e.getMessage()).append(')');
      }
    }
    return tails.toString();
  }

  private static String name(int member) {
    return "etcd" + member;
  }

  private Path config() {
    return directory.resolve("cluster.env");
  }

  private Path log(int member) {
    return directory.resolve(name(member) + ".log");
  }

  private Path pidFile(int member) {
    return directory.resolve(name(member) + ".pid");
  }

  private static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClusterException("interrupted");
    }
  }

  /** A refusal or failure to tell the developer in one line (and the members' logs if useful). */
  public static final class ClusterException extends RuntimeException {
    ClusterException(String message) {
      super(message);
    }
  }
}
