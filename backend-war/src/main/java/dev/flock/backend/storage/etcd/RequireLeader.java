package dev.flock.backend.storage.etcd;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import java.util.Set;

/**
 * Adds etcd's {@code hasleader} header to data requests (KV, Lease), so a member without a leader
 * fails them at once instead of holding them for its ~7 s request timeout. Status requests go
 * without it: a member cut off from its peers still says who and where it is.
 */
final class RequireLeader implements ClientInterceptor {

  private static final Metadata.Key<String> HAS_LEADER =
      Metadata.Key.of("hasleader", Metadata.ASCII_STRING_MARSHALLER);
  private static final Set<String> DATA_SERVICES = Set.of("etcdserverpb.KV", "etcdserverpb.Lease");

  @Override
  public <Q, R> ClientCall<Q, R> interceptCall(
      MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
    ClientCall<Q, R> call = next.newCall(method, options);
    if (!DATA_SERVICES.contains(method.getServiceName())) {
      return call;
    }
    return new ForwardingClientCall.SimpleForwardingClientCall<>(call) {
      @Override
      public void start(Listener<R> listener, Metadata headers) {
        headers.put(HAS_LEADER, "true");
        super.start(listener, headers);
      }
    };
  }
}
