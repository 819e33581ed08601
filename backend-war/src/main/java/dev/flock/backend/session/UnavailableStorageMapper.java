package dev.flock.backend.session;

import dev.flock.backend.storage.StorageUnavailableException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * When the storage cannot answer, the session check says so (503), instead of a 500 with a trace.
 * Its Retry-After tells the web tier that this is the endpoint's answer, not a backend starting or
 * stopping (whose 503 has none), so that it does not ask another backend in vain (BackendSessions).
 */
@Provider
public class UnavailableStorageMapper implements ExceptionMapper<StorageUnavailableException> {

  @Override
  public Response toResponse(StorageUnavailableException failure) {
    return Response.status(Response.Status.SERVICE_UNAVAILABLE)
        .header("Retry-After", "5")
        .header(HttpHeaders.CACHE_CONTROL, "no-store")
        .build();
  }
}
