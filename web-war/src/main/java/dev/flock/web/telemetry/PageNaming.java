package dev.flock.web.telemetry;

import jakarta.faces.component.UIViewRoot;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.faces.event.PhaseEvent;
import jakarta.faces.event.PhaseId;
import jakarta.faces.event.PhaseListener;
import jakarta.servlet.http.HttpServletRequest;
import java.net.MalformedURLException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tells {@link PageTelemetry} which page a request shows ({@code /index.xhtml}) as soon as Faces
 * knows the view. The first page of a request wins, so an error page rendered for it keeps the page
 * asked for. A view that does not exist is {@code unknown}: page names come from Flock's own views
 * only, never from a URL, so an attacker cannot flood the metrics with names.
 */
public class PageNaming implements PhaseListener {

  static final String PAGE = PageNaming.class.getName() + ".page";
  static final String UNKNOWN = "unknown";

  /** Views found to exist (there are only so many). */
  private static final Set<String> VIEWS = ConcurrentHashMap.newKeySet();

  /** Names the page of a request that Faces does not serve (a live stream). */
  public static void name(HttpServletRequest request, String page) {
    request.setAttribute(PAGE, page);
  }

  @Override
  public PhaseId getPhaseId() {
    return PhaseId.RESTORE_VIEW;
  }

  @Override
  public void afterPhase(PhaseEvent event) {
    FacesContext faces = event.getFacesContext();
    ExternalContext external = faces.getExternalContext();
    if (!(external.getRequest() instanceof HttpServletRequest request)
        || request.getAttribute(PAGE) != null) {
      return;
    }
    UIViewRoot view = faces.getViewRoot();
    request.setAttribute(PAGE, view == null ? UNKNOWN : pageOf(view.getViewId(), external));
  }

  private static String pageOf(String viewId, ExternalContext external) {
    if (viewId == null) {
      return UNKNOWN;
    }
    if (VIEWS.contains(viewId)) {
      return viewId;
    }
    try {
      if (external.getResource(viewId) != null) {
        VIEWS.add(viewId);
        return viewId;
      }
    } catch (MalformedURLException e) {
      // not a path: not a view
    }
    return UNKNOWN;
  }
}
