/* What the browser settles itself, so that it costs no round trip: a location the page wrote
   itself (callbacks.page_state) needs no redraw, so only an opened link, Back or Forward is
   sent to the server (callbacks/page_url.py); a tab's URL is asked for only for the tabs
   that do not write it as they draw (the explorer and the institution view do); and a download menu that is drawn again is not a choice. */
window.dash_clientside = window.dash_clientside || {};
window.dash_clientside.url = {
  asked: function (search, written) {
    var none = window.dash_clientside.no_update;
    if (typeof search !== "string") {
      return [none, none];  // the location is not known yet
    }
    if (search === written) {
      return [none, none];  // the page's own write coming back
    }
    if (!search.replace(/^\?/, "") && (written === null || written === undefined)) {
      return [none, search];  // a plain address: nothing to redraw; the page may write now
    }
    return [search, none];
  },
  tabAsked: function (tab) {
    return tab === "explore" || tab === "institution" ? window.dash_clientside.no_update : tab;
  }
};

window.dash_clientside.downloads = {
  chosen: function () {
    var ctx = window.dash_clientside.callback_context;
    var fired = ctx.triggered && ctx.triggered[0];
    var id = ctx.triggered_id;
    if (!fired || !fired.value || !id || typeof id !== "object") {
      return window.dash_clientside.no_update;  // a menu appeared; nothing was chosen
    }
    return {chart: id.chart, format: id.format, clicks: fired.value};
  }
};

window.dash_clientside.institution = {
  /* The Institution tab's view is asked for only while the tab shows (callbacks/
     institution_view.py), saying what changed: an institution chosen elsewhere writes its
     own URL. */
  ask: function (tab) {
    if (tab !== "institution") {
      return window.dash_clientside.no_update;
    }
    var id = window.dash_clientside.callback_context.triggered_id;
    return {trigger: typeof id === "string" ? id : null, at: Date.now()};
  },
  /* Peers chosen by hand belong to the institution they were chosen for. */
  clearPeers: function (unitid, peers) {
    return peers && peers.length ? null : window.dash_clientside.no_update;
  }
};
