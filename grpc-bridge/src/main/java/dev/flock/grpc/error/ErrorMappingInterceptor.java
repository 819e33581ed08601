package dev.flock.grpc.error;

import dev.flock.core.FlockException;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Lets service methods simply throw: a {@link FlockException} (or a Bean Validation failure)
 * becomes its status code, anything else becomes INTERNAL with its stack trace logged here and
 * never sent to the client.
 */
public final class ErrorMappingInterceptor implements ServerInterceptor {

  private static final Logger LOG = Logger.getLogger(ErrorMappingInterceptor.class.getName());

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    ServerCall.Listener<Q> listener = next.startCall(call, headers);
    return new SimpleForwardingServerCallListener<>(listener) {
      @Override
      public void onMessage(Q message) {
        try {
          super.onMessage(message);
        } catch (RuntimeException failure) {
          close(call, failure);
        }
      }

      @Override
      public void onHalfClose() {
        try {
          super.onHalfClose();
        } catch (RuntimeException failure) {
          close(call, failure);
        }
      }
    };
  }

  private static void close(ServerCall<?, ?> call, RuntimeException failure) {
    Status status = StatusMapping.toStatus(failure);
    if (status.getCode() == Status.Code.INTERNAL) {
      LOG.log(
          Level.SEVERE,
          "gRPC call " + call.getMethodDescriptor().getFullMethodName() + " failed",
          failure);
    }
    call.close(status, StatusMapping.toTrailers(failure));
  }
}
