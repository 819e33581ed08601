package dev.flock.grpc.server;

import io.grpc.BindableService;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallExecutorSupplier;
import io.grpc.ServerMethodDefinition;
import java.lang.reflect.Method;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;

/**
 * Routes the calls of {@link CpuBound} methods to their own executor; the other calls keep the
 * server's. A call that queued there past its deadline is not run: gRPC skips the method of a
 * cancelled call, so a burst of sign-ins costs no work for callers that have given up.
 */
public final class CpuBoundCalls implements ServerCallExecutorSupplier {

  private final Set<String> methods;
  private final Executor executor;

  private CpuBoundCalls(Set<String> methods, Executor executor) {
    this.methods = Set.copyOf(methods);
    this.executor = executor;
  }

  /**
   * The {@link CpuBound} methods of {@code services}, to run on {@code executor}. Fails if an
   * annotated method is not one of its service's RPCs, so a misplaced annotation is found at start.
   */
  public static CpuBoundCalls of(List<? extends BindableService> services, Executor executor) {
    Set<String> methods = new HashSet<>();
    services.forEach(service -> methods.addAll(cpuBoundMethodsOf(service)));
    return new CpuBoundCalls(methods, executor);
  }

  /** The full gRPC names ({@code flock.v1.AccountService/Login}) of the routed methods. */
  public Set<String> methods() {
    return methods;
  }

  /** The executor of a routed call; null (the server's own executor) for any other call. */
  @Override
  public <Q, R> Executor getExecutor(ServerCall<Q, R> call, Metadata headers) {
    return isCpuBound(call) ? executor : null;
  }

  private boolean isCpuBound(ServerCall<?, ?> call) {
    return methods.contains(call.getMethodDescriptor().getFullMethodName());
  }

  private static Set<String> cpuBoundMethodsOf(BindableService service) {
    // The generated base class names each RPC's Java method after the RPC, first letter lower.
    Map<String, String> rpcsByJavaName =
        service.bindService().getMethods().stream()
            .map(ServerMethodDefinition::getMethodDescriptor)
            .collect(
                Collectors.toMap(
                    rpc -> lowerFirst(rpc.getBareMethodName()), rpc -> rpc.getFullMethodName()));
    Set<String> found = new HashSet<>();
    for (Class<?> type = service.getClass(); type != Object.class; type = type.getSuperclass()) {
      for (Method method : type.getDeclaredMethods()) {
        if (method.isAnnotationPresent(CpuBound.class)) {
          String rpc = rpcsByJavaName.get(method.getName());
          if (rpc == null) {
            throw new IllegalStateException(
                "@CpuBound " + method + " is not an RPC of " + service.getClass().getName());
          }
          found.add(rpc);
        }
      }
    }
    return found;
  }

  private static String lowerFirst(String name) {
    return Character.toLowerCase(name.charAt(0)) + name.substring(1);
  }
}
