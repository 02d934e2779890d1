// "Copy link" on a listing: an enhancement; without it the link stays selectable.
(function () {
  "use strict";
  var button = document.querySelector(".listing-copy");
  if (!button || !navigator.clipboard) { return; }
  var field = document.getElementById(button.getAttribute("data-copy-target"));
  var status = document.querySelector(".listing-copy-status");
  button.hidden = false;
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(field.value).then(function () {
      status.textContent = button.getAttribute("data-copied");
    }, function () {
      field.select();
      status.textContent = button.getAttribute("data-failed");
    });
  });
})();
