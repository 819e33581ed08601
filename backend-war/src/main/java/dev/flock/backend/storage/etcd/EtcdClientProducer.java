package dev.flock.backend.storage.etcd;

import dev.flock.grpc.telemetry.LiveFigures;
import dev.flock.grpc.telemetry.RpcTelemetry;
import io.etcd.jetcd.Client;
import io.grpc.ClientInterceptor;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.context.Context;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The one jetcd {@link Client} of the application, for {@code flock.storage=etcd}: built from
 * {@code flock.etcd.endpoints} (comma-separated) on first use, closed when the application stops;
 * and the {@link EtcdCalls} of the adapters, with {@code flock.etcd.timeout-ms}, the deadline of
 * every storage call. Every etcd request is traced and measured. In memory mode nothing here is
 * built.
 */
@ApplicationScoped
public class EtcdClientProducer {

  private static final Logger LOG = Logger.getLogger(EtcdClientProducer.class.getName());

  @Inject
  @ConfigProperty(name = "flock.etcd.endpoints")
  String endpointsCsv;

  @Inject
  @ConfigProperty(name = "flock.etcd.timeout-ms")
  long timeoutMillis;

  @Inject OpenTelemetry openTelemetry;

  @Inject LiveFigures liveFigures;

  @Produces
  EtcdEndpoints endpoints() {
    return EtcdEndpoints.parse(endpointsCsv);
  }

  @Produces
  @ApplicationScoped
  Client client(EtcdEndpoints endpoints) {
    Client client =
        connect(
            endpoints,
            Duration.ofMillis(timeoutMillis),
            RpcTelemetry.client(openTelemetry, liveFigures.of(LiveFigures.ETCD)));
    LOG.info(
        () -> "etcd client for " + endpoints.urls() + ", deadline " + timeoutMillis + " ms a call");
    return client;
  }

  void close(@Disposes Client client) {
    client.close();
  }

  @Produces
  EtcdCalls calls() {
    return new EtcdCalls(Duration.ofMillis(timeoutMillis));
  }

  /**
   * A client of the members at {@code endpoints} (all of them, so any one may fail). Connecting is
   * lazy: a cluster that is down now makes calls fail, not this method. Every request to etcd
   * passes {@code telemetry} (its span and metrics).
   */
  public static Client connect(
      EtcdEndpoints endpoints, Duration timeout, ClientInterceptor telemetry) {
    return Client.builder()
        .endpoints(endpoints.urls().stream().map(URI::create).toList())
        .loadBalancerPolicy("round_robin")
        .connectTimeout(timeout)
        .keepaliveTime(Duration.ofSeconds(10))
        .keepaliveTimeout(Duration.ofSeconds(3))
        .keepaliveWithoutCalls(true)
        // Fail fast when no member is connected, and leave every retry to EtcdCalls: one retry
        // loop, within one deadline, for reads and writes alike.
        .waitForReady(false)
        .retryMaxAttempts(0)
        .retryMaxDuration(timeout)
        .interceptor(telemetry, new RequireLeader())
        // jetcd starts each request on this executor's threads: they carry the caller's trace
        // context, so every etcd request is a child of the storage call that made it. Virtual
        // threads: a burst of requests costs no platform threads.
        .executorService(
            Context.taskWrapping(
                Executors.newThreadPerTaskExecutor(
                    Thread.ofVirtual().name("flock-etcd-client-", 0).factory())))
        .build();
  }
}
