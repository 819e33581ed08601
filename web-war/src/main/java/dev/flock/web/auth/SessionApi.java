package dev.flock.web.auth;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;

/**
 * The backend's session endpoint, a MicroProfile REST Client interface. {@link BackendSessions}
 * builds one client per backend address.
 */
@RegisterProvider(PlainStringParameters.class)
@Path("/api/v1/session")
public interface SessionApi {

  /** The session owner as JSON ({@code {"username": ...}}) with 200, or 401. */
  @GET
  @Produces(MediaType.APPLICATION_JSON)
  Response whoIs(@HeaderParam(HttpHeaders.AUTHORIZATION) String bearerToken);

  /** The JSON body of a 200 answer. */
  record SessionOwner(String username) {}
}
