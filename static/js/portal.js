// Small progressive enhancements; the portal works without JavaScript.
document.addEventListener("change", function (event) {
  if (event.target.classList.contains("js-autosubmit")) {
    event.target.form.submit();
  }
});
