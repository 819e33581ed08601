package dev.flock.web.http;

import java.lang.reflect.Proxy;

/**
 * A servlet API object that refuses every call: what a test double wraps, so that code under test
 * that reaches for something the double does not model fails loudly instead of getting a default.
 */
final class Unmodelled {

  private Unmodelled() {}

  static <T> T of(Class<T> type) {
    return type.cast(
        Proxy.newProxyInstance(
            type.getClassLoader(),
            new Class<?>[] {type},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "toString" -> "unmodelled " + type.getSimpleName();
                  case "hashCode" -> System.identityHashCode(proxy);
                  case "equals" -> proxy == args[0];
                  default ->
                      throw new UnsupportedOperationException(
                          type.getSimpleName() + "." + method.getName() + " is not modelled");
                }));
  }
}
