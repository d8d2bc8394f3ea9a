// After 在文档中查看: scroll the document view to the highlighted paragraph.
() => { setTimeout(() => {
  const el = document.querySelector('#pc-docview .pc-focus');
  if (el) el.scrollIntoView({block: 'center'});
}, 300); }
