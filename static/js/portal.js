// Behaviour shared by every page. The Content Security Policy forbids inline handlers, so
// templates mark elements with data attributes and this file attaches the behaviour.

// A <select data-autosubmit> sends its form as soon as the choice changes (language, year and
// sector filters); each such form keeps a submit button in <noscript>.
document.addEventListener("change", (event) => {
  const field = event.target.closest("[data-autosubmit]");
  if (field && field.form) field.form.submit();
});
