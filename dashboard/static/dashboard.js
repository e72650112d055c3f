// Draws the overview's charts. The figures (data and layout) are built by the server and
// embedded in the page as JSON (#chart-data); this script only hands each one to Plotly and
// marks its element `data-drawn="true"` once drawn, so a browser test can wait for it, and
// `data-drawn-at` with the time since navigation started, which the benchmark reads.
(function () {
  "use strict";

  function countPoints(figure) {
    return (figure.data || []).reduce(function (sum, trace) {
      var values = trace.x || trace.values || [];
      return sum + values.length;
    }, 0);
  }

  function draw(element, figure) {
    element.textContent = ""; // the no-JavaScript fallback text
    var config = { responsive: true, displaylogo: false, modeBarButtonsToRemove: ["select2d", "lasso2d"] };
    return window.Plotly.newPlot(element, figure.data, figure.layout, config).then(function () {
      element.dataset.points = String(countPoints(figure));
      element.dataset.drawnAt = String(window.performance.now());
      element.dataset.drawn = "true";
      if (element.dataset.chart === "timeline") {
        // A click on a launch opens its page (the point's customdata is the launch id).
        element.on("plotly_click", function (event) {
          var point = event && event.points && event.points[0];
          if (point && typeof point.customdata === "string") {
            window.location.href = "/launches/" + encodeURIComponent(point.customdata);
          }
        });
      }
    });
  }

  function main() {
    // plotly.js has run by now (scripts run in order): the benchmark reads this mark.
    window.performance.mark("dashboard:draw-start");
    var source = document.getElementById("chart-data");
    if (!source || !window.Plotly) {
      return;
    }
    var figures;
    try {
      figures = JSON.parse(source.textContent);
    } catch (error) {
      console.error("chart data is not JSON", error);
      return;
    }
    document.querySelectorAll("[data-chart]").forEach(function (element) {
      var figure = figures[element.dataset.chart];
      if (!figure) {
        return;
      }
      draw(element, figure).catch(function (error) {
        element.dataset.drawn = "error";
        console.error("drawing chart " + element.dataset.chart + " failed", error);
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", main);
  } else {
    main();
  }
})();
