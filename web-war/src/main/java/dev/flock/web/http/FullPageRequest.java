package dev.flock.web.http;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A request as Faces sees it once the marks of a partial (ajax) request are taken off: the {@code
 * Faces-Request} header and the {@code jakarta.faces.partial.*} parameters. Flock's pages make no
 * partial requests. Served as one, a request runs no view action and renders no page, so it answers
 * 200 with an XML fragment even for an unknown user, and a failure becomes an XML {@code <error>}
 * naming the exception's class. Served as a full page, it gets the same status and page as any
 * other request.
 */
final class FullPageRequest extends HttpServletRequestWrapper {

  private static final String HEADER = "Faces-Request";
  private static final String PARAMETER_PREFIX = "jakarta.faces.partial.";

  private final Map<String, String[]> parameters;

  private FullPageRequest(HttpServletRequest request) {
    super(request);
    this.parameters =
        request.getParameterMap().entrySet().stream()
            .filter(entry -> !entry.getKey().startsWith(PARAMETER_PREFIX))
            .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));
  }

  /** {@code request} itself unless it asks for a partial answer. */
  static HttpServletRequest of(HttpServletRequest request) {
    boolean partial =
        request.getHeader(HEADER) != null
            || request.getParameterMap().keySet().stream()
                .anyMatch(name -> name.startsWith(PARAMETER_PREFIX));
    return partial ? new FullPageRequest(request) : request;
  }

  @Override
  public String getHeader(String name) {
    return HEADER.equalsIgnoreCase(name) ? null : super.getHeader(name);
  }

  @Override
  public Enumeration<String> getHeaders(String name) {
    return HEADER.equalsIgnoreCase(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
  }

  @Override
  public Enumeration<String> getHeaderNames() {
    return Collections.enumeration(
        Collections.list(super.getHeaderNames()).stream()
            .filter(name -> !HEADER.equalsIgnoreCase(name))
            .toList());
  }

  @Override
  public String getParameter(String name) {
    String[] values = parameters.get(name);
    return values == null || values.length == 0 ? null : values[0];
  }

  @Override
  public String[] getParameterValues(String name) {
    return parameters.get(name);
  }

  @Override
  public Map<String, String[]> getParameterMap() {
    return parameters;
  }

  @Override
  public Enumeration<String> getParameterNames() {
    return Collections.enumeration(parameters.keySet());
  }
}
