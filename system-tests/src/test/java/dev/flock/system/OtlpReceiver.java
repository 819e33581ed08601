package dev.flock.system;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real OTLP/HTTP trace receiver ({@code POST /v1/traces}, protobuf), as a collector would be: the
 * site's Payara processes export their spans to it through OpenTelemetry's own exporter. The
 * requests are decoded by field number (the OTLP {@code trace.proto}), which is all a test needs.
 */
final class OtlpReceiver implements ExtensionContext.Store.CloseableResource {

  /** One received span; ids in lowercase hex, the parent empty for a root span. */
  record ReceivedSpan(
      String service,
      String traceId,
      String spanId,
      String parentSpanId,
      String name,
      Kind kind,
      Map<String, String> attributes) {}

  /** OTLP's {@code Span.SpanKind}, by number. */
  enum Kind {
    UNSPECIFIED,
    INTERNAL,
    SERVER,
    CLIENT,
    PRODUCER,
    CONSUMER
  }

  private final HttpServer server;
  private final ConcurrentLinkedQueue<ReceivedSpan> spans = new ConcurrentLinkedQueue<>();

  private OtlpReceiver(HttpServer server) {
    this.server = server;
  }

  static OtlpReceiver start() {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      OtlpReceiver receiver = new OtlpReceiver(server);
      server.createContext("/v1/traces", receiver::receive);
      server.start();
      return receiver;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Where to send traces: the value of {@code otel.exporter.otlp.traces.endpoint}. */
  URI tracesEndpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/traces");
  }

  /** Waits until the spans of {@code traceId} include one for which {@code complete} holds. */
  List<ReceivedSpan> awaitTrace(
      String traceId, Predicate<List<ReceivedSpan>> complete, Duration within) {
    Instant deadline = Instant.now().plus(within);
    while (true) {
      List<ReceivedSpan> trace =
          spans.stream().filter(span -> span.traceId().equals(traceId)).toList();
      if (complete.test(trace) || Instant.now().isAfter(deadline)) {
        return trace;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return trace;
      }
    }
  }

  private void receive(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!exchange.getRequestMethod().equals("POST")) {
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      InputStream body = exchange.getRequestBody();
      if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
        body = new GZIPInputStream(body);
      }
      decode(body.readAllBytes());
      exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
      exchange.sendResponseHeaders(200, -1);
    } catch (InvalidProtocolBufferException e) {
      exchange.sendResponseHeaders(400, -1);
    }
  }

  // ExportTraceServiceRequest: 1 resource_spans. ResourceSpans: 1 resource, 2 scope_spans.
  // Resource: 1 attributes. ScopeSpans: 2 spans. Span: 1 trace_id, 2 span_id, 4 parent_span_id,
  // 5 name, 6 kind, 9 attributes. KeyValue: 1 key, 2 value. AnyValue: 1 string, 2 bool, 3 int.
  private void decode(byte[] request) throws InvalidProtocolBufferException {
    for (ByteString resourceSpans : fields(UnknownFieldSet.parseFrom(request), 1)) {
      UnknownFieldSet resourceAndScopes = UnknownFieldSet.parseFrom(resourceSpans);
      Map<String, String> resource = new HashMap<>();
      for (ByteString resourceBytes : fields(resourceAndScopes, 1)) {
        resource.putAll(attributes(UnknownFieldSet.parseFrom(resourceBytes), 1));
      }
      for (ByteString scopeSpans : fields(resourceAndScopes, 2)) {
        for (ByteString spanBytes : fields(UnknownFieldSet.parseFrom(scopeSpans), 2)) {
          UnknownFieldSet span = UnknownFieldSet.parseFrom(spanBytes);
          spans.add(
              new ReceivedSpan(
                  resource.getOrDefault("service.name", ""),
                  hex(span, 1),
                  hex(span, 2),
                  hex(span, 4),
                  string(span, 5),
                  Kind.values()[(int) varint(span, 6)],
                  attributes(span, 9)));
        }
      }
    }
  }

  private static Map<String, String> attributes(UnknownFieldSet message, int field)
      throws InvalidProtocolBufferException {
    Map<String, String> attributes = new HashMap<>();
    for (ByteString keyValueBytes : fields(message, field)) {
      UnknownFieldSet keyValue = UnknownFieldSet.parseFrom(keyValueBytes);
      List<ByteString> value = fields(keyValue, 2);
      if (value.isEmpty()) {
        continue;
      }
      UnknownFieldSet anyValue = UnknownFieldSet.parseFrom(value.getFirst());
      String text =
          anyValue.hasField(1)
              ? string(anyValue, 1)
              : anyValue.hasField(3)
                  ? Long.toString(varint(anyValue, 3))
                  : anyValue.hasField(2) ? Boolean.toString(varint(anyValue, 2) != 0) : "";
      attributes.put(string(keyValue, 1), text);
    }
    return attributes;
  }

  private static List<ByteString> fields(UnknownFieldSet message, int number) {
    return message.hasField(number) ? message.getField(number).getLengthDelimitedList() : List.of();
  }

  private static String string(UnknownFieldSet message, int number) {
    List<ByteString> values = fields(message, number);
    return values.isEmpty() ? "" : values.getFirst().toStringUtf8();
  }

  private static String hex(UnknownFieldSet message, int number) {
    List<ByteString> values = fields(message, number);
    return values.isEmpty() ? "" : HexFormat.of().formatHex(values.getFirst().toByteArray());
  }

  private static long varint(UnknownFieldSet message, int number) {
    return message.hasField(number) && !message.getField(number).getVarintList().isEmpty()
        ? message.getField(number).getVarintList().getFirst()
        : 0;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
