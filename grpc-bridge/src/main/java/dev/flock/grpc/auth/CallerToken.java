package dev.flock.grpc.auth;

import io.grpc.CallCredentials;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.util.Optional;
import java.util.concurrent.Executor;

/** The session token of the user on whose behalf a call is made. */
public final class CallerToken {

  static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  private static final String BEARER = "Bearer ";
  private static final Context.Key<String> TOKEN = Context.key("flock-caller-token");

  private CallerToken() {}

  /** Client side: credentials that attach {@code token} to a call. */
  public static CallCredentials of(String token) {
    return new CallCredentials() {
      @Override
      public void applyRequestMetadata(
          RequestInfo info, Executor executor, MetadataApplier applier) {
        Metadata headers = new Metadata();
        headers.put(AUTHORIZATION, BEARER + token);
        applier.apply(headers);
      }
    };
  }

  /** Server side: the token of the call being handled, if the caller sent one. */
  public static Optional<String> current() {
    return Optional.ofNullable(TOKEN.get());
  }

  /** Server side: moves the token from the call's metadata into its {@link Context}. */
  public static ServerInterceptor interceptor() {
    return new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(
          ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        String value = headers.get(AUTHORIZATION);
        if (value == null || !value.startsWith(BEARER)) {
          return next.startCall(call, headers);
        }
        Context context = Context.current().withValue(TOKEN, value.substring(BEARER.length()));
        return Contexts.interceptCall(context, call, headers, next);
      }
    };
  }
}
