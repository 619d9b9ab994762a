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

// A wide table scrolls sideways in its box (.table-responsive), not the page: the box is made reachable by the
// keyboard (arrow keys scroll it) and named after its table's caption or the nearest heading (WCAG 2.1.1).
function portalScrollBoxes() {
  document.querySelectorAll(".table-responsive").forEach(function (box) {
    if (box.scrollWidth > box.clientWidth + 1) {
      if (!box.hasAttribute("tabindex")) {
        var name = (box.querySelector("caption") || portalHeadingBefore(box) || {}).textContent || "Таблица";
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "group");
        box.setAttribute("aria-label", name.trim().replace(/\s+/g, " ") + " (прокручивается вбок)");
      }
    } else if (box.getAttribute("tabindex") === "0" && box.getAttribute("role") === "group") {
      box.removeAttribute("tabindex");
      box.removeAttribute("role");
      box.removeAttribute("aria-label");
    }
  });
}
// The nearest heading above an element: a previous sibling of it or of one of its ancestors (or a card's header).
function portalHeadingBefore(element) {
  for (var node = element; node && node !== document.body; node = node.parentElement) {
    for (var prev = node.previousElementSibling; prev; prev = prev.previousElementSibling) {
      if (prev.matches("h1, h2, h3, h4, .card-header")) return prev;
      var inner = prev.querySelectorAll("h1, h2, h3, h4");
      if (inner.length) return inner[inner.length - 1];
    }
  }
  return null;
}
portalScrollBoxes();
window.addEventListener("resize", portalScrollBoxes);
