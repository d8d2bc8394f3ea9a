// js_on_load of the badge component (app.create_app): one listener for the whole page.
// A click on any a.pc-chip (in the chat, the panel or the document view) becomes the
// badge's "cite" event carrying the chip's href; Python opens that paragraph in the panel.
window.__pcTrigger = trigger;
if (!window.__pcChipListener) {
  window.__pcChipListener = true;
  document.addEventListener('click', (event) => {
    const chip = event.target.closest && event.target.closest('a.pc-chip');
    if (!chip) return;
    event.preventDefault();
    event.stopPropagation();
    window.__pcTrigger('cite', {href: chip.getAttribute('href') || ''});
  }, true);
}
