// After 复制回答: put the copy box's text on the clipboard (silently skipped where not allowed).
(text) => { if (text && navigator.clipboard) navigator.clipboard.writeText(text).catch(() => {}); }
