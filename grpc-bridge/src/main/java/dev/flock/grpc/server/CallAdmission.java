package dev.flock.grpc.server;

import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds the calls a backend works on at once. A call over the bound is answered at once with
 * {@code RESOURCE_EXHAUSTED} ("busy, try again") instead of waiting in a queue that grows without
 * end: under overload the callers learn it within milliseconds, and the calls admitted keep their
 * latency. One instance serves every service of a server, so the bound is the server's. A server
 * stream (a live feed) is not counted: it lasts minutes while it waits, holds no thread, and its
 * service bounds how many are open.
 */
public final class CallAdmission implements ServerInterceptor {

  private final int maxCalls;
  private final AtomicInteger inFlight = new AtomicInteger();

  public CallAdmission(int maxCalls) {
    if (maxCalls < 1) {
      throw new IllegalArgumentException("the bound must be at least 1, not " + maxCalls);
    }
    this.maxCalls = maxCalls;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    if (!call.getMethodDescriptor().getType().serverSendsOneMessage()) {
      return next.startCall(call, headers);
    }
    if (inFlight.incrementAndGet() > maxCalls) {
      inFlight.decrementAndGet();
      call.close(
          Status.RESOURCE_EXHAUSTED.withDescription(
              "The service is busy right now. Please try again in a moment."),
          new Metadata());
      return new ServerCall.Listener<>() {};
    }
    ServerCall.Listener<Q> listener;
    try {
      listener = next.startCall(call, headers);
    } catch (RuntimeException e) {
      inFlight.decrementAndGet();
      throw e;
    }
    // exactly one of onComplete and onCancel ends every started call
    return new SimpleForwardingServerCallListener<>(listener) {
      @Override
      public void onComplete() {
        inFlight.decrementAndGet();
        super.onComplete();
      }

      @Override
      public void onCancel() {
        inFlight.decrementAndGet();
        super.onCancel();
      }
    };
  }

  /** The calls admitted and not yet ended. */
  public int inFlight() {
    return inFlight.get();
  }
}
