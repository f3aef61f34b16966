// Zorgpad page behaviour. No inline scripts anywhere (Content-Security-Policy); small and dependency-free.
document.addEventListener("DOMContentLoaded", function () {
  // Buttons that ask for confirmation carry data-confirm="question".
  document.querySelectorAll("[data-confirm]").forEach(function (el) {
    el.addEventListener("click", function (event) {
      if (!window.confirm(el.getAttribute("data-confirm"))) { event.preventDefault(); }
    });
  });
});
