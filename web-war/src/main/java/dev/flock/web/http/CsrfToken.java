package dev.flock.web.http;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;

/**
 * This request's CSRF token, for the hidden field of every form ({@code #{csrf.token}}). It reads
 * the current request each time, so one instance serves all of them.
 */
@Named("csrf")
@ApplicationScoped
public class CsrfToken {

  @Inject HttpServletRequest request;

  public String getToken() {
    return (String) request.getAttribute(PostbackFilter.ATTRIBUTE);
  }

  public String getField() {
    return PostbackFilter.FIELD;
  }
}
