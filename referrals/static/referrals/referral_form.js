// Referral form: the requested route only applies to a tertiary referral (the server checks it as well).
document.addEventListener("DOMContentLoaded", function () {
  var phase = document.getElementById("id_phase");
  var route = document.getElementById("field-tertiary_route");
  if (!phase || !route) { return; }
  var select = document.getElementById("id_tertiary_route");
  function sync() {
    var tertiary = phase.value === "tertiary";
    route.classList.toggle("is-hidden", !tertiary);
    if (!tertiary && select) { select.value = ""; }
  }
  phase.addEventListener("change", sync);
  sync();
});
