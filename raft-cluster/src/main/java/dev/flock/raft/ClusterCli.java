package dev.flock.raft;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code ./flock cluster}: the developer's local etcd cluster ({@link LocalEtcdCluster}) by hand.
 * Exit status 0 when done, 1 when refused or failed (with one line saying why), 2 for a usage
 * error.
 */
public final class ClusterCli {

  static final String USAGE =
      """
      usage: ./flock cluster <command>
        start [--members N]   start the cluster (default 3 members; restarts existing members with their data)
        stop                  stop every member gracefully (SIGTERM), keeping the data
        status                name, client URL, pid, health, leader and raft index of each member
        kill <member>         SIGKILL one member, e.g. etcd1
        restart <member>      start one member again with its existing data and wait until it is healthy
        endpoints             print the client URLs, comma-separated
        wipe                  stop the cluster and delete its data

      environment:
        FLOCK_CLUSTER_DIR     state directory (default: .flock/etcd)
        FLOCK_ETCD_PORT_BASE  client port of member i = base + i, peer port = base + 100 + i (default 23790)
        ETCD_BIN              the etcd binary (default: from PATH, then /usr/bin)""";

  private static final String STATUS_ROW = "%-8s %-24s %-8s %-6s %-8s %-7s %s%n";

  private final LocalEtcdCluster cluster;
  private final PrintStream out;
  private final PrintStream err;

  ClusterCli(LocalEtcdCluster cluster, PrintStream out, PrintStream err) {
    this.cluster = cluster;
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    System.exit(run(List.of(args), System.getenv()));
  }

  /**
   * Runs one command on the cluster in FLOCK_CLUSTER_DIR (.flock/etcd); returns the exit status.
   */
  public static int run(List<String> args, Map<String, String> environment) {
    Path directory =
        Path.of(environment.getOrDefault("FLOCK_CLUSTER_DIR", ".flock/etcd")).toAbsolutePath();
    return new ClusterCli(new LocalEtcdCluster(directory, environment), System.out, System.err)
        .run(args);
  }

  int run(List<String> args) {
    String command = args.isEmpty() ? "" : args.get(0);
    List<String> rest = args.isEmpty() ? List.of() : args.subList(1, args.size());
    try {
      switch (command) {
        case "start" -> start(rest);
        case "stop" -> cluster.stop();
        case "status" -> status();
        case "kill" -> {
          cluster.kill(member(rest, "kill"));
          out.println("killed " + rest.get(0));
        }
        case "restart" -> {
          String url = cluster.restart(member(rest, "restart"));
          out.println(rest.get(0) + " is healthy at " + url);
        }
        case "endpoints" -> out.println(cluster.layout().endpointsCsv());
        case "wipe" ->
            out.println(
                cluster.wipe()
                    ? "wiped " + cluster.directory()
                    : "nothing to wipe in " + cluster.directory());
        case "help", "-h", "--help" -> out.println(USAGE);
        default -> {
          err.println(USAGE);
          return 2;
        }
      }
      return 0;
    } catch (LocalEtcdCluster.ClusterException | IllegalStateException e) {
      err.println("flock cluster: " + e.getMessage());
      return 1;
    }
  }

  private void start(List<String> options) {
    Optional<Integer> members = Optional.empty();
    for (int i = 0; i < options.size(); i++) {
      if (options.get(i).equals("--members")
          && i + 1 < options.size()
          && options.get(i + 1).matches("[1-9][0-9]*")) {
        members = Optional.of(Integer.parseInt(options.get(++i)));
      } else if (options.get(i).equals("--members")) {
        throw new LocalEtcdCluster.ClusterException("--members needs a positive number");
      } else {
        throw new LocalEtcdCluster.ClusterException(
            "unknown option '" + options.get(i) + "' for start");
      }
    }
    out.println(cluster.start(members, out::println).endpointsCsv());
  }

  private void status() {
    out.printf(STATUS_ROW, "NAME", "CLIENT_URL", "PID", "ALIVE", "HEALTHY", "LEADER", "RAFT_INDEX");
    for (LocalEtcdCluster.MemberState member : cluster.status()) {
      out.printf(
          STATUS_ROW,
          member.name(),
          member.clientUrl(),
          member.pid().map(String::valueOf).orElse("-"),
          yesNo(member.alive()),
          yesNo(member.healthy()),
          yesNo(member.leader()),
          member.raftIndex().orElse("-"));
    }
  }

  private static String member(List<String> args, String command) {
    if (args.size() != 1) {
      throw new LocalEtcdCluster.ClusterException(
          "usage: ./flock cluster " + command + " <member>");
    }
    return args.get(0);
  }

  private static String yesNo(boolean value) {
    return value ? "yes" : "no";
  }
}
