package dev.flock.web.telemetry;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Counts the session checks the web tier asks the backend for ({@code flock.session.checks}), by
 * outcome: {@code signed_in}, {@code signed_out} (no such token, or expired) or {@code
 * unavailable}. Their latency is the client span and {@code http.client.request.duration} of the
 * REST call.
 */
@ApplicationScoped
public class SessionChecks {

  /** How a session check ended. */
  public enum Outcome {
    SIGNED_IN,
    SIGNED_OUT,
    UNAVAILABLE
  }

  private static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("flock.outcome");

  @Inject OpenTelemetry openTelemetry;

  private LongCounter checks;

  @PostConstruct
  void init() {
    checks =
        openTelemetry
            .getMeter("dev.flock.web")
            .counterBuilder("flock.session.checks")
            .setUnit("{check}")
            .setDescription("Session checks asked of the backend, by outcome")
            .build();
  }

  public void count(Outcome outcome) {
    checks.add(1, Attributes.of(OUTCOME, outcome.name().toLowerCase(java.util.Locale.ROOT)));
  }
}
