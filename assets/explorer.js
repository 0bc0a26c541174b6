/* Browser-side helpers for the explorer: slider tooltips in dollars, and refreshing the
   programs table (rows come from the server, page by page) when the selection changes. */
window.dccFunctions = window.dccFunctions || {};
window.dccFunctions.money = function (value) {
  var text = "$" + Math.abs(Math.round(value)).toLocaleString("en-US");
  return value < 0 ? "-" + text : text;
};

window.dash_clientside = window.dash_clientside || {};
window.dash_clientside.explorer = {
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
