// js_on_load of the badge component (app.create_app): one listener for the whole page.
// A click on any a.pc-chip (in the chat, the panel or the document view) becomes the
// badge's "cite" event carrying the chip's href; Python opens that paragraph in the panel.
// On a narrow screen the panel sits far below the chat: the click also scrolls the panel's
// column (its 引用原文 heading) to the top; the paragraph arrives below it.
window.__pcTrigger = trigger;
if (!window.__pcChipListener) {
  window.__pcChipListener = true;
  document.addEventListener('click', (event) => {
    const chip = event.target.closest && event.target.closest('a.pc-chip');
    if (!chip) return;
    event.preventDefault();
    event.stopPropagation();
    window.__pcTrigger('cite', {href: chip.getAttribute('href') || ''});
    const panel = document.getElementById('pc-panel');
    if (!panel) return;
    const top = panel.getBoundingClientRect().top;
    if (top < 0 || top > window.innerHeight * 0.6) {
      (document.getElementById('pc-side') || panel).scrollIntoView({block: 'start', behavior: 'smooth'});
    }
  }, true);
}
