package dev.flock.grpc.auth;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import java.util.Optional;

/**
 * The network address of the person behind a call, as the web tier saw it: the backend's rate
 * limits per address count it. Only the web tier reaches the backend's gRPC port (mutual TLS where
 * the network is shared), so the backend takes it as given.
 */
public final class ClientAddress {

  static final Metadata.Key<String> CLIENT_ADDRESS =
      Metadata.Key.of("flock-client-address", Metadata.ASCII_STRING_MARSHALLER);

  /** Longer than any IPv6 text form: anything longer is ignored rather than counted. */
  private static final int MAX_LENGTH = 64;

  private static final Context.Key<String> ADDRESS = Context.key("flock-client-address");

  private ClientAddress() {}

  /** Client side: {@code stub} with {@code address} attached to its calls. */
  public static <S extends AbstractStub<S>> S attach(S stub, String address) {
    Metadata headers = new Metadata();
    headers.put(CLIENT_ADDRESS, address);
    return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
  }

  /**
   * Server side: the client address of the call being handled; empty when the caller sent none (a
   * tool of our own, such as the bench's loader, calling the backend directly).
   */
  public static Optional<String> current() {
    return Optional.ofNullable(ADDRESS.get());
  }

  /** Server side: moves the address from the call's metadata into its {@link Context}. */
  public static ServerInterceptor interceptor() {
    return new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(
          ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        String value = headers.get(CLIENT_ADDRESS);
        if (value == null || value.isBlank() || value.length() > MAX_LENGTH) {
          return next.startCall(call, headers);
        }
        Context context = Context.current().withValue(ADDRESS, value.strip());
        return Contexts.interceptCall(context, call, headers, next);
      }
    };
  }
}
