// Discovery screen: the "Giải thích" button opens the explanation below its row
// (htmx fetches it) and closes it when pressed again, without a second request.
document.addEventListener("htmx:beforeRequest", function (event) {
  var button = event.detail.elt;
  if (!button.classList || !button.classList.contains("explain-toggle")) return;
  var box = document.getElementById(button.getAttribute("aria-controls"));
  if (box && box.innerHTML.trim() !== "") {
    event.preventDefault();
    box.innerHTML = "";
    button.setAttribute("aria-expanded", "false");
  } else {
    button.setAttribute("aria-expanded", "true");
  }
});
