package dev.flock.grpc.server;

import dev.flock.grpc.DaemonThreads;
import dev.flock.grpc.auth.CallerToken;
import dev.flock.grpc.auth.ClientAddress;
import dev.flock.grpc.error.ErrorMappingInterceptor;
import dev.flock.grpc.shutdown.GracefulShutdown;
import dev.flock.grpc.telemetry.LiveFigures;
import dev.flock.grpc.telemetry.RpcTelemetry;
import dev.flock.grpc.tls.DeploymentTls;
import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;
import io.opentelemetry.api.OpenTelemetry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The application's gRPC server. It owns its event loops and its executors, so that nothing of it
 * outlives an undeploy (grpc's shared default loops would keep the dead class loader alive). Calls
 * of {@link CpuBound} methods run on an executor of their own.
 */
@ApplicationScoped
public class GrpcServer {

  private static final Logger LOG = Logger.getLogger(GrpcServer.class.getName());

  @Inject @Any Instance<BindableService> services;

  @Inject OpenTelemetry openTelemetry;

  @Inject LiveFigures liveFigures;

  @Inject DeploymentTls tls;

  /**
   * The address to listen on. Loopback by default: the backend serves only the web tier, and
   * nothing on the network may call it unless a deployment says so (e.g. 0.0.0.0 in a container).
   */
  @Inject
  @ConfigProperty(name = "flock.grpc.host", defaultValue = "127.0.0.1")
  String host;

  @Inject
  @ConfigProperty(name = "flock.grpc.port", defaultValue = "9090")
  int port;

  /**
   * The calls worked on at once, each on a virtual thread of its own; more are refused at once with
   * RESOURCE_EXHAUSTED ({@link CallAdmission}) rather than queued.
   */
  @Inject
  @ConfigProperty(name = "flock.grpc.max-calls", defaultValue = "256")
  int maxCalls;

  /** Threads for {@link CpuBound} calls; by default one per core. */
  @Inject
  @ConfigProperty(name = "flock.grpc.cpu-bound-threads")
  Optional<Integer> cpuBoundThreads;

  /**
   * The largest request taken; a larger one is refused with RESOURCE_EXHAUSTED before any service
   * sees it. Above the largest the web tier lets through: a form body of at most 64 KB, and no
   * field's UTF-8 is longer than its URL encoding. So a person's oversized input meets the web
   * tier's 413 or the backend's own rule (a post of 6,000 three-byte characters is 18 KB), never
   * this refusal meant for other clients.
   */
  static final int MAX_REQUEST_BYTES = 80 * 1024;

  private Server server;
  private EventLoopGroup boss;
  private EventLoopGroup workers;
  private ExecutorService executor;
  private ExecutorService cpuBoundExecutor;

  void start(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
    List<BindableService> bound = services.stream().toList();
    if (bound.isEmpty()) {
      return; // a client-only application (the web tier) serves nothing
    }
    boss = new NioEventLoopGroup(1, DaemonThreads.named("flock-grpc-boss"));
    workers = new NioEventLoopGroup(2, DaemonThreads.named("flock-grpc-io"));
    // virtual threads: a call waiting on storage holds no platform thread; the admission bound
    // limits how many there are
    executor =
        Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("flock-grpc-", 0).factory());
    cpuBoundExecutor =
        fixedPool(
            cpuBoundThreads.orElse(Runtime.getRuntime().availableProcessors()), "flock-grpc-cpu");
    CpuBoundCalls cpuBound = CpuBoundCalls.of(bound, cpuBoundExecutor);
    NettyServerBuilder builder =
        NettyServerBuilder.forAddress(new InetSocketAddress(host, port))
            .bossEventLoopGroup(boss)
            .workerEventLoopGroup(workers)
            .channelType(NioServerSocketChannel.class)
            .executor(executor)
            .callExecutor(cpuBound)
            .maxInboundMessageSize(MAX_REQUEST_BYTES)
            .permitKeepAliveTime(10, TimeUnit.SECONDS)
            .permitKeepAliveWithoutCalls(true);
    if (tls.enabled()) {
      builder.sslContext(tls.grpcServer()); // only clients with a certificate of the deployment
    }
    // Interceptors run last-added first: the call's span covers everything, also a refusal by the
    // admission bound, and the token is in the context before errors are mapped.
    ServerInterceptor telemetry =
        RpcTelemetry.server(openTelemetry, liveFigures.of(LiveFigures.RPCS));
    CallAdmission admission = new CallAdmission(maxCalls);
    bound.forEach(
        service ->
            builder.addService(
                ServerInterceptors.intercept(
                    service,
                    new ErrorMappingInterceptor(),
                    CallerToken.interceptor(),
                    ClientAddress.interceptor(),
                    admission,
                    telemetry)));
    try {
      server = builder.build().start();
    } catch (IOException e) {
      stop();
      throw new UncheckedIOException("Cannot start the gRPC server on " + host + ":" + port, e);
    }
    LOG.info(
        () ->
            "gRPC server listening on "
                + host
                + ":"
                + server.getPort()
                + " with "
                + bound.size()
                + " services, at most "
                + maxCalls
                + " calls at once"
                + (tls.enabled() ? " over mutual TLS" : "")
                + "; CPU-bound calls on their own threads: "
                + cpuBound.methods());
  }

  /**
   * The instance is going away: GOAWAY to every client, so that new calls go to the other backends
   * while the calls in flight finish here ({@link #stop} waits for them).
   */
  void drain(@Observes GracefulShutdown.Draining draining) {
    if (server != null) {
      server.shutdown();
    }
  }

  /** The port actually bound (useful when configured as 0). */
  public int port() {
    return server == null ? -1 : server.getPort();
  }

  private static ExecutorService fixedPool(int threads, String name) {
    return new ThreadPoolExecutor(
        threads,
        threads,
        60,
        TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(),
        DaemonThreads.named(name));
  }

  @PreDestroy
  void stop() {
    if (server != null) {
      server.shutdown();
      try {
        if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
          server.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        server.shutdownNow();
      }
    }
    if (executor != null) {
      executor.shutdownNow();
    }
    if (cpuBoundExecutor != null) {
      cpuBoundExecutor.shutdownNow();
    }
    if (workers != null) {
      workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
    if (boss != null) {
      boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }
}
