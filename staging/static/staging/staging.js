// Staging form: show only the fields of the chosen staging system (the server ignores the other systems' fields).
(function () {
  function sync(form) {
    var select = form.querySelector("select[name=system]");
    if (!select) { return; }
    form.querySelectorAll("fieldset[data-system]").forEach(function (fieldset) {
      fieldset.hidden = fieldset.getAttribute("data-system").split(" ").indexOf(select.value) < 0;
    });
  }
  document.addEventListener("change", function (event) {
    var form = event.target.closest && event.target.closest("form.staging-form");
    if (form && event.target.name === "system") { sync(form); }
  });
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form.staging-form").forEach(sync);
  });
})();
