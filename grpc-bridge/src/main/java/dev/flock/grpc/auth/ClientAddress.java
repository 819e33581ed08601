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
 * Where the person behind a call is, as the web tier saw it: their network address, which the
 * backend's rate limits per address count, and their browser's device token (the random value of a
 * long-lived cookie), by which an account's owner still signs in while strangers guessing its
 * password are throttled. Only the web tier reaches the backend's gRPC port (mutual TLS where the
 * network is shared), so the backend takes both as given.
 */
public final class ClientAddress {

  static final Metadata.Key<String> CLIENT_ADDRESS =
      Metadata.Key.of("flock-client-address", Metadata.ASCII_STRING_MARSHALLER);
  static final Metadata.Key<String> CLIENT_DEVICE =
      Metadata.Key.of("flock-client-device", Metadata.ASCII_STRING_MARSHALLER);

  /** Longer than any IPv6 text form or device token: anything longer is ignored. */
  private static final int MAX_LENGTH = 64;

  private static final Context.Key<String> ADDRESS = Context.key("flock-client-address");
  private static final Context.Key<String> DEVICE = Context.key("flock-client-device");

  private ClientAddress() {}

  /** Client side: {@code stub} with {@code address} attached to its calls. */
  public static <S extends AbstractStub<S>> S attach(S stub, String address) {
    return attach(stub, address, Optional.empty());
  }

  /** Client side: {@code stub} with {@code address} and the browser's device token, if any. */
  public static <S extends AbstractStub<S>> S attach(
      S stub, String address, Optional<String> device) {
    Metadata headers = new Metadata();
    headers.put(CLIENT_ADDRESS, address);
    device.ifPresent(token -> headers.put(CLIENT_DEVICE, token));
    return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
  }

  /**
   * Server side: the client address of the call being handled; empty when the caller sent none (a
   * tool of our own, such as the bench's loader, calling the backend directly).
   */
  public static Optional<String> current() {
    return Optional.ofNullable(ADDRESS.get());
  }

  /** Server side: the device token of the browser behind the call, if it sent one. */
  public static Optional<String> device() {
    return Optional.ofNullable(DEVICE.get());
  }

  /** Server side: moves the address and device from the call's metadata into its context. */
  public static ServerInterceptor interceptor() {
    return new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(
          ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        Context context = Context.current();
        String address = headers.get(CLIENT_ADDRESS);
        if (plausible(address)) {
          context = context.withValue(ADDRESS, address.strip());
        }
        String device = headers.get(CLIENT_DEVICE);
        if (plausible(device)) {
          context = context.withValue(DEVICE, device.strip());
        }
        return Contexts.interceptCall(context, call, headers, next);
      }
    };
  }

  private static boolean plausible(String value) {
    return value != null && !value.isBlank() && value.length() <= MAX_LENGTH;
  }
}
