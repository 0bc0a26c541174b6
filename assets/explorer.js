/* Browser-side helpers for the explorer: slider tooltips in dollars, and refreshing the
   programs table (rows come from the server, page by page) when the selection changes. */
window.dccFunctions = window.dccFunctions || {};
window.dccFunctions.money = function (value) {
  var text = "$" + Math.abs(Math.round(value)).toLocaleString("en-US");
  return value < 0 ? "-" + text : text;
};

window.dash_clientside = window.dash_clientside || {};
window.dash_clientside.explorer = {
  // the charts are asked for when a control they draw changes while the Explore tab shows
  // (the last argument), and when the tab is shown; a new number each time
  ask: function () {
    var tab = arguments[arguments.length - 1];
    if (tab !== "explore") {
      return window.dash_clientside.no_update;
    }
    window.explorerAsks = (window.explorerAsks || 0) + 1;
    return window.explorerAsks;
  },
  // what the server's selection callback needs to hear (callbacks/explore.py: select)
  picked: function (scatter, histogram) {
    var ctx = window.dash_clientside.callback_context;
    var fired = ctx.triggered && ctx.triggered[0];
    var id = ctx.triggered_id;
    var none = window.dash_clientside.no_update;
    if (!fired || id === undefined || id === null) {
      return none;
    }
    if (id === "explore-scatter" || id === "explore-histogram") {
      var selected = id === "explore-scatter" ? scatter : histogram;
      // only a drawn box, lasso or range counts: plotly also reports "nothing selected"
      // when a redraw clears one, and the points alone after a redraw keeps one (chips
      // and Reset remove them)
      var drawn = selected && ((selected.range && selected.range.x) || selected.lassoPoints);
      return drawn ? {trigger: id, selected: selected} : none;
    }
    if (!fired.value) {
      return none;  // a chip drawn again, not clicked
    }
    return {trigger: id, value: fired.value};
  },
  refreshTable: function (selection, search) {
    if (window.dash_ag_grid) {
      window.dash_ag_grid.getApiAsync("explore-table").then(function (api) {
        api.purgeInfiniteCache();
        api.paginationGoToFirstPage();
      });
    }
    return window.dash_clientside.no_update;
  }
};
