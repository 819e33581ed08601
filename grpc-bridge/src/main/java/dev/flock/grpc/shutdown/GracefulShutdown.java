package dev.flock.grpc.shutdown;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Takes over SIGTERM (what a container runtime, Kubernetes and {@code ./flock run} send to stop an
 * instance). On the first one the instance turns not-ready, fires {@link Draining} (the gRPC server
 * then tells its clients to go elsewhere), keeps serving what still arrives for {@code
 * flock.shutdown.grace-seconds} while load balancers notice, and then stops the JVM as SIGTERM
 * would have. A second SIGTERM stops it at once.
 */
@Readiness
@ApplicationScoped
public class GracefulShutdown implements HealthCheck {

  private static final Logger LOG = Logger.getLogger(GracefulShutdown.class.getName());
  private static final Signal TERM = new Signal("TERM");

  /** Fired once, when the instance starts to drain. */
  public record Draining(int graceSeconds) {}

  @Inject
  @ConfigProperty(name = "flock.shutdown.grace-seconds", defaultValue = "5")
  int graceSeconds;

  @Inject Event<Draining> draining;

  private volatile boolean stopping;
  private SignalHandler jvmHandler;

  void install(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
    jvmHandler = Signal.handle(TERM, this::terminate);
  }

  void uninstall(@Observes @BeforeDestroyed(ApplicationScoped.class) Object applicationStopping) {
    if (jvmHandler != null) {
      Signal.handle(TERM, jvmHandler); // an undeployed application must not keep the handler
    }
  }

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("accepting-requests").status(!stopping).build();
  }

  private void terminate(Signal signal) {
    if (stopping) {
      stopNow(signal);
      return;
    }
    stopping = true;
    LOG.info(() -> "SIGTERM: not ready; draining for " + graceSeconds + " s, then stopping");
    Thread.ofPlatform()
        .name("flock-drain")
        .start(
            () -> {
              try {
                draining.fire(new Draining(graceSeconds));
                Thread.sleep(graceSeconds * 1000L);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } catch (RuntimeException e) {
                LOG.warning(() -> "Draining failed, stopping now: " + e);
              }
              stopNow(signal);
            });
  }

  /** What SIGTERM does without us: the JVM's shutdown hooks (Payara stops), exit status 143. */
  private void stopNow(Signal signal) {
    try {
      jvmHandler.handle(signal);
    } catch (UnsupportedOperationException e) { // the JVM had no handler of its own (-Xrs)
      System.exit(128 + signal.getNumber());
    }
  }
}
