"""Validate a blind Q&A file against its document (independent of policy-chat's code).

usage: python validate.py DOCUMENT QA.jsonl
Checks: JSON format and keys; every evidence string and every fact occurs in the document's
text (after NFKC and removing all whitespace); type counts.
"""
import json, re, sys, unicodedata, collections
from pathlib import Path

TYPES = {"number", "fact", "list", "why_how", "section", "multi", "unanswerable", "followup"}
KEYS = {"id", "q", "turns", "type", "facts", "evidence", "notes"}

def norm(s): return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s))

def text_of(path: Path) -> str:
    data = path.read_bytes(); suf = path.suffix.lower()
    def dec(b):
        for enc in ("utf-8-sig", "gb18030"):
            try: return b.decode(enc)
            except UnicodeDecodeError: pass
        raise SystemExit("cannot decode " + str(path))
    if suf in (".txt", ".md"): return dec(data)
    if suf in (".html", ".htm"):
        from bs4 import BeautifulSoup
        return BeautifulSoup(dec(data), "html.parser").get_text("\n")
    if suf == ".docx":
        import docx
        d = docx.Document(str(path)); out = [p.text for p in d.paragraphs]
        for t in d.tables:
            for r in t.rows:
                out.extend(c.text for c in r.cells)
        for s in d.sections:
            out.extend(p.text for p in s.header.paragraphs); out.extend(p.text for p in s.footer.paragraphs)
        return "\n".join(out)
    if suf == ".pdf":
        import pypdf
        return "\n".join(pg.extract_text() or "" for pg in pypdf.PdfReader(str(path)).pages)
    raise SystemExit("unsupported suffix " + suf)

def main(doc, qa):
    text = norm(text_of(Path(doc)))
    if len(text) < 1500: print(f"WARNING: only {len(text)} characters of text could be read from {doc}")
    errs = []; types = collections.Counter(); ids = set()
    for n, line in enumerate(Path(qa).read_text("utf-8").splitlines(), 1):
        if not line.strip(): continue
        try: it = json.loads(line)
        except json.JSONDecodeError as e: errs.append(f"line {n}: invalid JSON ({e})"); continue
        extra = set(it) - KEYS
        if extra: errs.append(f"line {n}: unknown keys {extra}")
        for k in ("id", "type", "facts", "evidence"):
            if k not in it: errs.append(f"line {n}: missing {k}")
        if ("q" in it) == ("turns" in it): errs.append(f"line {n}: exactly one of q / turns")
        t = it.get("type"); types[t] += 1
        if t not in TYPES: errs.append(f"line {n}: bad type {t}")
        if t == "followup" and not (isinstance(it.get("turns"), list) and len(it["turns"]) >= 2):
            errs.append(f"line {n}: followup needs turns with 2+ questions")
        if it.get("id") in ids: errs.append(f"line {n}: duplicate id")
        ids.add(it.get("id"))
        if t == "unanswerable" and (it.get("facts") or it.get("evidence")):
            errs.append(f"line {n}: unanswerable must have empty facts and evidence")
        if t != "unanswerable" and not it.get("evidence"): errs.append(f"line {n}: answerable needs evidence")
        for e in it.get("evidence", []):
            if not (6 <= len(norm(e)) <= 30): errs.append(f"line {n}: evidence {e!r} should be 8-25 characters")
            if norm(e) not in text: errs.append(f"line {n}: evidence not in document: {e!r}")
        for f in it.get("facts", []):
            if norm(f) not in text: errs.append(f"line {n}: fact not in document: {f!r}")
    for e in errs: print(e)
    print(dict(types), "total", sum(types.values()))
    print("OK" if not errs else f"{len(errs)} problem(s)")

if __name__ == "__main__":
    main(*sys.argv[1:3])
