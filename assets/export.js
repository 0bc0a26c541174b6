/* Chart toolbar downloads: PNG and SVG buttons on every chart's modebar, drawn at 2x and
   named after what the chart shows (the figure's layout.meta.export_name, set on the server).

   The buttons go into plotly's global config as soon as plotly.js loads (dcc.Graph loads it
   on demand), so every chart, including ones drawn later, has them; each chart's own config
   removes plotly's single-format button (layouts/cards.py). */
(function () {
  function fileName(gd) {
    var meta = (gd.layout && gd.layout.meta) || {};
    return meta.export_name || gd.id || "chart";
  }

  function button(format, title, icon) {
    return {
      name: "download-" + format, title: title, icon: icon,
      click: function (gd) {
        var size = gd._fullLayout || {};
        window.Plotly.downloadImage(gd, {
          format: format, scale: 2, filename: fileName(gd),
          width: size.width, height: size.height
        });
      }
    };
  }

  function configure(plotly) {
    if (!plotly || !plotly.setPlotConfig) {
      return;
    }
    var icons = plotly.Icons || {};
    plotly.setPlotConfig({
      modeBarButtonsToAdd: [
        button("png", "Download as PNG (2x)", icons.camera),
        button("svg", "Download as SVG", icons["camera-retro"] || icons.camera)
      ]
    });
  }

  if (window.Plotly) {
    configure(window.Plotly);
  } else {
    var loaded;
    Object.defineProperty(window, "Plotly", {
      configurable: true, enumerable: true,
      get: function () { return loaded; },
      set: function (value) { loaded = value; configure(value); }
    });
  }
})();
