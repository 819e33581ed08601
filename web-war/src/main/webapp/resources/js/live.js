/*
 * The home feed's "N new posts" notice, shown without a reload while the page is open. Only a
 * nicety: without it the page is the same, and a reload shows the new posts.
 *
 * /live/home is a stream of Server-Sent Events, one "post" event per new post of the people
 * followed, its id the post's id. The stream may end at any time (each lasts a few minutes, and
 * a web instance may stop): the browser then opens it again by itself, on any instance, sending
 * the last id it was told (Last-Event-ID), and the backend first tells of the posts it missed.
 * A refusal (503 when an instance has too many streams, 401 once signed out) closes the stream for
 * good, so this script opens another after a while, from the newest post it was told.
 */
(() => {
  "use strict";

  const notice = document.getElementById("live");
  if (!notice || !window.EventSource) {
    return;
  }
  const link = notice.querySelector("a");
  const fresh = new Set(); // ids of the new posts: a post told twice counts once
  let after = notice.dataset.after;
  let wait = 2000;

  const show = () => {
    link.textContent = fresh.size === 1 ? "1 new post" : `${fresh.size} new posts`;
    notice.hidden = false;
  };

  let source = null;
  let retry = null;

  const open = () => {
    retry = null;
    source = new EventSource(
      after ? `${notice.dataset.src}?after=${encodeURIComponent(after)}` : notice.dataset.src,
    );
    // data-stream tells whether the stream is open now (for people's tools and the browser test)
    source.addEventListener("open", () => {
      wait = 2000;
      notice.dataset.stream = "open";
    });
    source.addEventListener("post", (event) => {
      if (!after || event.lastEventId > after) {
        after = event.lastEventId; // ids sort in publication order
      }
      fresh.add(event.lastEventId);
      show();
    });
    source.addEventListener("error", () => {
      notice.dataset.stream = "closed";
      if (source.readyState === EventSource.CLOSED) {
        source.close();
        retry = setTimeout(open, wait);
        wait = Math.min(wait * 2, 60000);
      }
      // otherwise the browser is already reconnecting by itself
    });
  };

  const close = () => {
    clearTimeout(retry);
    retry = null;
    source?.close();
    source = null;
  };

  // A hidden tab holds no stream: without HTTP/2 a browser opens at most six connections to a site,
  // and a stream holds one for as long as it lasts. Shown again, the tab resumes from the newest
  // post it was told, so nothing written meanwhile is missed.
  document.addEventListener("visibilitychange", () => {
    if (document.hidden) {
      close();
    } else if (!source && !retry) {
      open();
    }
  });

  if (!document.hidden) {
    open();
  }
})();
