// Details buttons open and close the row below them. Delegated from the document, so rows that htmx
// swaps in work without re-binding; a file rather than inline script, as the Content-Security-Policy asks. A button
// submits its form, the entry page, only without script.
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-details]");
  if (!button) return;
  event.preventDefault();
  var row = document.getElementById(button.getAttribute("data-details"));
  row.hidden = !row.hidden;
  focusableWhereScrolled(row);
  button.setAttribute("aria-expanded", String(!row.hidden)); // the name stays "Details": the state says open or not
});

// A value cut to its box's height (a long before or after value, a long description) scrolls within the box; a box
// that scrolls takes focus, so that it can be scrolled from the keyboard, and is named for a screen reader. Only those
// that do scroll: a tab stop on every value would lengthen the way through the page for nothing.
function focusableWhereScrolled(root) {
  root.querySelectorAll(".changes .value, .long-description").forEach(function (box) {
    if (box.scrollHeight <= box.clientHeight || box.hasAttribute("tabindex")) return;
    var cell = box.closest("td"), row = box.closest("tr");
    var field = row && row.querySelector(".field-name");
    box.setAttribute("tabindex", "0");
    box.setAttribute("role", "region");
    box.setAttribute("aria-label", cell && field ? (cell.classList.contains("before") ? "Before: " : "After: ")
        + field.textContent : "Description");
  });
}
document.addEventListener("DOMContentLoaded", function () { focusableWhereScrolled(document); });

// The tenant menu closes on Escape, as menus do, and hands focus back to the control that opened it.
document.addEventListener("keydown", function (event) {
  var menu = event.key === "Escape" && event.target.closest ? event.target.closest("details.switch[open]") : null;
  if (!menu) return;
  menu.open = false;
  menu.querySelector("summary").focus();
});

// The filter form asks only for the filters in use, so the URL it pushes is worth bookmarking (no "q=&event=&…").
document.addEventListener("htmx:configRequest", function (event) {
  if (!event.detail.elt.matches("form.filters")) return;
  var data = event.detail.formData;
  Array.from(new Set(data.keys())).forEach(function (name) {
    if (data.getAll(name).every(function (value) { return value === ""; })) data.delete(name);
  });
});

// A period and a From/To range are two ways to say one span of time; given together they only narrow each other, or
// match nothing. So choosing one empties the other before the form asks for the view (capture: before htmx's own
// change listener on the form reads the controls). Without script the form sends both and the view says if they clash.
document.addEventListener("change", function (event) {
  var control = event.target, form = control.form;
  if (!form || !form.matches("form.filters") || control.value === "") return;
  if (control.name === "period") {
    form.elements.from.value = "";
    form.elements.to.value = "";
  } else if (control.name === "from" || control.name === "to") {
    form.elements.period.value = "";
  }
}, true);

// Several of the form's triggers fire for one action: Enter submits, and the search box's delayed trigger and its
// change event follow with the same filters. A request for the view asked for less than two seconds ago is dropped;
// pressing Enter again later still refreshes the view.
//
// Each view the form asks for is a step in the browser's history (hx-push-url), so that Back returns to the view
// before it; but not while one control is still being worked. A pause in typing in the search box asks for a view
// that is provisional: the next view from the same box (another pause, Enter, leaving the box) takes its place, so a
// word typed slowly is one step rather than one per prefix. A select changed again within two seconds (stepped through
// with the arrow keys) takes the place of the choice before. The URL shows the filters all the same, for a bookmark.
// The choice is made here, once per request and in their order, and travels on the request's event detail, which
// htmx hands on to htmx:beforeHistoryUpdate. A view of the filters the URL already shows is never a new step.
var lastFilterRequest = { path: null, at: 0 };
var lastStep = null;
document.addEventListener("htmx:beforeRequest", function (event) {
  if (!event.detail.elt.matches("form.filters")) return;
  if (yearBeingTyped(event.detail.requestConfig.triggeringEvent)) {
    event.preventDefault();
    return;
  }
  var path = event.detail.pathInfo.finalRequestPath, now = Date.now();
  var step = historyStep(event.detail.requestConfig.triggeringEvent);
  if (path === lastFilterRequest.path && now - lastFilterRequest.at < 2000) {
    event.preventDefault();
    if (!step.typing && lastStep && lastStep.control === step.control) lastStep.typing = false; // the word is done
    return;
  }
  lastFilterRequest = { path: path, at: now };
  event.detail.replacesLastStep = continuesLastStep(step);
  lastStep = step;
});
document.addEventListener("htmx:beforeHistoryUpdate", function (event) {
  var update = event.detail.history;
  if (event.detail.replacesLastStep || update.path === window.location.pathname + window.location.search) {
    update.type = "replace";
  }
});

// Typing a year in a date control changes its value at each digit (0002, 0020, 0202, 2026): a year before 1000 is
// one still being typed, and asks for no view.
function yearBeingTyped(trigger) {
  return !!(trigger && trigger.target && trigger.target.type === "date" && /^0/.test(trigger.target.value));
}

// The control a request of the filter form came from (for Enter, the field it was pressed in), whether a pause in
// typing sent it, and when its control changed.
function historyStep(trigger) {
  return { control: trigger.type === "submit" ? document.activeElement : trigger.target,
           typing: trigger.type === "input", at: trigger.timeStamp };
}

function continuesLastStep(step) {
  if (!lastStep || lastStep.control !== step.control) return false;
  return lastStep.typing || (step.control.matches("select") && step.at - lastStep.at < 2000);
}

// The export buttons export the view on screen. A filter typed but not yet applied (no Enter, no change event yet:
// clicking the button is what ends the typing) would otherwise export the view before it, not the one the page
// shows a moment later. So a click with filters pending applies them first, and the export runs once the view
// they give has arrived, from its own button; a refused filter shows its error and exports nothing.
var pendingExport = null;
document.addEventListener("click", function (event) {
  var button = event.target.closest("form.export button[name=format]");
  var form = document.querySelector("form.filters");
  if (!button || !form || !filtersPending(form)) return;
  event.preventDefault();
  pendingExport = { format: button.value, until: Date.now() + 10000 };
  htmx.trigger(form, "submit");
});
document.addEventListener("htmx:afterSettle", function (event) {
  if (!pendingExport || !filtersSettled(event)) return;
  var wanted = pendingExport;
  pendingExport = null;
  if (Date.now() > wanted.until) return;
  var button = document.querySelector('#results form.export button[value="' + wanted.format + '"]');
  if (!button) return;
  button.focus(); // the button clicked went with the view it was in: focus would fall to the page's start
  button.click();
});

// The new count, told to screen readers: #results is replaced whole, so it is copied into a live region outside it.
// A filter the server refused marks its control invalid and described by the message, until a view is shown.
document.addEventListener("htmx:afterSettle", function (event) {
  var status = document.getElementById("results-status"), count = document.getElementById("count");
  if (!status || !filtersSettled(event)) return;
  status.textContent = count ? count.textContent : "";
  markRefusedFilter();
});
// A page that arrives with a refused filter (a bookmark, a reload, a link) puts focus on it, as the form's other errors do.
document.addEventListener("DOMContentLoaded", function () {
  var refused = markRefusedFilter();
  if (refused) refused.focus();
});

// Returns the control marked, if any.
function markRefusedFilter() {
  document.querySelectorAll('form.filters [aria-invalid="true"]').forEach(function (control) {
    control.removeAttribute("aria-invalid");
    control.removeAttribute("aria-describedby");
  });
  var error = document.getElementById("filter-error");
  var control = error && error.dataset.control ? document.getElementById(error.dataset.control) : null;
  if (!control) return null;
  control.setAttribute("aria-invalid", "true");
  control.setAttribute("aria-describedby", "filter-error");
  return control;
}

// A view that did not come: the server refused the request before the page could show why (a search too long for
// the request line is a 414 whose problem document says so), or it could not be reached. htmx swaps nothing then, so
// the page says it above the results, and that the entries shown are still the view before; the next view that
// arrives takes the message away.
document.addEventListener("htmx:responseError", function (event) {
  var xhr = event.detail.xhr, why = "the server answered " + xhr.status;
  if (xhr.status === 414) {
    viewFailed(event, "the filters are too long to send in the page's address, the search most likely: shorten it");
    return;
  }
  try {
    var problem = JSON.parse(xhr.responseText);
    if (problem && problem.detail) why = problem.detail;
  } catch (notJson) { /* the status is all there is to say */ }
  viewFailed(event, why);
});
document.addEventListener("htmx:sendError", function (event) { viewFailed(event, "the server could not be reached"); });
document.addEventListener("htmx:timeout", function (event) { viewFailed(event, "the server did not answer in time"); });
document.addEventListener("htmx:afterSettle", function (event) {
  var failed = document.getElementById("view-failed");
  if (failed && filtersSettled(event)) failed.remove();
});

function viewFailed(event, why) {
  var results = document.getElementById("results");
  if (!results || !filtersSettled(event)) return;
  var failed = document.getElementById("view-failed");
  if (!failed) {
    failed = document.createElement("p");
    failed.id = "view-failed";
    failed.className = "error-message";
    failed.setAttribute("role", "alert");
    results.parentNode.insertBefore(failed, results);
  }
  failed.textContent = "This view could not be shown: " + why + ". The entries below are still those of the view before.";
}

// Whether an htmx settle is that of the filter form's request: the view the filters give has arrived.
function filtersSettled(event) {
  var config = event.detail.requestConfig;
  return !!(config && config.elt && config.elt.matches("form.filters"));
}

function filtersPending(form) {
  var shown = new URLSearchParams(window.location.search);
  return Array.from(new FormData(form).entries()).some(function (field) {
    return String(field[1]).trim() !== (shown.get(field[0]) || "").trim();
  });
}

// A form sent back with errors: each field a message describes is marked invalid, and focus goes to the first (which
// then reads its message), or to the first message that describes no field, so that neither is found only by looking.
document.addEventListener("DOMContentLoaded", function () {
  var first = null;
  document.querySelectorAll(".field-error[id]").forEach(function (error) {
    var fields = document.querySelectorAll('[aria-describedby~="' + error.id + '"]');
    fields.forEach(function (field) { field.setAttribute("aria-invalid", "true"); });
    if (!first && fields.length === 0) error.setAttribute("tabindex", "-1");
    if (!first) first = fields.length ? fields[0] : error;
  });
  if (first) first.focus();
});

// A form with data-confirm (revoking an API key, which cannot be undone) asks before it is sent; declined, nothing is
// sent. The question is the attribute's text, set by the server; delegated, like the handlers above.
document.addEventListener("submit", function (event) {
  var form = event.target.closest("form[data-confirm]");
  if (form && !window.confirm(form.getAttribute("data-confirm"))) event.preventDefault();
});
