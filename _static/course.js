/*
 * 좁은 화면에서 표를 세로로 쌓을 때(_static/course.css) 칸마다 보일 열 제목: th의 글자를 data-label로.
 */
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll(".bd-article table.table").forEach(function (table) {
    var heads = Array.from(table.querySelectorAll("thead th")).map(function (th) {
      return th.textContent.trim();
    });
    if (!heads.length) return;
    table.querySelectorAll("tbody tr").forEach(function (row) {
      Array.from(row.children).forEach(function (cell, i) {
        if (heads[i]) cell.setAttribute("data-label", heads[i]);
      });
    });
  });
});
