"""The scale benchmark's notice generator: deterministic, distinct, parseable, with answerable questions.

The benchmark itself (``make bench-scale``) is too slow for ``make test``; what its figures rest
on is checked here: the same seed gives the same corpus, notices differ, their numbering still
parses as 一、（一）1. after reordering, and every known-document question's evidence is in its
notice.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest

from benchmarks.notices import (
    generate,
    load_templates,
    notice_files,
    read_questions,
    template_paths,
    write_corpus,
)
from benchmarks.scale_report import fit
from index.document import Document, normalize
from index.loaders import read_document
from index.structure import parse_document


@pytest.fixture(scope="module")
def templates():  # type: ignore[no-untyped-def]
    return load_templates()


def _ordinals_by_parent(doc: Document) -> dict[str, list[int]]:
    """Numbered children's ordinals (last part of their ID), by parent ID, in reading order."""
    out: dict[str, list[int]] = defaultdict(list)
    for p in doc.paragraphs:
        if p.kind in ("heading", "item") and re.fullmatch(r"[0-9.]+", p.local_id):
            parent, _, last = p.local_id.rpartition(".")
            out[parent].append(int(last))
    return out


def test_templates_are_the_development_documents_only() -> None:
    ids = [doc_id for doc_id, _ in template_paths()]
    assert len(ids) >= 5
    assert not [d for d in ids if d.startswith("heldout")]


def test_same_seed_same_notices_and_another_seed_others(templates) -> None:  # type: ignore[no-untyped-def]
    first = [n.text for n in generate(12, seed=7, templates=templates)]
    again = [n.text for n in generate(12, seed=7, templates=templates)]
    other = [n.text for n in generate(12, seed=8, templates=templates)]
    assert first == again
    assert sum(a != b for a, b in zip(first, other, strict=True)) >= 11


def test_notices_are_distinct_and_vary_place_figures_and_order(templates) -> None:  # type: ignore[no-untyped-def]
    notices = list(generate(3 * len(templates), seed=0, templates=templates))
    assert len({n.text for n in notices}) == len(notices)
    by_template = defaultdict(list)
    for n in notices:
        by_template[n.template].append(n)
    for template in templates:
        siblings = by_template[template.id]
        assert len({n.place for n in siblings}) == len(siblings)  # a different issuing place each time
        for n in siblings:
            assert n.place in n.text
            for stem, _ in template.places:
                assert stem not in n.text  # the template's own place is gone
    reordered = 0
    for n in notices:
        template = next(t for t in templates if t.id == n.template)
        old = [normalize(p.title) for p in template.document.paragraphs if p.kind == "heading"]
        new = [normalize(p.title) for p in parse_document(n.text).paragraphs if p.kind == "heading"]
        reordered += old != new
    assert reordered >= len(notices) // 4


def test_numbering_still_parses_as_consecutive_items(templates) -> None:  # type: ignore[no-untyped-def]
    for n in generate(2 * len(templates), seed=1, templates=templates):
        template = next(t for t in templates if t.id == n.template)
        doc = parse_document(n.text, doc_id=n.name)
        numbered = [p for p in doc.paragraphs if p.kind in ("heading", "item")]
        was = [p for p in template.document.paragraphs if p.kind in ("heading", "item")]
        assert len(numbered) >= 0.6 * len(was), n.name
        assert sum("~" in p.local_id for p in doc.paragraphs) <= \
            sum("~" in p.local_id for p in template.document.paragraphs), n.name  # no duplicate numbers
        for parent, ordinals in _ordinals_by_parent(doc).items():
            was_ordinals = _ordinals_by_parent(template.document).get(parent)
            if was_ordinals and was_ordinals == list(range(1, len(was_ordinals) + 1)):
                assert ordinals == list(range(1, len(ordinals) + 1)), (n.name, parent, ordinals)


def test_known_document_questions_name_the_notice_and_their_evidence_is_in_it(  # type: ignore[no-untyped-def]
        tmp_path: Path, templates) -> None:
    summary = write_corpus(tmp_path, 12, seed=0, known=10, per_doc=2, templates=templates)
    files = {f.stem: f for f in notice_files(tmp_path)}
    assert len(files) == 12 and summary["avg_chars"] > 3000
    questions = read_questions(tmp_path)
    assert len(questions) >= 15
    assert len({q["doc_id"] for q in questions}) >= 8
    for q in questions:
        doc = read_document(files[q["doc_id"]])
        holding = [p for p in doc.paragraphs if normalize(q["evidence"][0]) in normalize(p.text)]
        assert len(holding) == 1, q
        assert all(normalize(f) in normalize(holding[0].text) for f in q["facts"]), q
        place = re.match(r"^按?(\S+?[市区县])", q["q"])
        assert place and place.group(1) in doc.text, q
    assert write_corpus(tmp_path, 12, seed=0, known=10, per_doc=2) == summary  # reused, not regenerated


def test_extrapolation_follows_the_measured_slope_and_never_falls() -> None:
    assert fit([(10, 1.0), (100, 10.0), (1000, 100.0)], 10_000) == pytest.approx(1000.0)
    assert fit([(10, 5.0), (100, 5.0)], 10_000) == pytest.approx(5.0)
    assert fit([(10, 9.0), (100, 5.0)], 10_000) == pytest.approx(5.0)  # noise, not a shrinking cost
    assert fit([(100, 2.0)], 1000, proportional=True) == pytest.approx(20.0)
    assert fit([(100, 2.0)], 1000) == pytest.approx(2.0)


def test_a_known_notice_shares_its_place_and_kind_with_no_other_notice(templates) -> None:  # type: ignore[no-untyped-def]
    """At 1,000 notices the place pools wrap; the notices questions are asked about must stay the
    only ones of their place and kind, or 芜洲市那份办法 names two notices."""
    notices = list(generate(700, 0, templates, known=20))
    known = {(n.place, n.kind) for n in notices[:20]}
    assert len(known) == 20
    twins = [n.name for n in notices[20:] if (n.place, n.kind) in known]
    assert not twins, twins[:3]
    assert list(generate(30, 0, templates, known=20))[:30] == notices[:30]  # the first ones are unchanged


def test_a_run_resumed_after_an_interrupted_batch_says_whose_time_it_did_not_count(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Notices a batch wrote before it was interrupted are found indexed when the run resumes, so
    their time is missing from the total: the table must say so rather than show a faster run."""
    from benchmarks import scale_worker
    from benchmarks.scale_report import markdown
    from core.settings import Settings
    from index.store import PolicyIndex

    monkeypatch.setenv("POLICY_CHAT_DATA_DIR", str(tmp_path / "data"))
    files = []
    for i, place in enumerate(("青山", "南湖", "江北")):
        path = tmp_path / f"notice-{i}.txt"
        path.write_text(f"{place}测试通知\n一、工作要求\n{place}每年开展{i + 2}次检查。\n", encoding="utf-8")
        files.append(path)
    state = tmp_path / "scale-state.json"
    assert scale_worker.index(files[:1], state, batch=10, label="test")["total"]["uncounted"] == 0
    PolicyIndex.open(Settings.from_env(), create=True).index_paths([files[1]])  # written, never recorded
    total = scale_worker.index(files, state, batch=10, label="test")["total"]
    assert (total["notices"], total["uncounted"]) == (3, 1)

    timing = {"p50_ms": 1.0, "p95_ms": 2.0}
    row = {"store": "server", "notices": 3, "index_total_s": total["seconds"], "index_total_cpu_s": 1.0,
           "index_uncounted": total["uncounted"], "chars_per_s": 1, "embedded_chars_per_s": 1, "disk_mb": 1,
           "index": {"process_peak_rss_mb": 1}, "cold_ask": {"wall_s_median": 1.0},
           "ask": {"process_peak_rss_mb": 1, "search": timing, "answer": timing, "hit@1": 1.0, "hit@5": 1.0,
                   "doc_hit@5": 1.0, "routed": 1.0, "answer_cites": 1.0, "questions": 1,
                   "first_question_s": 1.0}}
    table = markdown([row], {})
    assert " *" in table.splitlines()[2]
    assert "the indexing time of the 1 notices that batch had written is not counted" in table
    assert "not counted" not in markdown([{**row, "index_uncounted": 0}], {})
