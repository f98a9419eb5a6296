// "Select all on this page" for the moderation queue. The page works without it:
// the checkbox stays hidden unless this script runs.
document.addEventListener("DOMContentLoaded", function () {
  var all = document.querySelector(".select-all");
  if (!all) return;
  var rows = document.querySelectorAll(".row-select");
  all.hidden = false;
  all.addEventListener("change", function () {
    rows.forEach(function (box) { box.checked = all.checked; });
  });
  rows.forEach(function (box) {
    box.addEventListener("change", function () {
      var checked = Array.prototype.filter.call(rows, function (b) { return b.checked; }).length;
      all.checked = checked === rows.length;
      all.indeterminate = checked > 0 && checked < rows.length;
    });
  });
});
