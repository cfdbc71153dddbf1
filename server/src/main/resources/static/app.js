// Details buttons open and close the row below them. Delegated from the document, so rows that htmx
// swaps in work without re-binding; a file rather than inline script, as the Content-Security-Policy asks.
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-details]");
  if (!button) return;
  var row = document.getElementById(button.getAttribute("data-details"));
  row.hidden = !row.hidden;
  button.setAttribute("aria-expanded", String(!row.hidden));
  button.textContent = row.hidden ? "Details" : "Hide";
});
