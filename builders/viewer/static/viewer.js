// Claims: the button at a claim's start, or a click anywhere on the highlighted claim, opens its details below the
// sentence; the buttons' aria-expanded follows the details. A link to #claim-... opens that claim on arrival.
"use strict";

function syncButtons(details) {
  for (const button of document.querySelectorAll(".claim-tag")) {
    if (button.getAttribute("aria-controls") === details.id) {
      button.setAttribute("aria-expanded", details.open ? "true" : "false");
    }
  }
}

function openClaim(id, focus) {
  const details = document.getElementById(id);
  if (!details || details.tagName !== "DETAILS") {
    return;
  }
  details.open = true;
  syncButtons(details);
  if (focus) {
    details.querySelector("summary").focus();
  }
}

document.addEventListener("click", (event) => {
  const button = event.target.closest(".claim-tag");
  if (button) {
    const details = document.getElementById(button.getAttribute("aria-controls"));
    if (details) {
      details.open = !details.open;
      syncButtons(details);
    }
    return;
  }
  const claim = event.target.closest(".claim[data-target]");
  if (claim) {
    openClaim(claim.getAttribute("data-target"), true);
  }
});

document.addEventListener("toggle", (event) => {
  if (event.target.classList && event.target.classList.contains("claim-detail")) {
    syncButtons(event.target);
  }
}, true);

function openFromHash() {
  if (location.hash.length > 1) {
    openClaim(decodeURIComponent(location.hash.slice(1)), false);
  }
}

window.addEventListener("hashchange", openFromHash);
document.addEventListener("DOMContentLoaded", openFromHash);
