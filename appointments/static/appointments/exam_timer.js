// Count the exam's remaining time down; when it reaches zero, hand in.
(function () {
  var timer = document.getElementById("exam-timer");
  var form = document.getElementById("exam-form");
  if (!timer || !form) return;
  var left = parseInt(timer.dataset.seconds, 10);
  function show() {
    var m = Math.floor(left / 60), s = left % 60;
    timer.textContent = m + ":" + (s < 10 ? "0" : "") + s;
  }
  show();
  var tick = setInterval(function () {
    left -= 1;
    if (left <= 0) {
      clearInterval(tick);
      var action = document.createElement("input");
      action.type = "hidden"; action.name = "action"; action.value = "submit";
      form.appendChild(action);
      form.submit();
      return;
    }
    show();
  }, 1000);
})();
