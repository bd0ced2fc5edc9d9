// Draws the bar chart of the proposals' handling statistics from the JSON that
// the page renders with json_script. The tables below stay the accessible,
// JavaScript-free version of the same figures.
(function () {
  "use strict";

  function draw() {
    var section = document.querySelector("[data-chart='proposals-stats']");
    var source = document.getElementById("proposals-chart-data");
    if (!section || !source || typeof window.Chart === "undefined") {
      return;
    }
    var data = JSON.parse(source.textContent);
    var colours = ["#b5121b", "#1f6feb", "#2da44e"];
    section.classList.remove("d-none");
    var canvas = document.getElementById("proposals-chart");
    var width = section.clientWidth || 600;
    // One band of bars per organisation; the chart grows with the list.
    var height = Math.max(240, data.labels.length * 28 + 80);
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: data.series.map(function (series, index) {
          return {
            label: series.label,
            data: series.values,
            backgroundColor: colours[index % colours.length],
          };
        }),
      },
      options: {
        indexAxis: "y",
        aspectRatio: width / height,
        animation: false,
        scales: { x: { min: 0, max: 100 } },
        plugins: { legend: { position: "top" } },
      },
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
