// Copied text without the soft hyphens that the build puts into long words of headings
// (exts/handbok/hyphenate.py): a reader who copies a heading gets the word as it is written.
document.addEventListener("copy", function (event) {
  var text = String(window.getSelection());
  if (text.indexOf("\u00ad") < 0 || !event.clipboardData) return;
  event.clipboardData.setData("text/plain", text.replace(/\u00ad/g, ""));
  event.preventDefault();
});
