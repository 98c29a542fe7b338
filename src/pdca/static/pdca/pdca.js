// Send the CSRF token with every htmx request (Django reads X-CSRFToken).
document.addEventListener("htmx:configRequest", function (event) {
  const token = document.querySelector('meta[name="csrf-token"]');
  if (token) { event.detail.headers["X-CSRFToken"] = token.content; }
});

// htmx: swap the answer of a refused save (400, or 409 for a conflicting edit) so its message shows.
document.addEventListener("DOMContentLoaded", function () {
  if (window.htmx) {
    htmx.config.responseHandling = [
      { code: "204", swap: false },
      { code: "[23]..", swap: true },
      { code: "(400|409)", swap: true, error: false },
      { code: "[45]..", swap: false, error: true },
    ];
  }
});

// Scoring screen: J/K (or arrows with Alt) move between requirements; 0–4 score the one in focus.
document.addEventListener("keydown", function (event) {
  const row = event.target.closest && event.target.closest("[data-row]");
  if (!row || event.target !== row || event.ctrlKey || event.metaKey || event.altKey) { return; }
  if (/^[0-4]$/.test(event.key)) {
    const button = row.querySelector('[data-score="' + event.key + '"]');
    if (button && !button.disabled) { event.preventDefault(); button.click(); }
  } else if (event.key === "j" || event.key === "k") {
    const rows = Array.from(document.querySelectorAll("[data-row]"));
    const next = rows[rows.indexOf(row) + (event.key === "j" ? 1 : -1)];
    if (next) { event.preventDefault(); next.focus(); next.scrollIntoView({ block: "center" }); }
  }
});

// After a row is re-rendered by a score, keep the keyboard focus on it.
document.addEventListener("htmx:afterSwap", function (event) {
  const row = event.detail.target;
  if (row && row.id && document.getElementById(row.id)) { document.getElementById(row.id).focus(); }
});

// "/" anywhere outside a field puts the cursor in the search box of the top bar.
document.addEventListener("keydown", function (event) {
  const box = document.getElementById("nav-search");
  const typing = event.target.closest && event.target.closest("input, textarea, select, [contenteditable]");
  if (event.key !== "/" || !box || typing || event.ctrlKey || event.metaKey || event.altKey) { return; }
  event.preventDefault();
  box.focus();
});
