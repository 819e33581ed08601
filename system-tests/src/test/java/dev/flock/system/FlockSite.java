package dev.flock.system;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The whole site, booted once per test run: a backend and two web instances, each its own
 * Payara Micro JVM, started in parallel. Inject it as a test method or constructor parameter.
 */
public final class FlockSite implements BeforeAllCallback, ParameterResolver {

  private static final Namespace NAMESPACE = Namespace.create(FlockSite.class);

  /** A running site; closed by JUnit when the whole run ends. */
  public static final class Running implements ExtensionContext.Store.CloseableResource {
    private final PayaraMicroProcess backend;
    private final List<PayaraMicroProcess> webs;
    private final int grpcPort;

    private Running(PayaraMicroProcess backend, List<PayaraMicroProcess> webs, int grpcPort) {
      this.backend = backend;
      this.webs = webs;
      this.grpcPort = grpcPort;
    }

    /** The base URL of web instance {@code index} (0 or 1). */
    public URI web(int index) {
      return webs.get(index).url("/");
    }

    public URI backendHttp() {
      return backend.url("/");
    }

    public int grpcPort() {
      return grpcPort;
    }

    @Override
    public void close() {
      webs.forEach(PayaraMicroProcess::close);
      backend.close();
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

  private static Running running(ExtensionContext context) {
    return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Running.class, key -> boot(), Running.class);
  }

  private static Running boot() {
    int grpcPort = PayaraMicroProcess.freePort();
    PayaraMicroProcess backend =
        PayaraMicroProcess.launch(
            "backend", war("flock.backend.war"), "384m", Map.of("flock.grpc.port", Integer.toString(grpcPort)));
    String backendUrl = "http://localhost:" + backend.httpPort();
    Map<String, String> webConfig =
        Map.of(
            "flock.backend.grpc.target", "localhost:" + grpcPort,
            "flock-session/mp-rest/url", backendUrl);
    List<PayaraMicroProcess> webs =
        List.of(
            PayaraMicroProcess.launch("web-1", war("flock.web.war"), "256m", webConfig),
            PayaraMicroProcess.launch("web-2", war("flock.web.war"), "256m", webConfig));
    Running running = new Running(backend, webs, grpcPort);
    try {
      CompletableFuture.allOf(
              CompletableFuture.runAsync(() -> backend.awaitReady("/api/v1/session", 401)),
              CompletableFuture.runAsync(() -> webs.get(0).awaitReady("/login", 200)),
              CompletableFuture.runAsync(() -> webs.get(1).awaitReady("/login", 200)))
          .join();
    } catch (RuntimeException e) {
      running.close();
      throw e;
    }
    return running;
  }

  private static Path war(String property) {
    return Path.of(System.getProperty(property)).toAbsolutePath();
  }
}
