// A job's page follows its job without reloading (templates/jobs/detail.html): it asks /jobs/<id>/status/
// (salsk_mentoring.jobs.job_state) as soon as it loads, then every 0.7 s while the job is queued or running (every
// 2 s after the first 20 s), and updates the state, the progress bar and the line under it in place. A screen
// reader hears a change of state or stage (not every number) from a polite live region; when the document is ready
// the download button appears (and takes the keyboard focus if nothing else has it); a failure shows its Russian
// message. Without JavaScript the page reloads itself (the meta refresh in <noscript>).
(function () {
  "use strict";
  var box = document.querySelector(".js-job[data-status-url]");
  if (!box || !window.fetch) {
    return;
  }
  var FAST = 700;
  var SLOW = 2000;
  var FAST_FOR = 20000;
  var ANNOUNCE_EVERY = 10000; // the same stage is told again at most this often
  var started = Date.now();
  var part = function (name) { return box.querySelector(".js-job-" + name); };
  var last = { state: box.dataset.state, stage: stageOf(part("text").textContent), told: Date.now(), text: "" };

  // «Выборка строк: 1 200 из 1 572» → «Выборка строк»: the stage whose numbers change.
  function stageOf(text) {
    return text.split(":")[0];
  }

  function announce(text) {
    var live = part("announce");
    if (live && text !== last.text) {
      live.textContent = text;
      last.text = text;
      last.told = Date.now();
    }
  }

  function show(job) {
    part("label").textContent = job.label + ".";
    part("text").textContent = job.message;
    var bar = part("bar");
    bar.setAttribute("aria-valuenow", String(job.percent));
    bar.setAttribute("aria-valuetext", job.percent + " %" + (job.state === "running" ? ", " + job.message : ""));
    bar.querySelector("progress").value = job.percent;
    var stage = stageOf(job.message);
    if (job.state !== last.state || stage !== last.stage || Date.now() - last.told >= ANNOUNCE_EVERY) {
      if (!job.finished) {
        announce(job.label + ". " + job.message);
      }
    }
    last.state = job.state;
    last.stage = stage;
    if (job.finished) {
      finish(job);
    }
  }

  function finish(job) {
    part("bar").hidden = true;
    part("refreshing").hidden = true;
    if (job.finished_at) {
      part("finished").textContent = ", завершена " + job.finished_at;
    }
    var focusFree = !document.activeElement || document.activeElement === document.body;
    if (job.state === "done") {
      var link = part("download");
      link.href = job.download_url;
      part("result").textContent = job.result_name;
      link.hidden = false;
      announce(job.label + ". " + job.message);
      if (focusFree) {
        link.focus();
      }
    } else {
      part("line").hidden = true;
      var error = part("error");
      error.hidden = false;
      error.textContent = job.message; // role=alert: read out as it appears
    }
  }

  function next() {
    window.setTimeout(poll, Date.now() - started < FAST_FOR ? FAST : SLOW);
  }

  function poll() {
    fetch(box.dataset.statusUrl, { credentials: "same-origin", cache: "no-store", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (response.status === 404) { // the job went (expired, another session): the page says what happened
          window.location.reload();
          return null;
        }
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.json();
      })
      .then(function (job) {
        if (job) {
          show(job);
          if (!job.finished) {
            next();
          }
        }
      })
      .catch(function () { // the network or the server hiccuped: keep asking, slowly
        window.setTimeout(poll, SLOW);
      });
  }

  poll(); // at once: a short job may be half done by the time the page and its script have loaded
})();
