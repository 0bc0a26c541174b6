/* A page left open while the team moved to new data: every answer says which model gave it
   (the X-Model-Id header, as readiness and the About tab name it). When an answer comes from
   another model than the one the page was drawn with (during or after a rolling update), the
   page says so in words above its content and offers a reload: its choices (credentials,
   fields, institutions) may no longer be the current data's. Nothing else changes; the
   callbacks still answer, with a result or a message. */
(function () {
  var drawnWith = null;
  var told = false;
  var realFetch = window.fetch;

  function tell(now) {
    if (told) { return; }
    told = true;
    var note = document.createElement("div");
    note.className = "alert alert-info d-flex flex-wrap align-items-center gap-2 py-2 mb-3";
    note.id = "page-model-changed";
    note.setAttribute("role", "status");
    var words = document.createElement("span");
    words.textContent = "The data behind this dashboard has been updated (model " + drawnWith +
      " is now " + now + "). Reload the page to see the current data and choices.";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-sm btn-primary";
    button.textContent = "Reload the page";
    button.addEventListener("click", function () { window.location.reload(); });
    note.appendChild(words);
    note.appendChild(button);
    var main = document.getElementById("main");
    (main || document.body).insertBefore(note, (main || document.body).firstChild);
  }

  window.fetch = function (resource, init) {
    return realFetch.apply(this, arguments).then(function (response) {
      var url = typeof resource === "string" ? resource : (resource && resource.url) || "";
      var model = response.headers.get("X-Model-Id");
      if (model && url.indexOf("_dash-layout") !== -1) {
        drawnWith = model;
      } else if (model && drawnWith && model !== drawnWith &&
                 url.indexOf("_dash-update-component") !== -1) {
        tell(model);
      }
      return response;
    });
  };
})();
