package dev.flock.web.auth;

import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;

/**
 * Passes a {@code String} parameter of the REST client through as it is. Without it, Jersey's
 * MicroProfile REST Client looks up a converter for the {@code Authorization} header by reflection
 * on every call, failing through a {@code NoSuchMethodException} each time: ~3 % of the web tier's
 * CPU per page (BENCHMARKS.md).
 */
public class PlainStringParameters implements ParamConverterProvider {

  private static final ParamConverter<String> AS_IS =
      new ParamConverter<>() {
        @Override
        public String fromString(String value) {
          return value;
        }

        @Override
        public String toString(String value) {
          return value;
        }
      };

  @Override
  @SuppressWarnings("unchecked")
  public <T> ParamConverter<T> getConverter(
      Class<T> rawType, Type genericType, Annotation[] annotations) {
    return rawType == String.class ? (ParamConverter<T>) AS_IS : null;
  }
}
