// Import page: show upload progress for large files and a "checking" state while the server validates.
(function () {
  "use strict";
  var form = document.querySelector(".js-import-upload");
  if (!form || !window.XMLHttpRequest || !window.FormData) {
    return;
  }
  var box = form.querySelector(".js-import-progress");
  var bar = form.querySelector(".js-import-bar");
  var status = form.querySelector(".js-import-status");
  form.addEventListener("submit", function (event) {
    var input = form.querySelector("input[type=file]");
    if (!input.files.length) {
      return;
    }
    event.preventDefault();
    var xhr = new XMLHttpRequest();
    xhr.open("POST", window.location.href);
    box.classList.remove("d-none");
    status.classList.remove("d-none");
    xhr.upload.addEventListener("progress", function (e) {
      if (e.lengthComputable) {
        var percent = Math.round((e.loaded / e.total) * 100);
        bar.style.width = percent + "%";
        box.setAttribute("aria-valuenow", String(percent));
        status.textContent = "Загружено " + percent + " %";
      }
    });
    xhr.upload.addEventListener("load", function () {
      bar.style.width = "100%";
      status.textContent = "Файл загружен, идёт проверка строк…";
    });
    xhr.addEventListener("load", function () {
      document.open();
      document.write(xhr.responseText);
      document.close();
    });
    xhr.addEventListener("error", function () {
      status.textContent = "Связь прервалась; попробуйте ещё раз.";
    });
    xhr.send(new FormData(form));
  });
})();
