/* Navigation drawers for every menu (☰) and contents button of the page (issue 12).
 *
 * Works around pydata-sphinx-theme#2451 and sphinx-book-theme#988 (both open): since
 * pydata-sphinx-theme 0.17 the theme wires only the FIRST .primary-toggle and .secondary-toggle
 * of the page (document.querySelector), which in sphinx-book-theme is the hidden one in the
 * collapsed site header. The visible buttons in the article header then do nothing on a phone,
 * and on a desktop the book theme's "hide the sidebar" behaviour is wired to the hidden button.
 *
 * This script handles a click on ANY of those buttons itself, before the themes' listeners
 * (capture phase on the window, then stopImmediatePropagation):
 *  - ☰ on a wide screen (>= 992px, the book theme's breakpoint): hide or show the primary
 *    sidebar with the book theme's own class, pst-sidebar-hidden, as the book theme documents;
 *  - otherwise: open the theme's <dialog> drawer with the sidebar's content moved into it, the
 *    way pydata-sphinx-theme does; focus goes to the drawer's close button, and back to the
 *    button that opened it when the drawer closes (close button, Escape or a tap outside).
 * Remove this file when the upstream issues are fixed and every toggle works by itself.
 */
(function () {
  "use strict";

  var WIDE = "(min-width: 992px)";
  var drawers = {
    primary: {dialog: "pst-primary-sidebar-modal", sidebar: "pst-primary-sidebar",
              close: "Stäng menyn"},
    secondary: {dialog: "pst-secondary-sidebar-modal", sidebar: "pst-secondary-sidebar",
                close: "Stäng innehållet"}
  };

  function move(from, to) {
    Array.from(from.childNodes).forEach(function (node) { to.appendChild(node); });
    Array.from(from.classList).forEach(function (cls) {
      from.classList.remove(cls);
      to.classList.add(cls);
    });
  }

  function buttons(kind) {
    return document.querySelectorAll("." + kind + "-toggle");
  }

  function setExpanded(kind, expanded) {
    buttons(kind).forEach(function (b) { b.setAttribute("aria-expanded", String(expanded)); });
  }

  function closeButton(kind, sidebar) {
    var existing = sidebar.querySelector(".handbok-drawer-close");
    if (existing) return existing;
    var close = document.createElement("button");
    close.type = "button";
    close.className = "handbok-drawer-close btn";
    close.textContent = drawers[kind].close;
    sidebar.insertBefore(close, sidebar.firstChild);
    return close;
  }

  function openDrawer(kind, opener) {
    var dialog = document.getElementById(drawers[kind].dialog);
    var sidebar = document.getElementById(drawers[kind].sidebar);
    if (!dialog || !sidebar || dialog.open) return;
    var close = closeButton(kind, sidebar);
    move(sidebar, dialog);
    dialog.showModal();
    close.focus();
    setExpanded(kind, true);
    dialog.addEventListener("close", function () {
      // pydata-sphinx-theme moves the content back too when it wired this dialog; moving an
      // empty dialog again changes nothing.
      move(dialog, sidebar);
      setExpanded(kind, false);
      var followed = dialog.dataset.handbokFollowed === "1";
      delete dialog.dataset.handbokFollowed;
      if (!followed && opener && opener.focus) opener.focus();
    }, {once: true});
  }

  function onClick(event) {
    var target = event.target;
    if (!(target instanceof Element)) return;
    var followed = target.closest("dialog[open] a[href]");
    if (followed) {
      // A link in the drawer: close it and let the link take the reader on (no focus back
      // to the button, so an in-page link leaves the reader at its target).
      var from = followed.closest("dialog");
      if (from.id === drawers.primary.dialog || from.id === drawers.secondary.dialog) {
        from.dataset.handbokFollowed = "1";
        from.close();
      }
      return;
    }
    var close = target.closest(".handbok-drawer-close");
    if (close) {
      var open = close.closest("dialog");
      if (open) open.close();
      return;
    }
    var button = target.closest(".primary-toggle, .secondary-toggle");
    if (!button) return;
    var kind = button.classList.contains("primary-toggle") ? "primary" : "secondary";
    event.preventDefault();
    event.stopImmediatePropagation();
    button.blur();
    if (kind === "primary" && window.matchMedia(WIDE).matches) {
      var sidebar = document.getElementById(drawers.primary.sidebar);
      if (!sidebar) return;
      var hidden = sidebar.classList.toggle("pst-sidebar-hidden");
      setExpanded("primary", !hidden);
      button.focus();
      return;
    }
    openDrawer(kind, button);
  }

  function onDialogEvent(event) {
    var dialog = event.target;
    if (!(dialog instanceof HTMLDialogElement) || !dialog.open) return;
    if (dialog.id !== drawers.primary.dialog && dialog.id !== drawers.secondary.dialog) return;
    // A tap on the backdrop (outside the drawer's box) closes it.
    if (event.type === "click") {
      var box = dialog.getBoundingClientRect();
      var inside = event.clientX >= box.left && event.clientX <= box.right &&
                   event.clientY >= box.top && event.clientY <= box.bottom;
      if (!inside) dialog.close();
    }
  }

  function onKeydown(event) {
    if (event.key !== "Escape") return;
    var dialog = document.querySelector("dialog[open]#" + drawers.primary.dialog + ", dialog[open]#"
                                        + drawers.secondary.dialog);
    if (dialog) {
      event.preventDefault();
      dialog.close();
    }
  }

  function init() {
    var wide = window.matchMedia(WIDE).matches;
    setExpanded("primary", wide);
    setExpanded("secondary", false);
  }

  window.addEventListener("click", onClick, true);
  document.addEventListener("click", onDialogEvent);
  document.addEventListener("keydown", onKeydown, true);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
