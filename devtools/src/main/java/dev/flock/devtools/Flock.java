package dev.flock.devtools;

import dev.flock.raft.ClusterCli;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The launcher behind {@code ./flock}, which finds the JDK, installs what is missing, builds what
 * is stale and then hands over here (or to the bench's runner, for {@code bench}). Exit status: 0
 * done, 1 refused or failed (with one line saying why), 2 usage error.
 */
public final class Flock {

  static final String USAGE =
      """
      Usage: ./flock <command> [options]

      Commands:
        run [--storage memory|etcd] [--backends N] [--backend-only] [--tls]
              Build what changed, then start the backend and the web tier on Payara Micro in the
              foreground; Ctrl-C stops both. Open http://localhost:${FLOCK_WEB_PORT:-8080}/ once it says so.
                --storage memory   keep everything in the backend's memory (default)
                --storage etcd     store in a local 3-member etcd cluster (started if needed, data kept in
                                   .flock/etcd across runs; stopped again on Ctrl-C if this run started it)
                --backends N       with etcd: N stateless backends on one cluster (ports +1 each); the
                                   web tier spreads its calls over all of them
                --backend-only     start only the backend(s) (gRPC + session REST endpoint)
                --tls              mutual TLS between the tiers, as deployments have it (docker/make-certs
                                   makes the certificates in .flock/tls): gRPC over TLS and the session
                                   check over HTTPS on FLOCK_BACKEND_TLS_PORT (8443), client certificates
                                   required
              Ports (environment): FLOCK_WEB_PORT (8080), FLOCK_BACKEND_PORT (8081, the backend's HTTP),
              FLOCK_GRPC_PORT (9090), FLOCK_METRICS_PORT (9464: the web tier's metrics, backends +1 each,
              on loopback). FLOCK_START_TIMEOUT: seconds to wait for each instance (90).
              Telemetry: spans are exported when the standard OpenTelemetry variables say so, e.g.
              OTEL_EXPORTER_OTLP_ENDPOINT=http://localhost:4318 OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf
              (an endpoint alone implies OTEL_TRACES_EXPORTER=otlp); FLOCK_LOG_FORMAT=json logs one JSON
              object a line.
              Logs: .flock/logs/backend.log and .flock/logs/web.log. Settings: payara-config/README.md.
        up    Build the images and start the whole topology in containers (docker/compose.yaml: etcd x3,
              backend x2, web x2 behind a load balancer, mutual TLS between the tiers) with podman or
              docker, whichever is installed; prints the URL once the site answers. FLOCK_PORT: the
              published port (8080). Certificates: docker/tls (docker/make-certs).
        down [--volumes]
              Stop and remove those containers (--volumes: etcd's data too).
        images [podman|docker]
              Build the four images (localhost/flock-backend, -web, -etcd, -lb) from the built WARs, e.g.
              to push them where a Kubernetes cluster pulls from (k8s/README.md).
        test [maven options]
              Install the tools the tests need when missing (as root, from apt: etcd, chromium, wrk,
              prometheus, podman), then run every test, unit and integration: ./mvnw -B verify [maven options].
        cluster start|stop|status|kill <member>|restart <member>|endpoints|wipe
              Manage the local etcd cluster by hand: status shows each member, its health, the leader
              and the Raft index. Members are etcd1..etcd3.
        bench [--storage memory|etcd|both] [--shape S|L|XL] [--ops FEED,EXPLORE,LOGIN,FOLLOW,LIKE,POST,MIX]
              [--connections 16,64] [--duration 20s] [--runs 3] [--warmup 60s] [--profile] [--smoke]
              Benchmark (the workload of ../shared/WORKLOAD.md) on its own Payara Micro JVMs and ports:
              loads the data set through gRPC, runs wrk per operation, the gRPC backend alone and, with
              etcd, the raw cluster; writes bench/results/<timestamp>-<storage>.md. Installs wrk when
              missing (as root). --smoke: a tiny shape for a few seconds. See ./flock bench --help.
        help  Show this message.

      Every command first builds what changed since its last build (FLOCK_NO_BUILD=1: run what is
      built, as the tests do after Maven has built it).""";

  private final Path root;
  private final Map<String, String> environment;
  private final PrintStream out;
  private final PrintStream err;

  Flock(Path root, Map<String, String> environment, PrintStream out, PrintStream err) {
    this.root = root;
    this.environment = environment;
    this.out = out;
    this.err = err;
  }

  /** Run from the repository's root (./flock changes there first). */
  public static void main(String[] args) {
    System.exit(
        new Flock(Path.of("").toAbsolutePath(), System.getenv(), System.out, System.err)
            .run(List.of(args)));
  }

  private ContainerCommands containers() {
    return new ContainerCommands(root, environment, out, err);
  }

  int run(List<String> args) {
    String command = args.isEmpty() ? "help" : args.getFirst();
    List<String> rest = args.isEmpty() ? List.of() : args.subList(1, args.size());
    try {
      return switch (command) {
        case "run" -> {
          if (rest.contains("-h") || rest.contains("--help")) {
            out.println(USAGE);
            yield 0;
          }
          yield new RunCommand(root, environment, out, err).run(rest);
        }
        case "up" -> containers().up(rest);
        case "down" -> containers().down(rest);
        case "images" -> containers().images(rest);
        case "cluster" -> ClusterCli.run(rest, environment);
        case "help", "-h", "--help" -> {
          out.println(USAGE);
          yield 0;
        }
        default -> {
          err.println(USAGE);
          yield 2;
        }
      };
    } catch (LauncherException.Reported e) {
      return 1;
    } catch (LauncherException e) {
      err.println("flock: " + e.getMessage());
      return 1;
    }
  }
}
