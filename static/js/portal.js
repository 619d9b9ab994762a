// Small progressive enhancements; the portal works without JavaScript.
document.addEventListener("change", function (event) {
  if (event.target.classList.contains("js-autosubmit")) {
    event.target.form.submit();
  }
});

// Bulk actions: the header's box selects or clears every row's box of the page (salsk_mentoring.tables.SelectColumn).
document.addEventListener("change", function (event) {
  if (event.target.classList.contains("js-select-all")) {
    var table = event.target.closest("table");
    table.querySelectorAll("input.js-select").forEach(function (box) {
      box.checked = event.target.checked;
    });
  }
});
