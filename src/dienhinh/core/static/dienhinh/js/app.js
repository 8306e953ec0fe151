// Small behaviours that need no inline script (CSP forbids it).
document.addEventListener("click", function (event) {
  var target = event.target.closest("[data-confirm]");
  if (target && !window.confirm(target.getAttribute("data-confirm"))) {
    event.preventDefault();
  }
});
