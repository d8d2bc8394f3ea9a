// Gradio's progress line ("processing | 1.2s", "queue: 2/3 | 4.0s") is hard-coded English in its
// status tracker, outside its translation keys: a reader with any browser saw it over an answer
// or an upload being indexed. Its words are put in Chinese as they appear, before the browser
// paints them. Only the tracker's own text is touched: document text is never rewritten.
() => {
    const WORDS = [[/^processing \|/, "处理中 |"], [/^queue: /, "排队 "]];
    const TRACKER = ".progress-text, .meta-text, .meta-text-center";
    const translate = (node) => {
        if (node.nodeType !== Node.TEXT_NODE || !node.parentElement?.closest(TRACKER)) return;
        for (const [english, chinese] of WORDS) {
            if (english.test(node.nodeValue)) node.nodeValue = node.nodeValue.replace(english, chinese);
        }
    };
    const walk = (root) => {
        if (root.nodeType === Node.TEXT_NODE) return translate(root);
        const texts = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        while (texts.nextNode()) translate(texts.currentNode);
    };
    new MutationObserver((records) => {
        for (const record of records) {
            if (record.type === "characterData") translate(record.target);
            else record.addedNodes.forEach(walk);
        }
    }).observe(document.body, {childList: true, subtree: true, characterData: true});
    walk(document.body);
}
