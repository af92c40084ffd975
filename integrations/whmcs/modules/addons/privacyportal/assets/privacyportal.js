// The privacy portal page in the client area. When the browser shows the page again from
// its back/forward cache, the launch token it was built with is spent, so this asks the
// addon for a fresh one and starts the widget again with it.
(function () {
  "use strict";

  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) return;
    var box = document.querySelector(".privacyportal[data-token-url]");
    var old = box && box.querySelector("privacy-portal");
    if (!old) return;

    fetch(box.getAttribute("data-token-url"), {
      method: "POST",
      credentials: "same-origin",
      cache: "no-store",
      body: new URLSearchParams({ token: box.getAttribute("data-csrf") || "" }),
    })
      .then(function (response) {
        if (!response.ok) throw new Error("token request answered " + response.status);
        return response.json();
      })
      .then(function (answer) {
        var fresh = document.createElement("privacy-portal");
        fresh.setAttribute("api", old.getAttribute("api") || "");
        fresh.setAttribute("locale", old.getAttribute("locale") || "");
        fresh.setAttribute("launch-token", answer.launch_token);
        old.replaceWith(fresh);
      })
      .catch(function () {
        // Logged out meanwhile, or the session expired: a reload shows WHMCS's own answer.
        window.location.reload();
      });
  });
})();
