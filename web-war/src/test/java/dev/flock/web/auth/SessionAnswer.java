package dev.flock.web.auth;

import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.GenericType;
import jakarta.ws.rs.core.Link;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.lang.annotation.Annotation;
import java.net.URI;
import java.util.Date;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A backend's answer to a session check as the REST client hands it over: a status and, with 200,
 * the session's owner. It remembers whether it was closed; anything else it is asked for fails.
 */
final class SessionAnswer extends Response {

  private final int status;
  private final SessionApi.SessionOwner owner;
  private boolean closed;

  private SessionAnswer(int status, SessionApi.SessionOwner owner) {
    this.status = status;
    this.owner = owner;
  }

  static SessionAnswer ownedBy(String username) {
    return new SessionAnswer(200, new SessionApi.SessionOwner(username));
  }

  static SessionAnswer withStatus(int status) {
    return new SessionAnswer(status, null);
  }

  boolean closed() {
    return closed;
  }

  @Override
  public int getStatus() {
    return status;
  }

  @Override
  public <T> T readEntity(Class<T> type) {
    if (closed || owner == null) {
      throw new IllegalStateException("No entity to read");
    }
    return type.cast(owner);
  }

  @Override
  public void close() {
    closed = true;
  }

  private static UnsupportedOperationException unmodelled() {
    return new UnsupportedOperationException("not modelled by SessionAnswer");
  }

  @Override
  public StatusType getStatusInfo() {
    throw unmodelled();
  }

  @Override
  public Object getEntity() {
    throw unmodelled();
  }

  @Override
  public <T> T readEntity(GenericType<T> type) {
    throw unmodelled();
  }

  @Override
  public <T> T readEntity(Class<T> type, Annotation[] annotations) {
    throw unmodelled();
  }

  @Override
  public <T> T readEntity(GenericType<T> type, Annotation[] annotations) {
    throw unmodelled();
  }

  @Override
  public boolean hasEntity() {
    throw unmodelled();
  }

  @Override
  public boolean bufferEntity() {
    throw unmodelled();
  }

  @Override
  public MediaType getMediaType() {
    throw unmodelled();
  }

  @Override
  public Locale getLanguage() {
    throw unmodelled();
  }

  @Override
  public int getLength() {
    throw unmodelled();
  }

  @Override
  public Set<String> getAllowedMethods() {
    throw unmodelled();
  }

  @Override
  public Map<String, NewCookie> getCookies() {
    throw unmodelled();
  }

  @Override
  public EntityTag getEntityTag() {
    throw unmodelled();
  }

  @Override
  public Date getDate() {
    throw unmodelled();
  }

  @Override
  public Date getLastModified() {
    throw unmodelled();
  }

  @Override
  public URI getLocation() {
    throw unmodelled();
  }

  @Override
  public Set<Link> getLinks() {
    throw unmodelled();
  }

  @Override
  public boolean hasLink(String relation) {
    throw unmodelled();
  }

  @Override
  public Link getLink(String relation) {
    throw unmodelled();
  }

  @Override
  public Link.Builder getLinkBuilder(String relation) {
    throw unmodelled();
  }

  @Override
  public MultivaluedMap<String, Object> getMetadata() {
    throw unmodelled();
  }

  @Override
  public MultivaluedMap<String, String> getStringHeaders() {
    throw unmodelled();
  }

  @Override
  public String getHeaderString(String name) {
    throw unmodelled();
  }
}
