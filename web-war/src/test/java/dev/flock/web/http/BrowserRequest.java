package dev.flock.web.http;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.ReadListener;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A request as a container hands it to a filter: a method, a path, headers (names in any case),
 * cookies and parameters, attributes, and a {@link RequestDispatcher} that records where it
 * forwards. Like a container, it ignores a character encoding set after the parameters were read.
 * Anything else it is asked for fails ({@link Unmodelled}).
 */
public final class BrowserRequest extends HttpServletRequestWrapper {

  private final String method;
  private final String path;
  private String contextPath = "";
  private final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
  private final List<Cookie> cookies = new ArrayList<>();
  private final Map<String, List<String>> parameters = new LinkedHashMap<>();
  private final Map<String, Object> attributes = new HashMap<>();
  private DispatcherType dispatcherType = DispatcherType.REQUEST;
  private boolean secure;
  private String characterEncoding;
  private boolean parametersRead;
  private String forwardedTo;
  private String queryString;
  private long contentLength = -1;
  private long bodyBytesRead;
  private String remoteAddress = "127.0.0.1";

  private BrowserRequest(String method, String path) {
    super(Unmodelled.of(HttpServletRequest.class));
    this.method = method;
    this.path = path;
  }

  /** A request for {@code path}, which is relative to the context path (the root by default). */
  public static BrowserRequest of(String method, String path) {
    return new BrowserRequest(method, path);
  }

  public static BrowserRequest get(String path) {
    return of("GET", path);
  }

  public static BrowserRequest post(String path) {
    return of("POST", path);
  }

  public BrowserRequest inContext(String contextPath) {
    this.contextPath = contextPath;
    return this;
  }

  public BrowserRequest header(String name, String value) {
    headers.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
    return this;
  }

  public BrowserRequest cookie(String name, String value) {
    cookies.add(new Cookie(name, value));
    return this;
  }

  public BrowserRequest parameter(String name, String... values) {
    parameters.computeIfAbsent(name, key -> new ArrayList<>()).addAll(List.of(values));
    return this;
  }

  public BrowserRequest dispatchedAs(DispatcherType type) {
    this.dispatcherType = type;
    return this;
  }

  /** The raw query string, as the address bar sent it. */
  public BrowserRequest query(String query) {
    this.queryString = query;
    return this;
  }

  /** A body of this many bytes, as its Content-Length says. */
  public BrowserRequest contentLength(long bytes) {
    this.contentLength = bytes;
    return this;
  }

  /** How many bytes of the body were read through {@link #getInputStream()}. */
  public long bodyBytesRead() {
    return bodyBytesRead;
  }

  /** The body: as many bytes as Content-Length says (none once the parameters have read it). */
  @Override
  public ServletInputStream getInputStream() {
    long length = parametersRead ? 0 : Math.max(contentLength, 0);
    return new ServletInputStream() {
      @Override
      public int read() {
        if (bodyBytesRead >= length) {
          return -1;
        }
        bodyBytesRead++;
        return 'x';
      }

      @Override
      public boolean isFinished() {
        return bodyBytesRead >= length;
      }

      @Override
      public boolean isReady() {
        return true;
      }

      @Override
      public void setReadListener(ReadListener listener) {
        throw new UnsupportedOperationException("non-blocking reads are not modelled");
      }
    };
  }

  /** The address the connection comes from (127.0.0.1 unless said). */
  public BrowserRequest from(String address) {
    this.remoteAddress = address;
    return this;
  }

  @Override
  public String getRemoteAddr() {
    return remoteAddress;
  }

  public BrowserRequest overHttps() {
    this.secure = true;
    return this;
  }

  /** Where a {@link RequestDispatcher} of this request forwarded it, or null. */
  public String forwardedTo() {
    return forwardedTo;
  }

  @Override
  public String getMethod() {
    return method;
  }

  @Override
  public String getRequestURI() {
    return contextPath + path;
  }

  @Override
  public String getQueryString() {
    return queryString;
  }

  @Override
  public long getContentLengthLong() {
    return contentLength;
  }

  @Override
  public String getContextPath() {
    return contextPath;
  }

  @Override
  public boolean isSecure() {
    return secure;
  }

  @Override
  public DispatcherType getDispatcherType() {
    return dispatcherType;
  }

  @Override
  public String getHeader(String name) {
    List<String> values = headers.get(name);
    return values == null ? null : values.getFirst();
  }

  @Override
  public Enumeration<String> getHeaders(String name) {
    return Collections.enumeration(headers.getOrDefault(name, List.of()));
  }

  @Override
  public Enumeration<String> getHeaderNames() {
    return Collections.enumeration(headers.keySet());
  }

  @Override
  public Cookie[] getCookies() {
    return cookies.isEmpty() ? null : cookies.toArray(Cookie[]::new);
  }

  @Override
  public void setCharacterEncoding(String encoding) {
    if (!parametersRead) {
      characterEncoding = encoding;
    }
  }

  @Override
  public String getCharacterEncoding() {
    return characterEncoding;
  }

  @Override
  public String getParameter(String name) {
    String[] values = getParameterValues(name);
    return values == null ? null : values[0];
  }

  @Override
  public String[] getParameterValues(String name) {
    return getParameterMap().get(name);
  }

  @Override
  public Map<String, String[]> getParameterMap() {
    parametersRead = true;
    Map<String, String[]> map = new LinkedHashMap<>();
    parameters.forEach((name, values) -> map.put(name, values.toArray(String[]::new)));
    return Collections.unmodifiableMap(map);
  }

  @Override
  public Enumeration<String> getParameterNames() {
    return Collections.enumeration(getParameterMap().keySet());
  }

  @Override
  public Object getAttribute(String name) {
    return attributes.get(name);
  }

  @Override
  public void setAttribute(String name, Object value) {
    attributes.put(name, value);
  }

  @Override
  public void removeAttribute(String name) {
    attributes.remove(name);
  }

  @Override
  public Enumeration<String> getAttributeNames() {
    return Collections.enumeration(attributes.keySet());
  }

  @Override
  public RequestDispatcher getRequestDispatcher(String target) {
    return new RequestDispatcher() {
      @Override
      public void forward(ServletRequest request, ServletResponse response) {
        forwardedTo = target;
      }

      @Override
      public void include(ServletRequest request, ServletResponse response) {
        throw new UnsupportedOperationException("include is not modelled");
      }
    };
  }
}
