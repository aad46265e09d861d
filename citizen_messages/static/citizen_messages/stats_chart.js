// Draws the reply statistics (received and answered messages per deputy) from the figures the
// page carries in <script id="stats-chart-data" type="application/json">. Chart.js is vendored.
(function () {
  "use strict";
  var source = document.getElementById("stats-chart-data");
  var canvas = document.getElementById("stats-chart");
  if (!source || !canvas || typeof Chart === "undefined") return;
  var figures = JSON.parse(source.textContent);
  var colours = ["#b3261e", "#2e7d32"];
  new Chart(canvas, {
    type: "bar",
    data: {
      labels: figures.labels,
      datasets: figures.datasets.map(function (d, i) {
        return { label: d.label, data: d.data, backgroundColor: colours[i % colours.length] };
      }),
    },
    options: {
      indexAxis: "y",
      maintainAspectRatio: false,
      animation: false,
      scales: { x: { beginAtZero: true, ticks: { precision: 0 } } },
      plugins: { legend: { position: "top" } },
    },
  });
  canvas.dataset.drawn = "true";
})();
