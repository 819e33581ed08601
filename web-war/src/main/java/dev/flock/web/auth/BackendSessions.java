package dev.flock.web.auth;

import dev.flock.grpc.client.HostAddresses;
import dev.flock.grpc.tls.DeploymentTls;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.RestClientBuilder;

/**
 * The session check spread over every backend. {@code flock.backend.session.url} lists the
 * backends' base URLs (comma-separated); a host name stands for every address it resolves to, as
 * for the gRPC channel. Checks go round robin over those addresses, and a check that one backend
 * cannot answer (unreachable, or an answer that is not the session endpoint's: a backend still
 * starting answers 404, one stopping 503) is asked of the next; it only reads, so asking twice is
 * harmless. The endpoint's own 503 (no storage, after its deadline; it says when to retry) is an
 * answer: asking another backend would only double the wait. Over TLS each client presents this
 * instance's certificate and accepts only the deployment's backends.
 */
@ApplicationScoped
public class BackendSessions {

  private static final Logger LOG = Logger.getLogger(BackendSessions.class.getName());

  /** How long resolved addresses are used before the names are looked up again. */
  private static final Duration RESOLVED_FOR = Duration.ofSeconds(5);

  /** A check tries at most this many backends, so a page never waits on every one of them. */
  private static final int ATTEMPTS = 2;

  @Inject
  @ConfigProperty(name = "flock.backend.session.url")
  String urls;

  @Inject
  @ConfigProperty(name = "flock.backend.session.connect-timeout-ms")
  long connectTimeoutMs;

  @Inject
  @ConfigProperty(name = "flock.backend.session.read-timeout-ms")
  long readTimeoutMs;

  @Inject DeploymentTls tls;

  private final HostAddresses hosts = new HostAddresses();
  private final AtomicInteger next = new AtomicInteger();
  private final AtomicBoolean resolving = new AtomicBoolean();
  private final Map<URI, SessionApi> clients = new ConcurrentHashMap<>();
  private volatile Resolved resolved = new Resolved(List.of(), Instant.MIN);

  private record Resolved(List<URI> backends, Instant at) {}

  /**
   * A backend's answer for this token (200, 401, or 503 without storage), or a 503 when the
   * backends reached could not answer; ProcessingException when none could be reached.
   */
  public Response whoIs(String bearerToken) {
    List<URI> backends = backends();
    if (backends.isEmpty()) {
      throw new ProcessingException("No address for the backends' session check: " + urls);
    }
    int first = Math.floorMod(next.getAndIncrement(), backends.size());
    int attempts = Math.min(ATTEMPTS, backends.size());
    ProcessingException failure = null;
    boolean reachedButUnanswered = false;
    for (int attempt = 0; attempt < attempts; attempt++) {
      URI backend = backends.get((first + attempt) % backends.size());
      try {
        Response response = client(backend).whoIs(bearerToken);
        if (answered(response) || attempt == attempts - 1) {
          return response;
        }
        LOG.fine(() -> "Session check: " + backend + " answered " + response.getStatus());
        response.close();
        reachedButUnanswered = true;
      } catch (ProcessingException e) {
        failure = e;
        resolved = new Resolved(backends, Instant.MIN); // look the names up again next time
        LOG.fine(() -> "Session check failed on " + backend + ": " + e);
      }
    }
    if (reachedButUnanswered) {
      return Response.status(Response.Status.SERVICE_UNAVAILABLE).build();
    }
    throw failure;
  }

  private static boolean answered(Response response) {
    int status = response.getStatus();
    return status == Response.Status.OK.getStatusCode()
        || status == Response.Status.UNAUTHORIZED.getStatusCode()
        || status == Response.Status.SERVICE_UNAVAILABLE.getStatusCode()
            && response.getHeaderString(HttpHeaders.RETRY_AFTER) != null;
  }

  /**
   * The backends' addresses as last resolved. Once they are older than {@link #RESOLVED_FOR}, they
   * are looked up again on a thread of its own while requests go on using them: a name lookup can
   * hang for the resolver's whole timeout (10 s, seen while a neighbour container restarted), and
   * no page should wait for it. Only the first lookup, with nothing to use yet, is waited for.
   */
  private List<URI> backends() {
    Resolved current = resolved;
    if (current.backends().isEmpty()) {
      return resolve();
    }
    if (current.at().plus(RESOLVED_FOR).isBefore(Instant.now())
        && resolving.compareAndSet(false, true)) {
      Thread.ofVirtual()
          .name("flock-session-backends")
          .start(
              () -> {
                try {
                  resolve();
                } finally {
                  resolving.set(false);
                }
              });
    }
    return current.backends();
  }

  private List<URI> resolve() {
    List<URI> backends =
        Arrays.stream(urls.split(","))
            .map(String::strip)
            .filter(url -> !url.isEmpty())
            .map(URI::create)
            .flatMap(url -> addressesOf(url).stream())
            .toList();
    clients.keySet().retainAll(backends); // a backend that went away is forgotten
    resolved = new Resolved(backends, Instant.now());
    return backends;
  }

  private List<URI> addressesOf(URI url) {
    return hosts.of(url.getHost()).stream()
        .map(address -> withHost(url, address.getHostAddress()))
        .toList();
  }

  private static URI withHost(URI url, String address) {
    try {
      return new URI(url.getScheme(), null, address, url.getPort(), url.getPath(), null, null);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("Not a URL for the session check: " + url, e);
    }
  }

  private SessionApi client(URI backend) {
    return clients.computeIfAbsent(backend, this::newClient);
  }

  private SessionApi newClient(URI backend) {
    RestClientBuilder builder =
        RestClientBuilder.newBuilder()
            .baseUri(backend)
            .connectTimeout(connectTimeoutMs, TimeUnit.MILLISECONDS)
            .readTimeout(readTimeoutMs, TimeUnit.MILLISECONDS)
            // a 401 is an answer ("not signed in"), not an error: the caller reads the status
            .property("microprofile.rest.client.disable.default.mapper", true);
    if ("https".equals(backend.getScheme())) {
      if (!tls.enabled()) {
        throw new IllegalStateException("An https session URL needs flock.tls.dir: " + backend);
      }
      builder.sslContext(tls.sslContext()).hostnameVerifier(DeploymentTls.backendNameVerifier());
    }
    return builder.build(SessionApi.class);
  }

  @PreDestroy
  void close() {
    clients.values().forEach(BackendSessions::closeQuietly);
  }

  private static void closeQuietly(SessionApi client) {
    if (client instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        LOG.fine(() -> "Closing a session client: " + e);
      }
    }
  }
}
