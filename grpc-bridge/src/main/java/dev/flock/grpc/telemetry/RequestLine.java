package dev.flock.grpc.telemetry;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import java.util.Locale;
import java.util.logging.Logger;

/**
 * The one log line per request that both tiers write (logger {@code dev.flock.requests}): what was
 * asked, how it ended, how long it took, and the trace and span ids that find the same request in
 * the other tier's log and in the trace store, e.g. {@code page /index.xhtml 200 12.41 ms
 * trace_id=4bf9... span_id=00f0...}.
 */
public final class RequestLine {

  private static final Logger REQUEST_LOG = Logger.getLogger("dev.flock.requests");

  private RequestLine() {}

  /** Logs the line at INFO (formatted only when the logger would write it). */
  public static void log(String kind, String what, String outcome, long nanos, Span span) {
    REQUEST_LOG.info(() -> of(kind, what, outcome, nanos, span));
  }

  /** {@code kind} is {@code page} or {@code rpc}; {@code span} may be invalid (telemetry off). */
  public static String of(String kind, String what, String outcome, long nanos, Span span) {
    SpanContext context = span.getSpanContext();
    return String.format(
        Locale.ROOT,
        "%s %s %s %.2f ms trace_id=%s span_id=%s",
        kind,
        what,
        outcome,
        nanos / 1e6,
        context.isValid() ? context.getTraceId() : "-",
        context.isValid() ? context.getSpanId() : "-");
  }
}
