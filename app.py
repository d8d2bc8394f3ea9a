"""The chat UI: a thin Gradio adapter over the same ``Assistant`` the CLI uses.

``Handlers`` holds the event functions (plain Python, tested without a browser);
``create_app`` only lays out components and wires them to those functions;
``launch`` opens the index (building it from the corpus on first start) and serves.
Per-user state lives in ``gr.State`` (a ``Session`` per browser tab); nothing mutable
is shared between sessions except the index itself. Domain errors become toasts here
and only here. The page's stylesheet and JavaScript are files in ``app_static/``, read when
the app is built. What is pure stays out of this file: HTML in ``assistant/render.py``, the
per-tab ``Session`` in ``assistant/ui_state.py``, the 评测 tab's run and chart in ``evals/view.py``.

Run: ``python app.py [--host 127.0.0.1] [--port 7860] [--data-dir data]``.
"""

from __future__ import annotations

import argparse
import functools
import inspect
import ipaddress
import json
import logging
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from html import escape
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import gradio as gr

from assistant import audit, render, ui_text
from assistant.briefer import make_briefing
from assistant.briefing_render import briefing_filename
from assistant.conversation import Turn
from assistant.service import Assistant
from assistant.ui_state import Session, example_questions
from core import users
from core.answer import Answer
from core.errors import (
    AccessDeniedError,
    ConfigError,
    EmptyQuestionError,
    IndexMissingError,
    NotFoundError,
    PolicyChatError,
)
from core.settings import Settings
from evals.view import EVAL_SCOPES, EvalView, run_offline_eval
from index.loaders import SUPPORTED_SUFFIXES, doc_id_for_path, read_document
from index.store import PolicyIndex

if TYPE_CHECKING:
    from assistant.briefing import Briefing
    from index.document import Document

UPLOAD_TYPES = [".txt", ".md", ".html", ".htm", ".docx", ".pdf"]
LENGTHS = [("简短(约300字)", "short"), ("标准(约800字)", "standard"), ("详细(约2000字,列出全部数字)", "full")]
ALL_DOCS = ""
UNEXPECTED = "出错了,这个问题没有答完(详情记在服务器日志里)。请再问一次;如果仍然出错,请重启界面。"
UNEXPECTED_ACTION = "出错了,这一步没有完成(详情记在服务器日志里)。请再试一次;如果仍然出错,请重启界面。"
log = logging.getLogger("policy-chat.ui")
SELECTION_EMPTY = '<div class="pc-selected pc-panel-empty">在上面的列表中点击一个文档,选中它。</div>'
PANEL_EMPTY = '<div class="pc-panel-empty">点击回答中的引用标签,在这里查看原文段落。</div>'
BRIEF_PANEL_EMPTY = '<div class="pc-panel-empty">点击简报中的引用标签,在这里查看原文段落。</div>'


def static_text(name: str) -> str:
    """A file of ``app_static/`` (the page's CSS and JavaScript), read when the app is built."""
    return resources.files("app_static").joinpath(name).read_text(encoding="utf-8")


class Handlers:
    """Every UI event as a plain function of its inputs (what the tests call)."""

    def __init__(self, assistant: Assistant, *, eval_runner: Callable[..., EvalView] | None = None,
                 briefing_maker: Callable[..., Briefing] | None = None) -> None:
        self.assistant = assistant
        self.eval_runner = eval_runner
        self.briefing_maker = briefing_maker

    # ------------------------------------------------------------------ chat
    def initial_badge(self) -> str:
        return render.mode_badge_html(self.assistant.mode_label())

    def respond(self, message: str, session: Session | None, scope: str | None
                ) -> Iterator[tuple[str, list[dict[str, str]], Session, str]]:
        """Stream one answer: the question appears at once with a working indicator, text deltas
        as they come, then the verified answer with its chips replaces the streamed text."""
        session = session if isinstance(session, Session) else Session()
        question = (message or "").strip()
        badge = self.initial_badge()
        if not question:
            _warn(EmptyQuestionError())
            yield message, session.messages, session, badge
            return
        messages = [*session.messages, {"role": "user", "content": question},
                    {"role": "assistant", "content": render.pending_html()}]
        session.messages = messages
        yield "", list(messages), session, badge
        text, final = "", None
        try:
            self._sync()
            for item in self.assistant.ask_stream(question, tuple(session.turns), doc_id=scope or None):
                if isinstance(item, Answer):
                    final = item
                elif item:
                    text += item
                    messages[-1] = {"role": "assistant", "content": render.streaming_html(text)}
                    yield "", list(messages), session, badge
        except PolicyChatError as exc:
            _warn(exc)
            messages[-1] = {"role": "assistant", "content": render.error_html(ui_text.user_message(exc))}
            yield "", messages, session, badge
            return
        except Exception:  # a bug: the traceback goes to the log, the reader gets a sentence, not "Error"
            log.exception("answering %r failed", question)
            messages[-1] = {"role": "assistant", "content": render.error_html(UNEXPECTED)}
            yield "", messages, session, badge
            return
        if final is None:  # a stream must end with its Answer; show what arrived
            messages[-1] = {"role": "assistant", "content": render.streaming_html(text).replace("▍", "")}
            yield "", messages, session, badge
            return
        session.answers.append(final)
        session.turns.append(Turn(question=question, answer=final.answer))
        messages[-1] = {"role": "assistant", "content": render.answer_html(final)}
        badge = render.mode_badge_html(render.answer_mode_label(final), final.notices)
        yield "", messages, session, badge

    def _sync(self) -> None:
        """Pick up what another process changed in the index (`policy-chat index`/`remove` in a
        terminal while this UI runs); called before every event that reads the index."""
        if self.assistant.index.refresh_if_changed():
            log.info("the index in %s changed on disk: reloaded", self.assistant.settings.data_dir)

    def clear(self) -> tuple[list[dict[str, str]], Session, str, str, str]:
        """A fresh conversation: chat, turns, panel and copy box emptied."""
        return [], Session(), PANEL_EMPTY, "", self.initial_badge()

    def copy_text(self, session: Session | None) -> str:
        """The last answer with its citations as plain text."""
        if not isinstance(session, Session) or not session.answers:
            _warn("还没有可复制的回答。")
            return ""
        return render.answer_plain_text(session.answers[-1])

    def open_citation(self, href: str, session: Session | None) -> tuple[str, Session]:
        """A chip was clicked (in an answer or a briefing): the paragraph with the cited quote
        highlighted."""
        session = session if isinstance(session, Session) else Session()
        paragraph_id = render.paragraph_id_from_href(href or "")
        try:
            self._sync()
            paragraph = self.assistant.index.paragraph(paragraph_id)
            doc_title = self.assistant.index.document(paragraph.doc_id).title
        except PolicyChatError as exc:
            _warn(exc)
            return PANEL_EMPTY, session
        citation = session.citation(paragraph.id)
        quote = citation.quote if citation else ""
        session.focus = (paragraph.id, quote)
        return render.paragraph_html(paragraph, quote, doc_title=doc_title, citation=citation), session

    def jump_to_document(self, session: Session | None) -> tuple[Any, Any, str]:
        """Show the panel's paragraph in the 文档 tab, in its place in the document."""
        pid, quote = session.focus if isinstance(session, Session) else ("", "")
        if not pid:
            _warn("先点击一个引用标签。")
            return gr.Tabs(), gr.Dropdown(), gr.HTML()
        try:
            self._sync()
            paragraph = self.assistant.index.paragraph(pid)
            doc = self.assistant.index.document(paragraph.doc_id)
        except PolicyChatError as exc:
            _warn(exc)
            return gr.Tabs(), gr.Dropdown(), gr.HTML()
        return (gr.Tabs(selected="docs"), gr.Dropdown(choices=self.doc_choices(), value=doc.id),
                render.document_html(doc, focus_id=paragraph.id, quote_text=quote))

    # ------------------------------------------------------------------ documents
    def doc_choices(self) -> list[tuple[str, str]]:
        return [(f"{d.title}({d.id})", d.id) for d in self.assistant.index.documents()]

    def show_document(self, doc_id: str | None) -> str:
        if not doc_id:
            return '<div class="pc-panel-empty">请选择一个文档。</div>'
        try:
            self._sync()
            return render.document_html(self.assistant.index.document(doc_id))
        except NotFoundError as exc:
            _warn(exc)
            return '<div class="pc-panel-empty">该文档不存在。</div>'
        except PolicyChatError as exc:
            _warn(exc)
            return '<div class="pc-panel-empty">文档暂时无法显示。</div>'

    def document_list(self) -> list[list[Any]]:
        return render.documents_table(self.assistant.index.documents())

    def _refreshed(self, selected: str | None) -> tuple[Any, Any, Any, list[list[Any]], str]:
        """Selectors and the list after the set of documents changed."""
        choices = self.doc_choices()
        ids = [c[1] for c in choices]
        selected = selected if selected in ids else (ids[0] if ids else None)
        scoped = [("全部文档", ALL_DOCS), *choices]
        # A briefing is of one document: its selector offers no "all documents".
        return (gr.Dropdown(choices=choices, value=selected), gr.Dropdown(choices=scoped, value=ALL_DOCS),
                gr.Dropdown(choices=choices, value=selected), self.document_list(),
                self.show_document(selected))

    def refresh_lists(self, shown: str | None, scope: str | None, brief_doc: str | None) -> tuple[Any, ...]:
        """The selectors and the list as the index now is (a page load, the 文档 tab opened):
        another process may have added or removed documents. Choices that still exist stay
        chosen, and the document view is redrawn only if its document is gone."""
        try:
            self._sync()
        except PolicyChatError as exc:
            _warn(exc)
            return (gr.skip(),) * 5
        choices = self.doc_choices()
        ids = [c[1] for c in choices]
        first = ids[0] if ids else None
        keep = shown in ids
        return (gr.Dropdown(choices=choices, value=shown if keep else first),
                gr.Dropdown(choices=[("全部文档", ALL_DOCS), *choices],
                            value=scope if scope in ids else ALL_DOCS),
                gr.Dropdown(choices=choices, value=brief_doc if brief_doc in ids else first),
                self.document_list(), gr.skip() if keep else self.show_document(first))

    def upload(self, files: Sequence[Any] | None, progress: Any = None, *, user: str = "",
               replace: bool = False) -> tuple[Any, ...]:
        """Index uploaded files; each bad file gets a warning naming it, the rest still index.

        A file that would replace an indexed document with different content (same name, same
        ID) is held back unless ``replace``: the status says so, the files stay selected and
        ``replace_prompt`` asks. A replaced document's previous version is kept first, and each
        upload and replacement goes to the audit trail under ``user``."""
        paths = [Path(getattr(f, "name", f)) for f in (files or [])]
        if not paths:
            _warn("请先选择要上传的文件(.txt/.md/.html/.docx/.pdf)。")
            return ("", None, *self._refreshed(None))
        track = progress if callable(progress) else None

        def on_progress(name: str, fraction: float) -> None:
            if track is not None:
                track(fraction, desc=f"正在索引 {Path(name).name}")

        try:
            self._sync()
            clashes = self.replacements(paths)
            if not replace:
                paths = [p for p in paths if p not in clashes]
            kept = {old.id: audit.keep_version(self._data_dir, old) for old in clashes.values()} \
                if replace else {}
            report = self.assistant.index.index_paths(paths, on_progress=on_progress)
        except PolicyChatError as exc:
            raise _error(exc) from None
        self._index_changed()
        lines = []
        done = [*report.added, *report.updated]
        for doc_id in done:
            doc = self.assistant.index.document(doc_id)
            audit.record(self._data_dir, user or "local", "replace" if doc_id in kept else "upload", doc_id,
                         title=doc.title, file=Path(doc.source_path).name, kept=kept.get(doc_id, ""))
        if done:
            lines.append(f"✓ 已索引:{', '.join(done)}")
        if kept:
            lines.append(f"已替换:{', '.join(kept)}(旧版本已保留)")
        if report.unchanged:
            lines.append(f"未变化:{', '.join(report.unchanged)}")
        held = [] if replace else list(clashes)
        if held:
            lines.append(f"待确认:{', '.join(p.name for p in held)} 与已索引的文档同名,内容不同;"
                         "确认替换后才会索引。")
        for err in report.failed:
            log.warning("could not index %s", err)
            reason = f"{Path(err.path).name}:{ui_text.load_reason(err)}"
            _warn(f"无法索引 {reason}")
            lines.append(f"✗ 无法索引 {reason}")
        selected = done[-1] if done else None
        return ("\n\n".join(lines), gr.skip() if held else None, *self._refreshed(selected))

    @property
    def _data_dir(self) -> Path:
        return Path(self.assistant.settings.data_dir)

    def replacements(self, paths: Sequence[Path]) -> dict[Path, Document]:
        """The files that would replace an indexed document with different content, and that
        document (a file that cannot be read is left to indexing, which says why)."""
        clashes: dict[Path, Document] = {}
        limits = self.assistant.settings.upload_limits
        for path in paths:
            try:
                old = self.assistant.index.document(doc_id_for_path(path))
                new = read_document(path, limits)
            except PolicyChatError:
                continue
            if new.content_hash != old.content_hash:
                clashes[path] = old
        return clashes

    def replace_prompt(self, files: Sequence[Any] | None) -> tuple[Any, str]:
        """After an upload: ask before files replace indexed documents, naming each one."""
        paths = [Path(getattr(f, "name", f)) for f in (files or [])]
        clashes = self.replacements(paths) if paths else {}
        if not clashes:
            return gr.Group(visible=False), ""
        items = "".join(f"<li>{escape(p.name)} → 《{escape(d.title)}》({escape(d.id)})</li>"
                        for p, d in clashes.items())
        return gr.Group(visible=True), (
            f'<div class="pc-confirm-text">这些文件将替换已索引的文档:<ul>{items}</ul>'
            "旧版本会保留在数据目录的 versions/ 下,替换会记入审计记录。确定替换吗?</div>")

    def select_document(self, row: Sequence[Any] | None) -> tuple[str | None, str, Any, str]:
        """A row of the document list was clicked: it is what 删除所选文档 acts on, and it opens
        in the document view."""
        doc_id = str(row[0]) if row else ""
        try:
            self._sync()
            doc = self.assistant.index.document(doc_id)
        except PolicyChatError as exc:
            _warn(exc)
            return None, SELECTION_EMPTY, gr.skip(), gr.skip()
        label = f'<div class="pc-selected">已选中:《{escape(doc.title)}》({escape(doc.id)})</div>'
        return doc.id, label, gr.Dropdown(choices=self.doc_choices(), value=doc.id), render.document_html(doc)

    def confirm_remove(self, doc_id: str | None) -> tuple[Any, str]:
        """删除所选文档 pressed: ask again, naming the document, before anything is deleted."""
        if not doc_id:
            _warn("请先在“已索引的文档”列表中点击要删除的文档。")
            return gr.Group(visible=False), ""
        try:
            self._sync()
            doc = self.assistant.index.document(doc_id)
        except PolicyChatError as exc:
            _warn(exc)
            return gr.Group(visible=False), ""
        question = (f'<div class="pc-confirm-text">确定删除《{escape(doc.title)}》({escape(doc.id)})吗?'
                    "删除后它不再参与问答,要再用须重新上传。</div>")
        return gr.Group(visible=True), question

    def remove(self, doc_id: str | None, *, user: str = "") -> tuple[Any, ...]:
        """Confirmed: delete the selected document (its last version is kept and the removal
        goes to the audit trail); the selection and the question are cleared."""
        done = (gr.Group(visible=False), None, SELECTION_EMPTY)
        if not doc_id:
            _warn("请先在“已索引的文档”列表中点击要删除的文档。")
            return ("", *self._refreshed(None), *done)
        try:
            self._sync()
            doc = self.assistant.index.document(doc_id)
            title = doc.title
            kept = audit.keep_version(self._data_dir, doc)
            self.assistant.index.remove(doc_id)
        except PolicyChatError as exc:
            _warn(exc)
            return ("", *self._refreshed(None), *done)
        audit.record(self._data_dir, user or "local", "remove", doc_id, title=title, kept=kept)
        self._index_changed()
        return (f"已删除《{title}》({doc_id})", *self._refreshed(None), *done)

    def _index_changed(self) -> None:
        """Let the retriever see added/removed documents if it caches a lexical index."""
        refresh = getattr(getattr(self.assistant, "retriever", None), "refresh", None)
        if callable(refresh):
            refresh()

    # ------------------------------------------------------------------ briefing
    def briefing(self, length: str, topic: str, doc_id: str | None, session: Session | None = None,
                 ) -> tuple[str, str | None, str | None, str, Session]:
        """Generate a briefing: the preview (its citations open like the chat's, so the session
        keeps them) plus MD and DOCX files named after the document (简报-<标题>-<日期>.docx)."""
        session = session if isinstance(session, Session) else Session()
        maker = self.briefing_maker or make_briefing
        try:
            self._sync()
            brief = maker(self.assistant, doc_id=doc_id or None, length=length or "standard",
                          topic=(topic or "").strip() or None)
            out = Path(tempfile.mkdtemp(prefix="policy-chat-briefing-"))
            md_path = out / briefing_filename(brief, "md")
            md_path.write_text(brief.to_markdown(), encoding="utf-8")
            docx_path = out / briefing_filename(brief, "docx")
            brief.to_docx(docx_path)
        except PolicyChatError as exc:
            raise _error(exc) from None
        for n in brief.notices:
            _warn(n)
        label = render.OFFLINE_LABEL if brief.mode == "extractive" else (brief.model or "LLM")
        session.briefing = brief.references()
        status = render.mode_badge_html(label, brief.notices)
        return render.briefing_html(brief), str(md_path), str(docx_path), status, session

    # ------------------------------------------------------------------ evals
    def run_eval(self, scope: str = "quick", progress: Callable[..., Any] | None = None
                 ) -> tuple[list[list[Any]], Any, str]:
        """The offline eval (``quick``: a sample per development document; ``development``: all
        their questions): a metrics table and a plot; ``progress`` hears each answered question."""
        runner = self.eval_runner or run_offline_eval

        def on_item(done: int, total: int) -> None:
            if progress is not None:
                progress((done, total), desc=f"已评测 {done}/{total} 个问题", unit="题")

        try:
            view = runner(self.assistant, scope=scope or "quick", on_item=on_item)
        except PolicyChatError as exc:
            raise _error(exc) from None
        return view.rows, view.figure, view.summary


# ---------------------------------------------------------------------------- access


@dataclass(frozen=True)
class Access:
    """Who may change the record through the UI.

    Reading (asking, the documents, briefings) is open to whoever reaches the UI. Uploading,
    replacing, removing and evaluating need a user signed in with the ``editor`` role, checked
    here, on the server, in every event that changes something (hiding a button stops nobody:
    Gradio's API takes any event). Sign-in is Gradio's own (``launch(auth=…)``), against the
    users file (``core.users``); Gradio's sign-in guards the whole app, so once the file lists a
    user everybody signs in, and the role decides. Without a users file nobody is signed in and
    the UI is read-only: loopback is not one trusted person (any local account or process can
    reach 127.0.0.1), and the terminal's owner changes the index with ``policy-chat index``."""

    users_path: Path | None = None  # None: no sign-in configured

    @classmethod
    def from_settings(cls, settings: Settings) -> Access:
        path = settings.users_path
        return cls(path if users.read_users(path) else None)

    @property
    def sign_in(self) -> bool:
        return self.users_path is not None

    def check_password(self, name: str, password: str) -> bool:
        """Gradio's ``auth`` callable: the users file is read at every sign-in."""
        return self.users_path is not None and users.authenticate(self.users_path, name, password) is not None

    def role(self, request: gr.Request | None) -> tuple[str | None, str | None]:
        """(signed-in name, role as the users file says now) of the request's user."""
        name = getattr(request, "username", None) or None
        if not self.sign_in or not name:
            return None, None
        return name, users.role_of(self.users_path, name)  # type: ignore[arg-type]

    def require_editor(self, action: str, request: gr.Request | None) -> str:
        """The editor's name, or ``AccessDeniedError`` (as a Chinese toast) for anyone else."""
        name, role = self.role(request)
        if role != "editor":
            raise _error(AccessDeniedError(action, name if role else None))
        return name or ""

    def banner(self, request: gr.Request | None) -> str:
        """One line in the 文档 tab: who is signed in and what they may do."""
        name, role = self.role(request)
        if role == "editor":
            return f"已登录:{escape(name or '')}(可上传、替换、删除文档和运行评测) · [退出登录](/logout)"
        if name:
            return f"已登录:{escape(name)}(只读:可提问、阅读和生成简报) · [退出登录](/logout)"
        return "只读模式:可提问、阅读和生成简报。上传、删除和评测需要登录有编辑权限的账号(请联系管理员)。"

    def view(self, request: gr.Request) -> tuple[str, Any, Any, Any]:
        """On page load: the banner, and the changing buttons greyed out for readers."""
        editor = self.role(request)[1] == "editor"
        return (self.banner(request), gr.Button(interactive=editor), gr.Button(interactive=editor),
                gr.Button(interactive=editor))


def check_bind(host: str, access: Access) -> None:
    """Serving beyond this machine needs sign-in: refuse to start otherwise, saying how."""
    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback and not access.sign_in:
        raise ConfigError(
            f"Refusing to serve on {host} without sign-in: anyone who reaches it could read every "
            "document. Add users first (`policy-chat user add NAME --role editor`, which writes the "
            "users file: POLICY_CHAT_USERS_FILE, default <data dir>/users.txt), or serve on 127.0.0.1.")


# ---------------------------------------------------------------------------- layout


def create_app(assistant: Assistant, *, eval_runner: Callable[..., EvalView] | None = None,
               briefing_maker: Callable[..., Briefing] | None = None,
               access: Access | None = None) -> gr.Blocks:
    """The Blocks app over ``assistant`` (real or fake); no server is started here. ``access``:
    who may change the record (default: nobody, the UI is read-only)."""
    h = Handlers(assistant, eval_runner=eval_runner, briefing_maker=briefing_maker)
    access = access or Access()
    docs = assistant.index.documents()
    choices = h.doc_choices()
    scoped = [("全部文档", ALL_DOCS), *choices]
    first_doc = choices[0][1] if choices else None

    with gr.Blocks(title="政策问答", fill_width=True) as demo:
        session = gr.State(None)  # a Session, created by the first event of each browser tab
        with gr.Row(equal_height=True):
            gr.Markdown("## 政策问答 · 每句话都有原文出处")
            badge = gr.HTML(h.initial_badge(), js_on_load=static_text("chip_bridge.js"), elem_id="pc-badge")
        with gr.Tabs() as tabs:
            with gr.Tab("对话", id="chat"), gr.Row():
                with gr.Column(scale=3):
                    chatbot = gr.Chatbot(
                        label="对话", elem_id="pc-chat", height=520, feedback_options=None,
                        latex_delimiters=[], buttons=["copy"],
                        examples=[{"text": q} for q in example_questions(docs)],
                        placeholder="向文件提问,回答中的每个引用标签都可以点击查看原文。")
                    with gr.Row():
                        message = gr.Textbox(label="问题", placeholder="输入问题,按回车发送",
                                             show_label=False, scale=5, elem_id="pc-message", autofocus=True)
                        send = gr.Button("发送", variant="primary", scale=1, elem_id="pc-send")
                    with gr.Row():
                        scope = gr.Dropdown(scoped, value=ALL_DOCS, label="检索范围", scale=3,
                                            elem_id="pc-scope")
                        copy_btn = gr.Button("复制回答(含引用)", scale=1, elem_id="pc-copy")
                        clear_btn = gr.Button("清空对话", scale=1, elem_id="pc-clear")
                with gr.Column(scale=2, elem_id="pc-side"):
                    gr.Markdown("#### 引用原文")
                    panel = gr.HTML(PANEL_EMPTY, elem_id="pc-panel")
                    jump_btn = gr.Button("在文档中查看", size="sm", elem_id="pc-jump")
                    copy_box = gr.Textbox(label="回答全文(含引用,可复制)", lines=6,
                                          buttons=["copy"], elem_id="pc-copybox")
            with gr.Tab("文档", id="docs") as docs_tab, gr.Row():
                with gr.Column(scale=3):
                    doc_select = gr.Dropdown(choices, value=first_doc, label="文档",
                                             elem_id="pc-docselect")
                    doc_view = gr.HTML(h.show_document(first_doc), elem_id="pc-docview",
                                       max_height=720)
                with gr.Column(scale=2):
                    access_note = gr.Markdown(access.banner(None), elem_id="pc-access")
                    doc_table = gr.Dataframe(h.document_list(), headers=render.DOCUMENT_COLUMNS,
                                             interactive=False, label="已索引的文档", wrap=True,
                                             elem_id="pc-doclist")
                    selected_doc = gr.State(None)  # the document list's clicked row (a document ID)
                    selection = gr.HTML(SELECTION_EMPTY, elem_id="pc-selection")
                    remove_btn = gr.Button("删除所选文档", variant="stop", elem_id="pc-remove")
                    with gr.Group(visible=False, elem_id="pc-confirm") as confirm_box:
                        confirm_text = gr.HTML(elem_id="pc-confirm-text")
                        with gr.Row():
                            confirm_btn = gr.Button("确认删除", variant="stop", elem_id="pc-confirm-remove")
                            cancel_btn = gr.Button("取消", elem_id="pc-cancel-remove")
                    files = gr.File(label="上传文件(.txt/.md/.html/.docx/.pdf)", file_count="multiple",
                                    file_types=UPLOAD_TYPES, elem_id="pc-upload")
                    upload_btn = gr.Button("索引上传的文件", variant="primary", elem_id="pc-index")
                    with gr.Group(visible=False, elem_id="pc-replace") as replace_box:
                        replace_text = gr.HTML(elem_id="pc-replace-text")
                        with gr.Row():
                            replace_btn = gr.Button("确认替换", variant="stop", elem_id="pc-confirm-replace")
                            keep_btn = gr.Button("取消", elem_id="pc-cancel-replace")
                    upload_status = gr.Markdown(elem_id="pc-upload-status")
            with gr.Tab("简报", id="brief"):
                with gr.Row():
                    length = gr.Radio(LENGTHS, value="standard", label="篇幅", elem_id="pc-length")
                    topic = gr.Textbox(label="主题(可选)", placeholder="例如:数据安全", elem_id="pc-topic")
                    brief_doc = gr.Dropdown(choices, value=choices[0][1] if choices else None, label="文档",
                                            elem_id="pc-briefdoc")
                brief_btn = gr.Button("生成简报", variant="primary", elem_id="pc-brief")
                brief_status = gr.HTML()
                with gr.Row():
                    md_file = gr.DownloadButton("下载 Markdown", elem_id="pc-dl-md")
                    docx_file = gr.DownloadButton("下载 DOCX", elem_id="pc-dl-docx")
                with gr.Row():
                    with gr.Column(scale=3):
                        brief_view = gr.HTML(elem_id="pc-briefing")
                    with gr.Column(scale=2, elem_id="pc-brief-side"):
                        gr.Markdown("#### 引用原文")
                        brief_panel = gr.HTML(BRIEF_PANEL_EMPTY, elem_id="pc-brief-panel")
            with gr.Tab("评测", id="eval"):
                with gr.Row():
                    eval_scope = gr.Radio(EVAL_SCOPES, value="quick", label="评测范围", scale=3,
                                          elem_id="pc-evalscope")
                    eval_btn = gr.Button("运行离线评测", variant="primary", scale=1, elem_id="pc-eval")
                eval_summary = gr.Markdown(elem_id="pc-evalsummary")
                # full width, the meaning column the widest: all four columns fit at 1366 px
                eval_table = gr.Dataframe(headers=["指标", "含义", "本次", "基线"], interactive=False,
                                          label="指标", wrap=True, elem_id="pc-evaltable",
                                          column_widths=["20%", "56%", "12%", "12%"])
                eval_plot = gr.Plot(label="比例类指标:蓝色为本次,灰色为基线", elem_id="pc-evalplot")

        # chat
        ask_outputs = [message, chatbot, session, badge]
        chat = {"concurrency_id": "chat", "concurrency_limit": CHAT_CONCURRENCY}  # one pool for questions
        message.submit(h.respond, [message, session, scope], ask_outputs, **chat)
        send.click(h.respond, [message, session, scope], ask_outputs, **chat)
        chatbot.example_select(_example_text, None, message).then(
            h.respond, [message, session, scope], ask_outputs, **chat)
        clear_btn.click(_guarded(h.clear), None, [chatbot, session, panel, copy_box, badge])
        copy_btn.click(_guarded(h.copy_text), session, copy_box).then(
            None, copy_box, None, js=static_text("copy.js"))
        badge.cite(_guarded(_cite_handler(h)), session, [panel, brief_panel, session])
        jump_btn.click(_guarded(h.jump_to_document), session, [tabs, doc_select, doc_view]).then(
            None, None, None, js=static_text("scroll_to_focus.js"))
        # documents (another process may change the index: lists are re-read on load and on opening the tab)
        refreshed = [doc_select, scope, brief_doc, doc_table, doc_view]
        listed = [doc_select, scope, brief_doc]
        demo.load(_guarded(h.refresh_lists), listed, refreshed, show_progress="hidden")
        docs_tab.select(_guarded(h.refresh_lists), listed, refreshed, show_progress="hidden")
        doc_select.input(_guarded(h.show_document), doc_select, doc_view)
        # changes: the editor's right checked in each handler; their own queue (one at a time), so
        # questions keep being answered while a file indexes; not offered on the API page
        change = {"concurrency_id": "library", "concurrency_limit": 1, "api_visibility": "private"}
        demo.load(access.view, None, [access_note, upload_btn, remove_btn, eval_btn], show_progress="hidden",
                  api_visibility="private")
        upload_btn.click(_guarded(_upload_handler(h, access)), files, [upload_status, files, *refreshed],
                         **change).then(_guarded(h.replace_prompt), files, [replace_box, replace_text],
                                        api_visibility="private")
        replace_btn.click(_guarded(_upload_handler(h, access, replace=True)), files,
                          [upload_status, files, *refreshed], **change).then(
            lambda: gr.Group(visible=False), None, replace_box)
        keep_btn.click(lambda: (gr.Group(visible=False), None), None, [replace_box, files])
        doc_table.select(_guarded(_row_handler(h)), None, [selected_doc, selection, doc_select, doc_view])
        remove_btn.click(_guarded(_editor_only(access, "remove", h.confirm_remove)), selected_doc,
                         [confirm_box, confirm_text], api_visibility="private")
        confirm_btn.click(_guarded(_remove_handler(h, access)), selected_doc,
                          [upload_status, *refreshed, confirm_box, selected_doc, selection], **change)
        cancel_btn.click(lambda: gr.Group(visible=False), None, confirm_box)
        # briefing
        brief_btn.click(_guarded(_briefing_handler(h)), [length, topic, brief_doc, session],
                        [brief_view, md_file, docx_file, brief_status, session], concurrency_id="briefing",
                        concurrency_limit=2)
        # evals: editors only, one run at a time, in a queue of its own
        eval_btn.click(_guarded(_editor_only(access, "evaluate", _eval_handler(h))), eval_scope,
                       [eval_table, eval_plot, eval_summary], concurrency_id="eval", concurrency_limit=1,
                       api_visibility="private")
    return demo


def _guarded(fn: Callable[..., Any]) -> Callable[..., Any]:
    """An event function whose bugs reach the reader as a Chinese sentence, not Gradio's bare
    "Error"; the traceback goes to the log. (Handlers called directly, as tests do, raise.)"""

    @functools.wraps(fn)  # Gradio reads the signature through __wrapped__ (gr.Progress, SelectData)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except gr.Error:
            raise
        except Exception:
            log.exception("%s failed", getattr(fn, "__name__", "an event"))
            raise gr.Error(UNEXPECTED_ACTION, title="出错了") from None

    return run


def _warn(message: str | PolicyChatError) -> None:
    """A warning toast in Chinese; a domain error's English original goes to the log."""
    if isinstance(message, PolicyChatError):
        log.warning("%s: %s", type(message).__name__, message)
        message = ui_text.user_message(message)
    gr.Warning(message, title="提示")


def _error(exc: PolicyChatError) -> gr.Error:
    """An error toast in Chinese (the event's outputs stay as they were); English in the log."""
    log.warning("%s: %s", type(exc).__name__, exc)
    return gr.Error(ui_text.user_message(exc), title="出错了")


def _example_text(evt: gr.SelectData) -> str:
    value = evt.value
    return value.get("text", "") if isinstance(value, dict) else str(value or "")


def _row_handler(h: Handlers) -> Callable[..., tuple[str | None, str, Any, str]]:
    def on_select(evt: gr.SelectData) -> tuple[str | None, str, Any, str]:
        return h.select_document(evt.row_value)

    return on_select


def _cite_handler(h: Handlers) -> Callable[..., tuple[str, str, Session]]:
    def on_cite(session: Session | None, evt: gr.EventData) -> tuple[str, str, Session]:
        html, session = h.open_citation(getattr(evt, "href", "") or "", session)
        return html, html, session  # the 对话 tab's panel and the 简报 tab's

    return on_cite


def _upload_handler(h: Handlers, access: Access, replace: bool = False) -> Callable[..., tuple[Any, ...]]:
    def on_upload(files: list[str] | None, request: gr.Request,
                  progress: gr.Progress = gr.Progress()) -> tuple[Any, ...]:  # noqa: B008
        user = access.require_editor("replace" if replace else "upload", request)
        return h.upload(files, progress, user=user, replace=replace)

    return on_upload


def _remove_handler(h: Handlers, access: Access) -> Callable[..., tuple[Any, ...]]:
    def on_remove(doc_id: str | None, request: gr.Request) -> tuple[Any, ...]:
        return h.remove(doc_id, user=access.require_editor("remove", request))

    return on_remove


def _editor_only(access: Access, action: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    """``fn`` behind the editor check; Gradio sees ``fn``'s parameters plus the request."""

    def run(request: gr.Request, *args: Any, **kwargs: Any) -> Any:
        access.require_editor(action, request)
        return fn(*args, **kwargs)

    # Gradio inserts the request at its place in the signature: first, before fn's own inputs
    request = inspect.Parameter("request", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=gr.Request)
    run.__signature__ = inspect.Signature([request, *inspect.signature(fn).parameters.values()])  # type: ignore[attr-defined]
    run.__name__ = getattr(fn, "__name__", action)
    return run


def _briefing_handler(h: Handlers) -> Callable[..., tuple[str, str | None, str | None, str, Session]]:
    def on_briefing(length: str, topic: str, doc_id: str | None, session: Session | None,
                    progress: gr.Progress = gr.Progress()  # noqa: B008
                    ) -> tuple[str, str | None, str | None, str, Session]:
        progress(0.1, desc="正在生成简报")
        return h.briefing(length, topic, doc_id, session)

    return on_briefing


def _eval_handler(h: Handlers) -> Callable[..., tuple[list[list[Any]], Any, str]]:
    def on_eval(scope: str, progress: gr.Progress = gr.Progress()  # noqa: B008
                ) -> tuple[list[list[Any]], Any, str]:
        progress(0.0, desc="正在准备评测(首次会为评测文档建索引)")
        return h.run_eval(scope, progress)

    return on_eval


# ---------------------------------------------------------------------------- serving


#: The languages Gradio 6 ships its own words in (its frontend's lang/*.json).
CHAT_CONCURRENCY = 4  # questions answered at once (the rest wait in the chat queue, not behind uploads)
GRADIO_LOCALES = ("ar", "ca", "ckb", "de", "en", "es", "et", "eu", "fa", "fi", "fr", "he", "hi", "id", "ja",
                  "ko", "lt", "nb", "nl", "pl", "pt", "pt-BR", "ro", "ru", "sv", "ta", "th", "tr", "uk", "ur",
                  "uz", "zh-CN", "zh-TW")


def gradio_i18n() -> gr.I18n:
    """Gradio's own words (拖放文件、加载中、连接中断…) in Chinese whatever the browser's language.

    Gradio translates them by the browser's language, so a reader with an English browser saw
    "Drop File Here"; its translation keys looked up under a language win over its built-in
    words, so the same Chinese (``app_static/gradio_zh.json``, Gradio's zh-CN plus the keys it
    lacks) is given for every language it ships."""
    words = json.loads(static_text("gradio_zh.json"))
    return gr.I18n(**{locale: words for locale in GRADIO_LOCALES})


def serve(demo: gr.Blocks, host: str = "127.0.0.1", port: int = 7860, *, block: bool = True,
          access: Access | None = None, max_file_mb: float | None = None) -> gr.Blocks:
    """Start the server (``block=False`` returns at once, for tests). Gradio's footer links
    (its API page, its own site, its settings) are not for the readers of this app. With
    ``access.sign_in``, Gradio asks for a name and password first; ``max_file_mb`` makes Gradio
    refuse a bigger file before it is stored (the loader refuses it again, for the CLI too)."""
    access = access or Access()
    check_bind(host, access)
    demo.queue(default_concurrency_limit=4).launch(
        server_name=host, server_port=port, css=static_text("app.css"), js=static_text("status_zh.js"),
        prevent_thread_lock=not block,
        ssr_mode=False, show_error=False, quiet=not block, i18n=gradio_i18n(), footer_links=[],
        auth=access.check_password if access.sign_in else None, auth_message=SIGN_IN_MESSAGE,
        max_file_size=int(max_file_mb * 1024 * 1024) if max_file_mb else None)  # bytes: "20.0mb" is refused
    return demo


SIGN_IN_MESSAGE = ("政策问答:请用管理员为你创建的账号登录。"
                   "只读账号可提问、阅读和生成简报;编辑账号还可上传和删除文档。")


def open_assistant(settings: Settings, log: Callable[[str], None] = print) -> Assistant:
    """The assistant over ``settings``; on first start, index the corpus with progress."""

    try:
        return Assistant.open(settings)
    except IndexMissingError:
        pass

    paths = sorted(p for p in Path(settings.corpus_dir).glob("*") if p.suffix.lower() in SUPPORTED_SUFFIXES)
    log(f"No index in {settings.data_dir}: indexing {len(paths)} file(s) from {settings.corpus_dir} …")
    index = PolicyIndex.open(settings, create=True)

    def on_progress(name: str, fraction: float) -> None:
        log(f"  [{fraction:4.0%}] {name}")

    report = index.index_paths(paths, on_progress=on_progress)
    for err in report.failed:
        log(f"  skipped {err}")
    log(f"Indexed {len(report.added) + len(report.updated)} document(s).")
    return Assistant.open(settings)


WARM_UP_QUESTION = "这份文件是哪个单位印发的?"


def preload(assistant: Assistant, log: Callable[[str], None] = print) -> None:
    """Load now what the first question would otherwise wait for (seconds on a cold start): the
    embedding model, Chroma's vectors, the BM25 index and jieba's dictionary, by retrieving and
    answering one question offline. Never the LLM: a warm-up costs nothing."""
    started = time.perf_counter()
    log("Loading the embedding model, the index and jieba …")
    try:
        hits = assistant.retriever.retrieve(WARM_UP_QUESTION, k=6)
        assistant.extractive.answer(WARM_UP_QUESTION, hits)
    except PolicyChatError as exc:  # the first question will meet it again and say so in the UI
        log(f"Warm-up failed: {exc}")
        return
    log(f"Loaded in {time.perf_counter() - started:.1f} s.")


def launch(settings: Settings | None = None, host: str | None = None, port: int | None = None) -> None:
    """Open (or build) the index, load the models, and serve the UI until interrupted."""
    settings = (settings or Settings.from_env()).replace(host=host, port=port)
    access = Access.from_settings(settings)
    check_bind(settings.host, access)  # before minutes of indexing
    assistant = open_assistant(settings)
    preload(assistant)  # before the server is up: its first question does not wait for the models
    signed = f"sign-in on, users in {access.users_path}" if access.sign_in else \
        f"read-only: no users in {settings.users_path}"
    print(f"policy-chat UI on http://{settings.host}:{settings.port} ({assistant.mode_label()}; {signed})")
    serve(create_app(assistant, access=access), settings.host, settings.port, access=access,
          max_file_mb=settings.max_upload_mb)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="app.py", description="policy-chat web UI")
    parser.add_argument("--host", help="interface to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, help="port (default 7860, env POLICY_CHAT_PORT)")
    parser.add_argument("--data-dir", type=Path, help="where the index lives (env POLICY_CHAT_DATA_DIR)")
    args = parser.parse_args(argv)
    try:
        launch(Settings.from_env(data_dir=args.data_dir), host=args.host, port=args.port)
    except PolicyChatError as exc:
        print(f"policy-chat: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
