// The editor's live check: while the author types, the form is sent to the editor's
// `tjek` (which writes nothing and runs the build's own checks on the front matter as
// typed), and each message is put beside its field, where a save would put it. The
// forms work without this script; it only shows the same messages sooner.
(function () {
  "use strict";
  var form = document.querySelector("form[data-tjek]");
  if (!form || !window.fetch || !window.URLSearchParams || !window.FormData) return;
  var url = form.getAttribute("data-tjek");
  var status = document.getElementById("live-status");
  var timer = null;
  var asked = 0;

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(check, 500);
  }

  function check() {
    var n = ++asked;
    var data = new URLSearchParams(new FormData(form));
    fetch(url, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    })
      .then(function (r) {
        return r.ok ? r.json() : null;
      })
      .then(function (answer) {
        // Only the newest answer counts: an older one may arrive later.
        if (answer && n === asked) show(answer);
      })
      .catch(function () {});
  }

  function say(text) {
    if (status && status.textContent !== text) status.textContent = text;
  }

  function count(n, one, many) {
    return n === 1 ? "1 " + one : n + " " + many;
  }

  function show(answer) {
    if (answer["forældet"]) {
      say("Filen er ændret et andet sted, siden formularen blev åbnet. Hent den igen, før du gemmer.");
      return;
    }
    if (!answer.felter) return;
    // The preview is the build's own rendering (raw HTML in the text is escaped by it).
    var preview = document.getElementById("visning");
    if (preview && typeof answer.visning === "string" && preview.innerHTML !== answer.visning) {
      preview.innerHTML = answer.visning;
      var heading = document.getElementById("visning-overskrift");
      if (heading) heading.textContent = "Sådan ser teksten ud (mens du skriver; ikke gemt)";
    }
    var old = form.parentNode.querySelectorAll("[data-besked]");
    for (var i = 0; i < old.length; i++) old[i].parentNode.removeChild(old[i]);
    var total = document.getElementById("fejl-i-alt");
    if (total) total.parentNode.removeChild(total);
    // What the last messages set on the controls goes; their hints stay.
    var invalid = form.querySelectorAll("[aria-invalid]");
    for (var k = 0; k < invalid.length; k++) invalid[k].removeAttribute("aria-invalid");
    var described = form.querySelectorAll("[aria-describedby]");
    for (var h = 0; h < described.length; h++) {
      var hints = hintsOf(described[h]);
      if (hints) described[h].setAttribute("aria-describedby", hints);
      else described[h].removeAttribute("aria-describedby");
    }
    var loose = [];
    answer.felter.forEach(function (field) {
      if (!place(field.id, field.beskeder)) loose = loose.concat(field.beskeder);
    });
    if (loose.length) {
      var box = document.createElement("div");
      box.className = "besked fejlboks";
      box.setAttribute("data-besked", "");
      var p = document.createElement("p");
      p.textContent = "Om filen som helhed:";
      box.appendChild(p);
      loose.forEach(function (m) {
        box.appendChild(message(m, null));
      });
      form.parentNode.insertBefore(box, form);
    }
    if (answer.fejl === 0 && answer.advarsler === 0) say("Tjekket mens du skriver: ingen fejl.");
    else
      say(
        "Tjekket mens du skriver: " +
          count(answer.fejl, "fejl", "fejl") +
          " og " +
          count(answer.advarsler, "advarsel", "advarsler") +
          ", se beskederne ved felterne. Intet er gemt endnu.",
      );
  }

  function hintsOf(el) {
    return (el.getAttribute("aria-describedby") || "")
      .split(" ")
      .filter(function (x) {
        return /-hint$/.test(x);
      })
      .join(" ");
  }

  function message(m, id) {
    var p = document.createElement("p");
    p.className = m.fejl ? "fejl" : "advarsel";
    p.setAttribute("data-besked", "");
    if (id) p.id = id;
    p.textContent = (m.fejl ? "Fejl: " : "Advarsel: ") + (id ? "" : m.sted ? m.sted + ": " : "") + m.tekst;
    return p;
  }

  // Puts the messages in the field's box (or a row's fieldset), after its hint, and
  // ties them to the control with aria-describedby.
  function place(id, messages) {
    if (!id) return false;
    var box = document.getElementById("felt-" + id) || document.getElementById(id);
    if (!box) return false;
    var control = document.getElementById(id);
    if (!control || control === box || !/^(INPUT|SELECT|TEXTAREA)$/.test(control.tagName)) {
      control = box.querySelector("fieldset.valg") || null;
    }
    var after = box.querySelector(".hint") || box.querySelector("label, legend");
    var error = false;
    var ids = [];
    messages.forEach(function (m, i) {
      var p = message(m, id + "-live-" + i);
      ids.push(p.id);
      error = error || m.fejl;
      if (after && after.parentNode) {
        after.parentNode.insertBefore(p, after.nextSibling);
        after = p;
      } else box.insertBefore(p, box.firstChild);
    });
    if (control) {
      var hints = hintsOf(control);
      control.setAttribute("aria-describedby", (hints ? hints + " " : "") + ids.join(" "));
      if (error && /^(INPUT|SELECT|TEXTAREA)$/.test(control.tagName)) control.setAttribute("aria-invalid", "true");
    }
    return true;
  }

  // A box ticked in an initiative's own list means its own list (the server reads it so
  // too); say so in the radio beside it.
  form.addEventListener("change", function (e) {
    var box = e.target;
    if (!box || box.type !== "checkbox" || !box.checked || !box.closest) return;
    var own = box.closest(".egne");
    var radio = own && own.parentNode.querySelector('input[type="radio"][value="egne"]');
    if (radio) radio.checked = true;
  });
  form.addEventListener("input", schedule);
  form.addEventListener("change", schedule);
})();
