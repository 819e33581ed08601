package dev.flock.system;

import dev.flock.devtools.PayaraInstance;
import dev.flock.devtools.Ports;
import dev.flock.raft.EtcdCluster;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The whole site, booted once per test run and storage mode, each part its own process started in
 * parallel: in memory, one backend and two web instances ({@code @ExtendWith(FlockSite.class)}); on
 * etcd ({@link #onEtcd()}), a 3-member cluster, two stateless backends and two web instances that
 * each spread their calls over both backends. Inject {@link Running} as a parameter.
 */
public final class FlockSite implements BeforeAllCallback, ParameterResolver {

  /** Spans are sent at once (not every 5 s), so a test finds a request's trace quickly. */
  private static final String SPAN_EXPORT_DELAY_MS = "100";

  /** The following cap of the test site's backends (flock.graph.max-following), small to reach. */
  static final int MAX_FOLLOWING = 5;

  /**
   * The rate limits of the shared sites: every test signs up and in from this one machine, and the
   * fuzz suite posts thousands of times as one user, so the limits are out of reach there.
   */
  private static final Map<String, String> LIMITS_OUT_OF_REACH =
      Map.of(
          "flock.limits.sign-ups-per-address.max", "1000000",
          "flock.limits.sign-in-failures-per-address.max", "1000000",
          "flock.limits.posts-per-account.max", "1000000",
          "flock.limits.follows-per-account.max", "1000000",
          "flock.limits.likes-per-account.max", "1000000");

  /**
   * The rate limits of {@link #withLowLimits}: small, to be reached in a few requests, with the
   * defaults' windows. Its web instance trusts this machine as its proxy, so each test can come
   * from addresses of its own ({@code X-Forwarded-For}).
   */
  static final Map<String, String> LOW_LIMITS =
      Map.of(
          "flock.limits.sign-in-failures-per-address.max", "6",
          "flock.limits.sign-in-failures-per-account.max", "4",
          "flock.limits.sign-ups-per-address.max", "3",
          "flock.limits.posts-per-account.max", "5",
          "flock.limits.follows-per-account.max", "5",
          "flock.limits.likes-per-account.max", "5");

  private final boolean etcd;
  private final boolean lowLimits;

  /** The in-memory site. */
  public FlockSite() {
    this(false, false);
  }

  private FlockSite(boolean etcd, boolean lowLimits) {
    this.etcd = etcd;
    this.lowLimits = lowLimits;
  }

  /**
   * The replicated site: for {@code @RegisterExtension static FlockSite site = FlockSite.onEtcd();}
   */
  public static FlockSite onEtcd() {
    return new FlockSite(true, false);
  }

  /**
   * A site of its own with {@link #LOW_LIMITS} and one web instance: in memory, or on etcd with two
   * backends that the web instance spreads its calls over.
   */
  public static FlockSite withLowLimits(boolean etcd) {
    return new FlockSite(etcd, true);
  }

  /** A running site; closed when the test JVM exits. */
  public static final class Running implements AutoCloseable {
    private final Optional<EtcdCluster> cluster;
    private final List<SiteInstance> backends;
    private final List<Integer> grpcPorts;
    private final List<SiteInstance> webs;
    private final OtlpReceiver spans;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Running(
        Optional<EtcdCluster> cluster,
        List<SiteInstance> backends,
        List<Integer> grpcPorts,
        List<SiteInstance> webs,
        OtlpReceiver spans) {
      this.cluster = cluster;
      this.backends = backends;
      this.grpcPorts = grpcPorts;
      this.webs = webs;
      this.spans = spans;
    }

    /** The OTLP receiver every instance of this site exports its spans to. */
    OtlpReceiver spans() {
      return spans;
    }

    /** The metrics endpoint of web instance {@code index}. */
    public URI webMetrics(int index) {
      return webs.get(index).metrics();
    }

    /** The metrics endpoint of backend {@code index}. */
    public URI backendMetrics(int index) {
      return backends.get(index).metrics();
    }

    /** The log file of backend {@code index}. */
    public Path backendLog(int index) {
      return backends.get(index).payara().log();
    }

    /** The base URL of web instance {@code index} (0 or 1). */
    public URI web(int index) {
      return webs.get(index).payara().url("/");
    }

    /**
     * Stops web instance {@code index} as an orchestrator would (SIGTERM: it drains first), starts
     * it again on the same port and waits until it serves pages.
     */
    public void restartWeb(int index) {
      SiteInstance web = webs.get(index);
      web.close();
      web.payara().restart();
      web.awaitReady("/status", 200);
    }

    /** The log file of web instance {@code index}. */
    public Path webLog(int index) {
      return webs.get(index).payara().log();
    }

    /** The HTTP base URL of backend {@code index}. */
    public URI backendHttp(int index) {
      return backends.get(index).payara().url("/");
    }

    public URI backendHttp() {
      return backendHttp(0);
    }

    public int grpcPort(int index) {
      return grpcPorts.get(index);
    }

    public int backendCount() {
      return backends.size();
    }

    /** The etcd cluster behind an etcd site. */
    public EtcdCluster cluster() {
      return cluster.orElseThrow(() -> new IllegalStateException("this site stores in memory"));
    }

    /** Stops every backend. */
    public void stopBackends() {
      backends.forEach(SiteInstance::close);
    }

    /** Sends SIGTERM to one backend and returns while it drains: its process, still alive. */
    public ProcessHandle terminateBackend(int index) {
      return backends.get(index).payara().terminate();
    }

    /**
     * Starts every backend again (same ports and settings) and waits until they answer, and until
     * every web instance reaches them again (its channel reconnects with a backoff).
     */
    public void startBackends() {
      start(backends);
    }

    /** Starts one stopped backend again, as {@link #startBackends} does. */
    public void startBackend(int index) {
      start(List.of(backends.get(index)));
    }

    private void start(List<SiteInstance> stopped) {
      stopped.forEach(instance -> instance.payara().restart());
      awaitAll(
          stopped.stream()
              .map(backend -> (Runnable) () -> backend.awaitReady("/api/v1/session", 401)));
      awaitAll(webs.stream().map(web -> (Runnable) () -> web.awaitReady("/status", 200)));
    }

    @Override
    public void close() {
      if (closed.getAndSet(true)) {
        return;
      }
      webs.forEach(SiteInstance::close);
      backends.forEach(SiteInstance::close);
      cluster.ifPresent(EtcdCluster::close);
      spans.close();
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    running(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == Running.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return running(context);
  }

  private Running running(ExtensionContext context) {
    return running();
  }

  /**
   * Every site of this test run, by kind: booted once, shared by the tests of every engine (JUnit
   * Jupiter's through the extension, jqwik's through {@link #sharedInMemory}), and closed when the
   * test JVM exits: JUnit closes what its store holds when its own engine is done, before jqwik's
   * properties run.
   */
  private static final Map<String, Running> SITES = new ConcurrentHashMap<>();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> SITES.values().forEach(Running::close)));
  }

  private String key() {
    return (etcd ? "etcd" : "memory") + (lowLimits ? "-low-limits" : "");
  }

  private Running running() {
    return SITES.computeIfAbsent(key(), key -> boot());
  }

  /** The in-memory site, for tests that are not JUnit Jupiter's (jqwik properties). */
  static Running sharedInMemory() {
    return new FlockSite().running();
  }

  /** The replicated site, for tests that are not JUnit Jupiter's (jqwik properties). */
  static Running sharedOnEtcd() {
    return onEtcd().running();
  }

  private Running boot() {
    Optional<EtcdCluster> cluster = etcd ? Optional.of(EtcdCluster.start(3)) : Optional.empty();
    String prefix = (etcd ? "etcd-" : "memory-") + (lowLimits ? "low-limits-" : "");
    OtlpReceiver spans = OtlpReceiver.start();
    Map<String, String> telemetry =
        Map.of(
            "otel.traces.exporter",
            "otlp",
            "otel.exporter.otlp.protocol",
            "http/protobuf",
            "otel.exporter.otlp.traces.endpoint",
            spans.tracesEndpoint().toString(),
            "otel.bsp.schedule.delay",
            SPAN_EXPORT_DELAY_MS);
    List<SiteInstance> backends = new ArrayList<>();
    List<Integer> grpcPorts = new ArrayList<>();
    for (int i = 1; i <= (etcd ? 2 : 1); i++) {
      int grpcPort = Ports.free();
      Map<String, String> config =
          new HashMap<>(
              Map.of(
                  "flock.grpc.port",
                  Integer.toString(grpcPort),
                  "flock.graph.max-following",
                  Integer.toString(MAX_FOLLOWING)));
      config.putAll(telemetry);
      config.putAll(lowLimits ? LOW_LIMITS : LIMITS_OUT_OF_REACH);
      // the least PBKDF2 cost Jakarta Security takes: the fuzz suite signs in thousands of times
      config.put("flock.password.iterations", "1024");
      cluster.ifPresent(
          etcdCluster -> {
            config.put("flock.storage", "etcd");
            config.put("flock.etcd.endpoints", etcdCluster.endpointsCsv());
          });
      backends.add(
          SiteInstance.launch(
              prefix + "backend-" + i, "backend", "384m", config, "logging.properties"));
      grpcPorts.add(grpcPort);
    }
    Map<String, String> webConfig =
        new HashMap<>(
            Map.of(
                "flock.backend.grpc.target",
                grpcPorts.stream()
                    .map(port -> "localhost:" + port)
                    .collect(Collectors.joining(",")),
                "flock.backend.session.url",
                backends.stream()
                    .map(backend -> "http://127.0.0.1:" + backend.payara().httpPort())
                    .collect(Collectors.joining(","))));
    webConfig.putAll(telemetry);
    if (lowLimits) {
      webConfig.put("flock.web.trusted-proxies", "127.0.0.1,::1");
    }
    List<SiteInstance> webs =
        lowLimits
            ? List.of(
                SiteInstance.launch(
                    prefix + "web-1", "web", "256m", webConfig, "logging.properties"))
            : List.of(
                SiteInstance.launch(
                    prefix + "web-1", "web", "256m", webConfig, "logging.properties"),
                // The etcd site's second web instance logs JSON lines, as a log shipper would read.
                SiteInstance.launch(
                    prefix + "web-2",
                    "web",
                    "256m",
                    webConfig,
                    etcd ? "logging-json.properties" : "logging.properties"));
    Running running = new Running(cluster, backends, grpcPorts, webs, spans);
    try {
      awaitAll(
          Stream.concat(
              backends.stream()
                  .map(backend -> (Runnable) () -> backend.awaitReady("/api/v1/session", 401)),
              // /status makes a gRPC call, so each web instance has its channel open before tests.
              webs.stream().map(web -> (Runnable) () -> web.awaitReady("/status", 200))));
    } catch (RuntimeException e) {
      running.close();
      throw e;
    }
    return running;
  }

  private static void awaitAll(Stream<Runnable> waits) {
    CompletableFuture.allOf(
            waits.map(CompletableFuture::runAsync).toArray(CompletableFuture[]::new))
        .join();
  }

  /**
   * One instance of the site: Payara Micro with the local JVM options of its tier (as {@code
   * ./flock run} has them), its metrics on a port of its own.
   */
  record SiteInstance(PayaraInstance payara, int metricsPort) implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);

    static SiteInstance launch(
        String name, String tier, String heap, Map<String, String> config, String logging) {
      Path payaraConfig = Path.of(System.getProperty("flock.payara.config"));
      int metricsPort = Ports.free();
      Map<String, String> properties = new HashMap<>(config);
      properties.put("otel.exporter.prometheus.port", Integer.toString(metricsPort));
      // stopped instances drain for a second only (nothing balances over them but the tests)
      properties.put("flock.shutdown.grace-seconds", "1");
      PayaraInstance payara =
          PayaraInstance.builder(
                  name,
                  Path.of(System.getProperty("flock.payara.jar")),
                  payaraConfig,
                  Path.of(System.getProperty("flock." + tier + ".war")).toAbsolutePath(),
                  Ports.free())
              .jvmOptionsFile(payaraConfig.resolve("local").resolve(tier + ".jvm-options"))
              .jvmOptions(List.of("-Xmx" + heap))
              .systemProperties(properties)
              .logging(logging)
              .log(Path.of(System.getProperty("flock.logs", "target/payara-logs"), name + ".log"))
              .start();
      return new SiteInstance(payara, metricsPort);
    }

    void awaitReady(String path, int status) {
      payara.awaitReady(path, status, READY_TIMEOUT);
    }

    URI metrics() {
      return URI.create("http://127.0.0.1:" + metricsPort + "/metrics");
    }

    @Override
    public void close() {
      payara.close();
    }
  }
}
