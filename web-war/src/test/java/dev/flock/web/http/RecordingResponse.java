package dev.flock.web.http;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A response that records what a filter does to it, with a container's rules: the body is buffered
 * until {@link #flushBuffer}, which commits the response; once committed, the buffer cannot be
 * reset nor an error or redirect sent. {@link #sendError} clears the buffer and commits; the
 * container's {@link #sendRedirect} makes the location absolute, as Payara does. Anything else it
 * is asked for fails ({@link Unmodelled}).
 */
public final class RecordingResponse extends HttpServletResponseWrapper {

  /** What the container puts before a redirect's location. */
  public static final String CONTAINER_ORIGIN = "http://web.internal:8080";

  private final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
  private final List<Cookie> cookies = new ArrayList<>();
  private StringWriter buffer = new StringWriter();
  private String sent = "";
  private int status = SC_OK;
  private boolean committed;
  private boolean errorSent;
  private String errorMessage;

  public RecordingResponse() {
    super(Unmodelled.of(HttpServletResponse.class));
  }

  public List<Cookie> cookies() {
    return cookies;
  }

  /** Whether {@link #sendError} was called. */
  public boolean errorSent() {
    return errorSent;
  }

  /** The message given to {@link #sendError}, which the container would show on its page. */
  public String errorMessage() {
    return errorMessage;
  }

  /** What reached the browser: the body flushed before the response was committed. */
  public String sentBody() {
    return sent;
  }

  @Override
  public void setStatus(int status) {
    if (!committed) {
      this.status = status;
    }
  }

  @Override
  public int getStatus() {
    return status;
  }

  @Override
  public void setHeader(String name, String value) {
    if (!committed) {
      headers.put(name, new ArrayList<>(List.of(value)));
    }
  }

  @Override
  public void addHeader(String name, String value) {
    if (!committed) {
      headers.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
    }
  }

  @Override
  public boolean containsHeader(String name) {
    return headers.containsKey(name);
  }

  @Override
  public String getHeader(String name) {
    List<String> values = headers.get(name);
    return values == null ? null : values.getFirst();
  }

  @Override
  public Collection<String> getHeaders(String name) {
    return List.copyOf(headers.getOrDefault(name, List.of()));
  }

  @Override
  public Collection<String> getHeaderNames() {
    return List.copyOf(headers.keySet());
  }

  @Override
  public void addCookie(Cookie cookie) {
    if (!committed) {
      cookies.add(cookie);
    }
  }

  @Override
  public PrintWriter getWriter() {
    return new PrintWriter(buffer, true);
  }

  @Override
  public boolean isCommitted() {
    return committed;
  }

  @Override
  public void flushBuffer() {
    sent += buffer;
    buffer = new StringWriter();
    committed = true;
  }

  @Override
  public void resetBuffer() {
    if (committed) {
      throw new IllegalStateException("The response is already committed");
    }
    buffer = new StringWriter();
  }

  @Override
  public void sendError(int status) {
    sendError(status, null);
  }

  @Override
  public void sendError(int status, String message) {
    resetBuffer();
    this.status = status;
    this.errorSent = true;
    this.errorMessage = message;
    committed = true;
  }

  @Override
  public void sendRedirect(String location) {
    sendRedirect(location, SC_FOUND, true);
  }

  @Override
  public void sendRedirect(String location, int status) {
    sendRedirect(location, status, true);
  }

  @Override
  public void sendRedirect(String location, boolean clearBuffer) {
    sendRedirect(location, SC_FOUND, clearBuffer);
  }

  @Override
  public void sendRedirect(String location, int status, boolean clearBuffer) {
    if (clearBuffer) {
      resetBuffer();
    } else if (committed) {
      throw new IllegalStateException("The response is already committed");
    }
    this.status = status;
    headers.put("Location", new ArrayList<>(List.of(CONTAINER_ORIGIN + location)));
    committed = true;
  }
}
