/* Keyboard and screen-reader helpers for the whole page.

   1. The page's tabs (layouts/tabs.py) as the WAI-ARIA tabs pattern: a click selects a tab
      (dash_clientside.page.selectTab), the selection shows its panel (showTab), and the
      arrow keys, Home and End move the focus between tabs and select them.
   2. dcc.Dropdown (Dash 4.x) puts a focusable input with aria-hidden="true" in front of each
      dropdown's button, a Safari workaround (plotly/dash#3673, fixed by plotly/dash#3740)
      that axe-core reports as aria-hidden-focus (serious): a keyboard user lands on
      something hidden from screen readers. Here the button itself takes the tab stop and
      the hidden input leaves the tab order, whenever a dropdown is drawn or the dropdown
      puts the input back.
   3. dcc.Dropdown draws nothing until its code has loaded, and React reveals it about half a
      second after the rest of the page (its Suspense throttle): Tab pressed meanwhile passed
      over the dropdowns, and the keyboard user met them out of order or not at all. The
      page stays inert (and busy) until every dropdown the layout holds (the page-dropdowns
      meta tag, from layouts.page.dropdown_ids) is drawn; 5 s at most. */
window.dash_clientside = window.dash_clientside || {};
window.dash_clientside.page = {
  selectTab: function () {
    var id = window.dash_clientside.callback_context.triggered_id;
    return typeof id === "string" && id.indexOf("tab-") === 0
      ? id.slice(4) : window.dash_clientside.no_update;
  },
  showTab: function (active) {
    var names = Array.prototype.slice.call(arguments, 1).map(function (id) {
      return id.slice(4);  // "tab-explore" -> "explore"
    });
    var out = [];
    names.forEach(function (n) { out.push(n === active ? "nav-link active" : "nav-link"); });
    names.forEach(function (n) { out.push(n === active ? "true" : "false"); });
    names.forEach(function (n) { out.push(n === active ? 0 : -1); });
    names.forEach(function (n) { out.push(n !== active); });
    return out;
  }
};

(function () {
  var KEYS = {ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1};

  document.addEventListener("keydown", function (event) {
    var tab = event.target;
    if (!tab || tab.getAttribute("role") !== "tab") {
      return;
    }
    var list = tab.closest("[role=tablist]");
    var all = Array.prototype.slice.call(list.querySelectorAll("[role=tab]"));
    var at = all.indexOf(tab), next = null;
    if (event.key in KEYS) {
      next = all[(at + KEYS[event.key] + all.length) % all.length];
    } else if (event.key === "Home") {
      next = all[0];
    } else if (event.key === "End") {
      next = all[all.length - 1];
    }
    if (next) {
      event.preventDefault();
      next.focus();
      next.click();
    }
  });

  function fixDropdown(input) {
    var button = input.nextElementSibling;
    if (!button || button.tagName !== "BUTTON" || button.disabled) {
      return;  // the input keeps the tab stop until the button can take it
    }
    if (input.tabIndex !== -1) {
      input.tabIndex = -1;
    }
    if (button.tabIndex !== 0) {
      button.tabIndex = 0;
    }
  }

  /* dcc.RangeSlider (Dash 4.4) gives its number boxes no label (axe: label, critical, at
     phone width, where they show) and its thumbs read raw numbers; no upstream issue was
     found in plotly/dash's tracker. Each box is named after the slider's group ("Earnings:
     minimum"), each thumb's value is read as its tooltip shows it ("$52,000"). */
  function fixSlider(container) {
    var group = container.closest("[role=group][aria-labelledby]");
    var label = group && document.getElementById(group.getAttribute("aria-labelledby"));
    var name = label ? label.textContent.trim() : "";
    container.querySelectorAll("input.dash-range-slider-input").forEach(function (box) {
      var end = box.classList.contains("dash-range-slider-min-input") ? "minimum" : "maximum";
      var words = (name ? name + ": " : "") + end;
      if (box.getAttribute("aria-label") !== words) {
        box.setAttribute("aria-label", words);
      }
    });
    container.querySelectorAll("[role=slider]").forEach(function (thumb) {
      var shown = thumb.querySelector("[id$=-content]");
      var text = shown ? shown.textContent.trim() : "";
      if (text && thumb.getAttribute("aria-valuetext") !== text) {
        thumb.setAttribute("aria-valuetext", text);
      }
    });
  }

  function fixAll(root) {
    if (root.querySelectorAll) {
      root.querySelectorAll("input.dash-dropdown-focus-target").forEach(fixDropdown);
      root.querySelectorAll(".dash-slider-container").forEach(fixSlider);
    }
  }

  var pending = false;
  function pass() {
    if (pending) {
      pending = false;
      fixAll(document);
    }
  }
  function later() {  // once per frame, after Dash has drawn its changes; a timer too, as a
    if (!pending) {   // page the browser does not paint (headless, hidden) gets no frames
      pending = true;
      window.requestAnimationFrame(pass);
      window.setTimeout(pass, 100);
    }
  }

  function watch() {
    fixAll(document);
    new MutationObserver(function (changes) {
      changes.forEach(function (change) {
        var target = change.target;
        if (change.type !== "attributes" || change.attributeName === "aria-valuenow") {
          later();  // drawn nodes and new values: one pass over the page per frame
        } else if (target.classList && target.classList.contains("dash-dropdown-focus-target")) {
          fixDropdown(target);  // a dropdown put its input back in the tab order: at once
        } else if (target.previousElementSibling && target.previousElementSibling.classList
                   && target.previousElementSibling.classList.contains(
                     "dash-dropdown-focus-target")) {
          fixDropdown(target.previousElementSibling);
        }
      });
    }).observe(document.body, {childList: true, subtree: true, attributes: true,
                               attributeFilter: ["tabindex", "disabled", "aria-valuenow"]});
  }

  function holdUntilDrawn() {
    var meta = document.querySelector('meta[name="page-dropdowns"]');
    var root = document.getElementById("react-entry-point");
    var wanted = meta ? meta.content.split(",").filter(Boolean) : [];
    if (!root || !wanted.length) {
      return;
    }
    root.inert = true;
    root.setAttribute("aria-busy", "true");
    var observer = null, timer = null;
    function release() {
      root.inert = false;
      root.removeAttribute("aria-busy");
      if (observer) { observer.disconnect(); }
      if (timer) { window.clearTimeout(timer); }
    }
    function drawn() {
      return wanted.every(function (id) {
        var el = document.getElementById(id);
        return el && el.tagName === "BUTTON";  // the dropdown's own button, not a placeholder
      });
    }
    observer = new MutationObserver(function () {
      if (drawn()) { release(); }
    });
    observer.observe(root, {childList: true, subtree: true});
    timer = window.setTimeout(release, 5000);  // never hold a page that draws otherwise
  }

  holdUntilDrawn();
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", watch);
  } else {
    watch();
  }
})();
