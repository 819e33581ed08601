/*
 * The compose (or reply) box's count of characters left, updated as people type. Only a nicety: without it
 * the label states the limit, and the server refuses a longer post with a message. A file of its
 * own, because the Content-Security-Policy allows no inline script or event handler.
 */
(() => {
  "use strict";

  // the compose box, or a post page's reply box
  const box = document.querySelector("textarea[data-max-length]");
  const max = Number.parseInt(box?.dataset.maxLength, 10);
  if (Number.isNaN(max)) {
    return;
  }

  // What the server's String.strip removes (Character.isWhitespace): unlike trim(), it keeps
  // no-break spaces.
  const space = "[\\t-\\r\\x1c-\\x20\\u1680\\u2000-\\u2006\\u2008-\\u200a\\u2028\\u2029\\u205f\\u3000]";
  const surroundingSpace = new RegExp(`^${space}+|${space}+$`, "g");

  // As the server counts (TextRules.postText, then TextRules.length): without surrounding white
  // space, in NFC, in code points, so an emoji is one character, not two UTF-16 units. A
  // textarea's value has its line breaks as \n already, as the server has them.
  const length = (typed) => [...typed.replace(surroundingSpace, "").normalize("NFC")].length;

  const count = document.createElement("p");
  count.id = "compose-count";
  count.className = "count";
  count.setAttribute("aria-live", "polite"); // read out when it changes, without interrupting
  box.setAttribute("aria-describedby", count.id);
  box.after(count);

  const show = () => {
    const left = max - length(box.value);
    count.textContent = `${left} ${Math.abs(left) === 1 ? "character" : "characters"} left`;
    count.classList.toggle("over", left < 0);
  };
  box.addEventListener("input", show);
  show(); // a refused post comes back with its text in the box
})();
