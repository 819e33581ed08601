package dev.flock.web.telemetry;

import dev.flock.grpc.telemetry.Durations;
import dev.flock.grpc.telemetry.LastMinute;
import dev.flock.grpc.telemetry.LiveFigures;
import dev.flock.grpc.telemetry.RequestLine;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Every request for a page as a server span named by the page it showed ({@code GET /index.xhtml},
 * the trace continued from a {@code traceparent} header), measured once it is answered in the
 * histogram {@code flock.page.duration} by page, method and status (rate, errors and latency in
 * one) and in the last minute for {@code /status}, and logged in one line (logger {@code
 * dev.flock.requests}) with its trace and span ids. An error is a 5xx answer. Static files are not
 * pages: neither traced, counted nor logged. A request that never reached a view (refused by a
 * filter, or no such page) is {@code unknown}.
 *
 * <p>Payara makes a span of its own around the Faces servlet, named by the servlet mapping ({@code
 * GET /*.xhtml}) after the page has run; it becomes a child of this one because it is hidden the
 * incoming trace headers.
 */
public class PageTelemetry extends HttpFilter {

  private static final AttributeKey<String> PAGE = AttributeKey.stringKey("flock.page");
  private static final AttributeKey<String> ROUTE = AttributeKey.stringKey("http.route");
  private static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
  private static final AttributeKey<Long> STATUS =
      AttributeKey.longKey("http.response.status_code");

  private static final TextMapGetter<HttpServletRequest> HEADERS =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(HttpServletRequest request) {
          return Collections.list(request.getHeaderNames());
        }

        @Override
        public String get(HttpServletRequest request, String name) {
          return request == null ? null : request.getHeader(name);
        }
      };

  @Inject OpenTelemetry openTelemetry;

  @Inject LiveFigures liveFigures;

  private Tracer tracer;
  private TextMapPropagator propagator;
  private DoubleHistogram duration;
  private LastMinute lastMinute;
  private Set<String> traceHeaders;

  @Override
  public void init() {
    tracer = openTelemetry.getTracer("dev.flock.web");
    propagator = openTelemetry.getPropagators().getTextMapPropagator();
    traceHeaders =
        propagator.fields().stream()
            .map(name -> name.toLowerCase(Locale.ROOT))
            .collect(Collectors.toUnmodifiableSet());
    duration =
        Durations.histogram(
            openTelemetry.getMeter("dev.flock.web"),
            "flock.page.duration",
            "Duration of page requests, by page, method and status");
    lastMinute = liveFigures.of(LiveFigures.PAGES);
  }

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (isStatic(request)) {
      chain.doFilter(request, response);
      return;
    }
    long start = System.nanoTime();
    String method = methodOf(request);
    Span span =
        tracer
            .spanBuilder(method)
            .setSpanKind(SpanKind.SERVER)
            .setParent(propagator.extract(Context.current(), request, HEADERS))
            .setAttribute(METHOD, method)
            .startSpan();
    boolean threw = true;
    try (Scope ignored = span.makeCurrent()) {
      chain.doFilter(
          carriesTraceHeaders(request) ? new WithoutTraceHeaders(request, traceHeaders) : request,
          response);
      threw = false;
    } finally {
      long nanos = System.nanoTime() - start;
      int status = threw ? 500 : response.getStatus();
      String page =
          request.getAttribute(PageNaming.PAGE) instanceof String named
              ? named
              : PageNaming.UNKNOWN;
      span.updateName(method + " " + page);
      span.setAttribute(ROUTE, page);
      span.setAttribute(STATUS, (long) status);
      if (status >= 500) {
        span.setStatus(StatusCode.ERROR);
      }
      span.end();
      duration.record(
          nanos / 1e9, Attributes.of(PAGE, page, METHOD, method, STATUS, (long) status));
      lastMinute.record(nanos, status >= 500);
      RequestLine.log("page", method + " " + page, Integer.toString(status), nanos, span);
    }
  }

  private boolean carriesTraceHeaders(HttpServletRequest request) {
    for (String name : traceHeaders) {
      if (request.getHeader(name) != null) {
        return true;
      }
    }
    return false;
  }

  private static boolean isStatic(HttpServletRequest request) {
    String uri = request.getRequestURI();
    return uri.startsWith(request.getContextPath() + "/resources/")
        || uri.contains("/jakarta.faces.resource/");
  }

  /**
   * GET, HEAD or POST; anything else (refused with 405) as {@code _OTHER}, as the conventions say.
   */
  private static String methodOf(HttpServletRequest request) {
    return switch (request.getMethod()) {
      case "GET", "HEAD", "POST" -> request.getMethod();
      default -> "_OTHER";
    };
  }

  /** The request without the trace context headers: this filter's span has taken them. */
  private static final class WithoutTraceHeaders extends HttpServletRequestWrapper {
    private final Set<String> hidden;

    WithoutTraceHeaders(HttpServletRequest request, Set<String> hidden) {
      super(request);
      this.hidden = hidden;
    }

    @Override
    public String getHeader(String name) {
      return hidden.contains(name.toLowerCase(Locale.ROOT)) ? null : super.getHeader(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
      return hidden.contains(name.toLowerCase(Locale.ROOT))
          ? Collections.emptyEnumeration()
          : super.getHeaders(name);
    }

    @Override
    public Enumeration<String> getHeaderNames() {
      return Collections.enumeration(
          Collections.list(super.getHeaderNames()).stream()
              .filter(name -> !hidden.contains(name.toLowerCase(Locale.ROOT)))
              .toList());
    }
  }
}
