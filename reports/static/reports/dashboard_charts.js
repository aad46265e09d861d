// Draws every <canvas data-chart="key"> of the dashboard from the figures the page carries in
// <script id="dashboard-charts" type="application/json"> ({key: {type, labels, datasets}}).
// The tables next to the charts hold the same numbers (and the links to the records).
(function () {
  "use strict";
  var source = document.getElementById("dashboard-charts");
  if (!source || typeof Chart === "undefined") return;
  var charts = JSON.parse(source.textContent);
  var colours = ["#b3261e", "#1565c0", "#2e7d32", "#ef6c00", "#6a1b9a", "#00838f"];
  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var figures = charts[canvas.dataset.chart];
    if (!figures) return;
    var horizontal = figures.type === "bar" && figures.labels.length > 6;
    new Chart(canvas, {
      type: figures.type,
      data: {
        labels: figures.labels,
        datasets: figures.datasets.map(function (d, i) {
          var colour = colours[i % colours.length];
          return { label: d.label, data: d.data, backgroundColor: colour, borderColor: colour, tension: 0.2 };
        }),
      },
      options: {
        indexAxis: horizontal ? "y" : "x",
        maintainAspectRatio: false,
        animation: false,
        scales: horizontal
          ? { x: { beginAtZero: true, ticks: { precision: 0 } } }
          : { y: { beginAtZero: true, ticks: { precision: 0 } } },
        plugins: { legend: { display: figures.datasets.length > 1, position: "top" } },
      },
    });
    canvas.dataset.drawn = "true";
  });
})();
