"""End to end in a real headless Chromium: the app over the real index and Assistant.

Chromium must be installed (``apt-get install -y chromium``; ``.ci/run`` does it): without
it these tests fail, they do not skip. Screenshots of every step go to tests/artifacts/.
"""

from __future__ import annotations

import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SEED_QA

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
ANSWER_TIMEOUT = 90_000  # ms; the first answer warms up the embedding model
UPLOAD_ID = "yeguang-yexiao-tongzhi"
UPLOAD_TEXT = """# 关于开办夜光夜校的通知

各街道:

为丰富居民夜间学习生活,现就开办夜光夜校有关事项通知如下。

一、办学安排

(一)夜光夜校每年开设36期课程,每期8周,由市文化馆统一排课。

(二)每期课程面向18周岁以上居民免费开放,每班不超过40人。

二、示例文字

(一)本段包含<script>window.__pwned = 1</script>字样,应当按原样显示为文字。
"""


EVENING_SCHOOL = UPLOAD_TEXT.split("二、示例文字")[0]
RUNNING_ID = "paobu-huodong-tongzhi"
RUNNING_TEXT = """# 关于开展社区健康跑活动的通知

各社区:

一、活动安排

(一)健康跑每季度举办1次,全程5公里,由区体育中心组织。

(二)每次活动限报名300人,报名截止时间为活动前7天。
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


EDITOR, EDITOR_PASSWORD = "editor1", "browser-test-password"


@pytest.fixture(scope="module")
def server(corpus_index, tmp_path_factory):
    """The app on a free loopback port over the session's real index, with sign-in: the tests
    sign in as an editor (``_sign_in``), who may upload, remove and evaluate."""
    import app
    from assistant.service import Assistant
    from core.users import add_user

    assistant = Assistant(corpus_index, corpus_index.settings)
    users_file = tmp_path_factory.mktemp("users") / "users.txt"
    add_user(users_file, EDITOR, EDITOR_PASSWORD, "editor")
    access = app.Access(users_file)
    # The 评测 tab's own run indexes every eval corpus (minutes); here it asks the seed notice's
    # own questions of this index, through the same runner and view.
    demo = app.create_app(assistant, eval_runner=lambda a, scope, on_item: app.run_offline_eval(
        a, [SEED_QA / "qa.jsonl"], scope=scope, on_item=on_item), access=access)
    port = _free_port()
    app.serve(demo, "127.0.0.1", port, block=False, access=access)
    yield f"http://127.0.0.1:{port}/"
    demo.close()
    for doc_id in (UPLOAD_ID, RUNNING_ID):  # leave the shared index as found
        if any(d.id == doc_id for d in corpus_index.documents()):
            corpus_index.remove(doc_id)


def _serve(assistant):  # -> (demo, url)
    import app

    demo = app.create_app(assistant)
    port = _free_port()
    app.serve(demo, "127.0.0.1", port, block=False)
    return demo, f"http://127.0.0.1:{port}/"


@pytest.fixture(scope="module")
def small_server(tmp_path_factory):
    """The app over its own index of two short notices, which a test may change behind its back."""
    from assistant.service import Assistant
    from core.settings import Settings
    from index.store import PolicyIndex

    folder = tmp_path_factory.mktemp("small")
    (folder / f"{UPLOAD_ID}.md").write_text(EVENING_SCHOOL, encoding="utf-8")
    (folder / f"{RUNNING_ID}.md").write_text(RUNNING_TEXT, encoding="utf-8")
    settings = Settings.from_env(env={}, data_dir=folder / "data")
    index = PolicyIndex.open(settings, create=True)
    assert not index.index_paths([folder]).failed
    demo, url = _serve(Assistant(index, settings))
    yield url, settings
    demo.close()


def _sign_in(context, url: str) -> None:
    """Sign the browser context in as the editor through Gradio's own /login (its cookie)."""
    response = context.request.post(f"{url}login", form={"username": EDITOR, "password": EDITOR_PASSWORD})
    assert response.ok, response.status


def _cli(*args: str) -> str:
    """``policy-chat ARGS`` run as a user would, from a terminal: another process."""
    done = subprocess.run([sys.executable, "-m", "assistant.cli", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def browser():
    assert CHROMIUM.exists(), "Chromium is missing: run `apt-get install -y chromium` (.ci/run installs it)"
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1400, "height": 950}, accept_downloads=True)
    _sign_in(context, server)
    pg = context.new_page()
    pg.goto(server)
    pg.locator("#pc-message textarea").wait_for(timeout=30_000)
    yield pg
    context.close()


def _shot(page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)


def _watch_streaming(page) -> None:
    """Record (in the page) whether a streaming answer, and the working indicator before it,
    were ever shown."""
    page.evaluate("""() => {
        window.__pcSawStreaming = false;
        window.__pcSawPending = false;
        new MutationObserver(() => {
            if (document.querySelector('#pc-chat .pc-streaming')) window.__pcSawStreaming = true;
            const pending = document.querySelector('#pc-chat .pc-pending');
            if (pending && pending.innerText.includes('正在检索原文')) window.__pcSawPending = true;
        }).observe(document.body, {childList: true, subtree: true, characterData: true});
    }""")


def _ask(page, question: str, n: int) -> None:
    """Type a question and wait until the n-th final answer is in the chat."""
    box = page.locator("#pc-message textarea")
    box.fill(question)
    box.press("Enter")
    page.wait_for_function(
        "n => document.querySelectorAll('#pc-chat .pc-answer:not(.pc-streaming)').length >= n",
        arg=n, timeout=ANSWER_TIMEOUT)


def _last_answer(page):
    return page.locator("#pc-chat .pc-answer:not(.pc-streaming)").last


def _tab(page, name: str) -> None:
    page.get_by_role("tab", name=name).click()


def test_ask_click_citation_follow_up_and_copy(page):
    _watch_streaming(page)
    _ask(page, "去年新开工的产业项目有几个?", 1)
    assert page.evaluate("window.__pcSawStreaming"), "the answer should stream in"
    assert page.evaluate("window.__pcSawPending"), "the chat should say an answer is being worked on"
    answer = _last_answer(page)
    chips = answer.locator("a.pc-chip:not(.pc-chip-inline)")
    assert chips.count() >= 1
    label = chips.first.inner_text()
    assert re.match(r"\[\d+\] \S", label), label  # chips show the paragraph label
    assert "离线抽取" in answer.inner_text()
    _shot(page, "01-answer")

    chips.first.click()
    quote = page.locator("#pc-panel mark.pc-quote")
    quote.wait_for(timeout=15_000)
    panel = page.locator("#pc-panel").inner_text()
    assert quote.inner_text().strip() and quote.inner_text().strip() in panel
    assert label.split("] ", 1)[1].split()[0] in panel  # the same paragraph the chip named
    assert page.locator("#pc-panel .pc-path").count() == 1  # heading path above the paragraph
    _shot(page, "02-citation-panel")

    page.locator("#pc-jump").click()
    focus = page.locator("#pc-docview .pc-focus")
    focus.wait_for(timeout=15_000)
    assert focus.locator("mark.pc-quote").count() == 1
    assert page.locator("#pc-docview .pc-toc a").count() >= 3
    _shot(page, "03-document-jump")

    _tab(page, "对话")
    _ask(page, "这些项目一共投了多少钱?", 2)
    follow_up = _last_answer(page)
    assert follow_up.locator("a.pc-chip").count() >= 1
    users = page.locator("#pc-chat").get_by_text("去年新开工的产业项目有几个?")
    assert users.count() == 1  # the first turn is still there
    _shot(page, "04-follow-up")

    page.locator("#pc-copy").click()
    page.wait_for_function("() => document.querySelector('#pc-copybox textarea').value.includes('引用')",
                           timeout=15_000)
    copied = page.locator("#pc-copybox textarea").input_value()
    assert re.search(r"\[1\] .+\(.+:.+\)", copied)  # label and paragraph ID as text

    page.locator("#pc-clear").click()
    page.wait_for_function("() => !document.querySelector('#pc-chat .pc-answer')", timeout=15_000)


def test_a_new_question_gets_its_own_answer_and_a_follow_up_says_how_it_was_read(page):
    _ask(page, "去年新开工的产业项目有几个?", 1)
    first = _last_answer(page).inner_text()
    assert "13个" in first and "理解为" not in first
    _ask(page, "有条件共享的数据申请后多久要答复?", 2)  # a new subject, not a follow-up
    second = _last_answer(page)
    assert "15个工作日" in second.inner_text() and "13个" not in second.inner_text()
    assert second.locator(".pc-understood").count() == 0
    hrefs = [a.get_attribute("href") or "" for a in second.locator("a.pc-chip").all()]
    assert hrefs and all("qingshan-gonggong-shuju-guanli-banfa" in h for h in hrefs), hrefs
    _ask(page, "那第二项呢?", 3)
    understood = _last_answer(page).locator(".pc-understood")
    assert understood.count() == 1
    text = understood.inner_text()
    assert text.startswith("理解为:") and "第二项" in text and len(text) > len("理解为:那第二项呢?")
    _shot(page, "04b-understood-as")
    _ask(page, "去年新开工的产业项目有几个?", 4)  # its own subject, right after a follow-up
    fourth = _last_answer(page)
    assert "13个" in fourth.inner_text() and fourth.locator(".pc-understood").count() == 0
    hrefs = [a.get_attribute("href") or "" for a in fourth.locator("a.pc-chip").all()]
    assert hrefs and all("wanjiang-jiangbei" in h for h in hrefs), hrefs


def test_the_answer_comes_first_and_related_paragraphs_are_folded_under_it(page):
    _ask(page, "整改措施一共有多少项?", 1)
    answer = _last_answer(page)
    assert "160项" in answer.locator(".pc-text").inner_text()
    assert "另见" not in answer.locator(".pc-text").inner_text()  # not appended to the answer
    folded = answer.locator("details.pc-related")
    assert folded.count() == 1 and folded.locator("summary").inner_text().startswith("相关段落")
    assert not folded.locator(".pc-see-also").is_visible()  # folded until the reader opens it
    folded.locator("summary").click()
    folded.locator("a.pc-chip").first.wait_for(state="visible", timeout=5_000)
    folded.locator("a.pc-chip").first.click()  # and its chips open their paragraph like any other
    page.locator("#pc-panel mark.pc-quote").wait_for(timeout=15_000)
    _shot(page, "02c-related-folded")


def test_a_citation_opened_on_a_narrow_screen_is_scrolled_into_view(browser, server):
    context = browser.new_context(viewport={"width": 400, "height": 800})
    _sign_in(context, server)
    page = context.new_page()
    try:
        page.goto(server)
        page.locator("#pc-message textarea").wait_for(timeout=30_000)
        _ask(page, "去年新开工的产业项目有几个?", 1)
        chip = _last_answer(page).locator("a.pc-chip:not(.pc-chip-inline)").first
        chip.scroll_into_view_if_needed()
        chip.click()
        page.locator("#pc-panel mark.pc-quote").wait_for(timeout=15_000)
        page.wait_for_function("""() => {
            const r = document.getElementById('pc-panel').getBoundingClientRect();
            return r.top >= 0 && r.top < window.innerHeight * 0.6 && r.bottom > 0;
        }""", timeout=5_000)  # the panel's top is on screen, with the paragraph under it
        box = page.locator("#pc-panel").bounding_box()
        assert box and 0 <= box["y"] < 800 and box["width"] <= 400
        _shot(page, "02b-narrow-citation")
    finally:
        context.close()


def test_upload_ask_escape_and_remove(page, tmp_path):
    good = tmp_path / f"{UPLOAD_ID}.md"
    good.write_text(UPLOAD_TEXT, encoding="utf-8")
    other = tmp_path / f"{RUNNING_ID}.md"
    other.write_text(RUNNING_TEXT, encoding="utf-8")
    bad = tmp_path / "saomiao-jian.pdf"
    bad.write_bytes(b"%PDF-1.4 this is not really a pdf")

    _tab(page, "文档")
    page.locator("#pc-upload input[type=file]").set_input_files([str(good), str(bad), str(other)])
    page.wait_for_timeout(500)
    page.locator("#pc-index").click()
    status = page.locator("#pc-upload-status")
    status.get_by_text(f"已索引:{UPLOAD_ID}").wait_for(timeout=ANSWER_TIMEOUT)
    assert "saomiao-jian.pdf" in status.inner_text()  # the bad file is named, the good ones indexed
    page.get_by_text("无法索引 saomiao-jian.pdf").first.wait_for(timeout=10_000)  # and a toast
    view = page.locator("#pc-docview")
    page.locator("#pc-docselect input").click()
    page.get_by_role("option", name=re.compile(UPLOAD_ID)).click()
    view.locator(".pc-ptext").get_by_text("夜光夜校每年开设36期课程").wait_for(timeout=15_000)
    assert "<script>window.__pwned = 1</script>" in view.inner_text()  # shown as text
    assert page.evaluate("window.__pwned") is None
    listing = page.locator("#pc-doclist")
    assert UPLOAD_ID in listing.inner_text() and RUNNING_ID in listing.inner_text()
    assert "qingshan-gonggong-shuju-guanli-banfa" in listing.inner_text()  # the others untouched
    _shot(page, "05-upload")

    _tab(page, "对话")
    _ask(page, "夜光夜校每年开多少期课程?", 1)
    hrefs = [a.get_attribute("href") for a in _last_answer(page).locator("a.pc-chip").all()]
    assert any(UPLOAD_ID in (h or "") for h in hrefs), hrefs
    _shot(page, "06-ask-uploaded")

    # The viewer shows one document, the list's clicked row is another: delete removes the row's.
    _tab(page, "文档")
    page.locator("#pc-docselect input").click()
    page.get_by_role("option", name=re.compile(UPLOAD_ID)).click()
    view.locator(".pc-ptext").get_by_text("夜光夜校每年开设36期课程").wait_for(timeout=15_000)
    listing.get_by_text(RUNNING_ID, exact=True).click()
    page.locator("#pc-selection").get_by_text(RUNNING_ID).wait_for(timeout=15_000)
    assert "社区健康跑" in page.locator("#pc-selection").inner_text()
    page.locator("#pc-remove").click()
    confirm = page.locator("#pc-confirm-text")
    confirm.get_by_text(RUNNING_ID).wait_for(timeout=15_000)
    assert "关于开展社区健康跑活动的通知" in confirm.inner_text()  # title and ID named before deleting
    assert RUNNING_ID in listing.inner_text()  # nothing deleted yet
    _shot(page, "06b-confirm-remove")
    page.locator("#pc-confirm-remove").click()
    status.get_by_text(f"已删除《关于开展社区健康跑活动的通知》({RUNNING_ID})").wait_for(timeout=30_000)
    page.wait_for_function(f"() => !document.querySelector('#pc-doclist').innerText.includes('{RUNNING_ID}')",
                           timeout=15_000)
    assert UPLOAD_ID in listing.inner_text()  # only the confirmed document is gone
    assert not page.locator("#pc-confirm-remove").is_visible()

    listing.get_by_text(UPLOAD_ID, exact=True).click()
    page.locator("#pc-selection").get_by_text(UPLOAD_ID).wait_for(timeout=15_000)
    page.locator("#pc-remove").click()
    page.locator("#pc-confirm-text").get_by_text(UPLOAD_ID).wait_for(timeout=15_000)
    page.locator("#pc-cancel-remove").click()  # cancelling deletes nothing
    page.locator("#pc-confirm-remove").wait_for(state="hidden", timeout=15_000)
    assert UPLOAD_ID in listing.inner_text()
    page.locator("#pc-remove").click()
    page.locator("#pc-confirm-remove").click()
    page.wait_for_function(f"() => !document.querySelector('#pc-doclist').innerText.includes('{UPLOAD_ID}')",
                           timeout=15_000)
    assert "qingshan-gonggong-shuju-guanli-banfa" in listing.inner_text()


#: ASCII words a Chinese reader may meet in the UI: file formats and their extensions, and "LLM".
ALLOWED_ASCII = {"PDF", "DOCX", "Markdown", "LLM", "txt", "md", "html", "htm", "docx", "pdf"}
# What the documents say (their paragraphs and titles) and paragraph IDs are not the UI's words.
_UI_TEXT_JS = """() => {
    let text = document.body.innerText;
    for (const el of document.querySelectorAll('.pc-ptext, .pc-pid, .pc-doc-heading')) {
        if (el.innerText) text = text.replace(el.innerText, ' ');
    }
    return text;
}"""


def _english_on_page(page, doc_ids) -> list[str]:
    text = page.evaluate(_UI_TEXT_JS)
    for doc_id in sorted(doc_ids, key=len, reverse=True):  # document IDs are allowed
        text = text.replace(doc_id, " ")
    return sorted({w for w in re.findall(r"[A-Za-z]{3,}", text) if w not in ALLOWED_ASCII})


def test_everything_a_reader_sees_is_chinese_in_an_english_browser(browser, server, corpus_index, tmp_path):
    context = browser.new_context(viewport={"width": 1400, "height": 950}, locale="en-US")
    _sign_in(context, server)
    page = context.new_page()
    doc_ids = [d.id for d in corpus_index.documents()] + [EDITOR]  # IDs and the user's name are data
    found: dict[str, list[str]] = {}
    try:
        page.goto(server)
        page.locator("#pc-message textarea").wait_for(timeout=30_000)
        found["对话"] = _english_on_page(page, doc_ids)
        _ask(page, "去年新开工的产业项目有几个?", 1)
        _last_answer(page).locator("a.pc-chip").first.click()
        page.locator("#pc-panel mark.pc-quote").wait_for(timeout=15_000)
        found["对话(回答与引用原文)"] = _english_on_page(page, doc_ids)
        for tab in ("文档", "简报", "评测"):
            _tab(page, tab)
            page.wait_for_timeout(500)
            found[tab] = _english_on_page(page, doc_ids)
        empty = tmp_path / "空白通知.txt"
        empty.write_bytes(b"")
        _tab(page, "文档")
        page.locator("#pc-upload input[type=file]").set_input_files([str(empty)])
        page.wait_for_timeout(500)
        page.locator("#pc-index").click()
        page.locator(".toast-body").get_by_text("无法索引 空白通知.txt").wait_for(timeout=30_000)
        found["上传空文件的提示"] = _english_on_page(page, doc_ids)
        assert "文件是空的" in page.locator(".toast-body").first.inner_text()
        heading = page.evaluate("getComputedStyle(document.querySelector('.toast-title'), '::before')"
                                ".content")
        assert "提示" in heading  # Gradio's own "Warning" heading is replaced
        _shot(page, "11-chinese-only")
    finally:
        context.close()
    english = {where: words for where, words in found.items() if words}
    assert not english, f"English words in the UI: {english}"


def test_the_progress_line_over_a_pending_upload_is_chinese(browser, server, corpus_index, tmp_path):
    # Gradio writes its own progress line ("processing | 0.4s") in English whatever the language;
    # every line shown while a file is indexed is recorded, before the browser paints it.
    context = browser.new_context(viewport={"width": 1400, "height": 950}, locale="en-US")
    _sign_in(context, server)
    page = context.new_page()
    notice = tmp_path / f"{RUNNING_ID}.md"
    notice.write_text(RUNNING_TEXT, encoding="utf-8")
    try:
        page.goto(server)
        page.locator("#pc-message textarea").wait_for(timeout=30_000)
        page.evaluate("""() => {
            window.__pcProgress = [];
            new MutationObserver(() => queueMicrotask(() => {
                for (const el of document.querySelectorAll('.progress-text, .meta-text, .meta-text-center')) {
                    if (el.textContent.trim()) window.__pcProgress.push(el.textContent.trim());
                }
            })).observe(document.body, {childList: true, subtree: true, characterData: true});
        }""")
        _tab(page, "文档")
        page.locator("#pc-upload input[type=file]").set_input_files([str(notice)])
        page.wait_for_timeout(500)
        page.locator("#pc-index").click()
        page.locator("#pc-upload-status").get_by_text(f"已索引:{RUNNING_ID}").wait_for(timeout=ANSWER_TIMEOUT)
        shown = set(page.evaluate("window.__pcProgress"))
    finally:
        context.close()
        if any(d.id == RUNNING_ID for d in corpus_index.documents()):
            corpus_index.remove(RUNNING_ID)
    lines = " · ".join(sorted(shown))
    assert "处理中" in lines or "排队" in lines, lines  # the line was shown while the file was indexed
    assert not re.search(r"[A-Za-z]{3,}", lines), lines


def test_briefing_works_with_the_preselected_document(page):
    # With several documents indexed, the default selection must be a document, not an error.
    _tab(page, "简报")
    page.locator("#pc-brief").click()
    page.wait_for_function("() => document.querySelector('#pc-briefing').innerText.includes('关键数字')",
                           timeout=ANSWER_TIMEOUT)
    assert page.locator(".toast-body.error").count() == 0


def test_briefing_preview_and_downloads(page, tmp_path):
    _tab(page, "简报")
    page.locator("#pc-briefdoc input").click()
    page.get_by_role("option", name=re.compile("qingshan-gonggong-shuju-guanli-banfa")).click()
    page.get_by_label("简短(约300字)").check()
    page.locator("#pc-brief").click()
    preview = page.locator("#pc-briefing")
    page.wait_for_function("() => document.querySelector('#pc-briefing').innerText.trim().length > 100",
                           timeout=ANSWER_TIMEOUT)
    assert "第" in preview.inner_text()  # labels in the document's own numbering (第X章/第X条)
    assert "篇幅:简短" in preview.inner_text().replace("：", ":")
    assert preview.locator("table.pc-brief-figures tbody tr").count() <= 12
    # a citation in the briefing opens its paragraph, the quote highlighted, as in the chat
    preview.locator("a.pc-chip-inline").first.click()
    page.locator("#pc-brief-panel mark.pc-quote").wait_for(timeout=15_000)
    assert "青山市" in page.locator("#pc-brief-panel").inner_text()
    _shot(page, "07-briefing")

    with page.expect_download(timeout=15_000) as md_download:
        page.locator("#pc-dl-md").click()
    assert md_download.value.suggested_filename == "简报-青山市公共数据资源管理暂行办法-2025年6月18日.md"
    md_path = tmp_path / "b.md"
    md_download.value.save_as(md_path)
    assert "青山市" in md_path.read_text(encoding="utf-8")
    with page.expect_download(timeout=15_000) as docx_download:
        page.locator("#pc-dl-docx").click()
    assert docx_download.value.suggested_filename.endswith("-2025年6月18日.docx")
    docx_path = tmp_path / "b.docx"
    docx_download.value.save_as(docx_path)
    import docx

    text = "\n".join(p.text for p in docx.Document(str(docx_path)).paragraphs)
    assert "青山市" in text


def test_two_sessions_do_not_share_conversations(browser, server):
    contexts = [browser.new_context(viewport={"width": 1200, "height": 900}) for _ in range(2)]
    for c in contexts:
        _sign_in(c, server)
    pages = [c.new_page() for c in contexts]
    try:
        for pg in pages:
            pg.goto(server)
            pg.locator("#pc-message textarea").wait_for(timeout=30_000)
        questions = ["领导小组办公室一共发了几份工作提示单?", "有条件共享的数据申请后多久要答复?"]
        for pg, q in zip(pages, questions, strict=True):  # both asked before either answer arrives
            pg.locator("#pc-message textarea").fill(q)
            pg.locator("#pc-message textarea").press("Enter")
        for pg in pages:
            pg.wait_for_function("() => document.querySelectorAll("
                                 "'#pc-chat .pc-answer:not(.pc-streaming)').length >= 1",
                                 timeout=ANSWER_TIMEOUT)
        for i, pg in enumerate(pages):
            chat = pg.locator("#pc-chat").inner_text()
            assert questions[i] in chat and questions[1 - i] not in chat
            pg.screenshot(path=str(ARTIFACTS / f"08-session-{i + 1}.png"))
        # a chip in one tab resolves against that tab's own answers
        pages[1].locator("#pc-chat a.pc-chip").first.click()
        pages[1].locator("#pc-panel mark.pc-quote").wait_for(timeout=15_000)
        assert "青山市" in pages[1].locator("#pc-panel").inner_text()
        assert pages[0].locator("#pc-panel mark").count() == 0
    finally:
        for c in contexts:
            c.close()


def test_eval_tab_runs_the_offline_eval(page):
    _tab(page, "评测")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.locator("#pc-eval").click()  # the quick run: a sample of the seed's questions
    page.locator("#pc-evalsummary").get_by_text("用时").wait_for(timeout=ANSWER_TIMEOUT)
    assert "抽样评测" in page.locator("#pc-evalsummary").inner_text()
    table = page.locator("#pc-evaltable").inner_text()
    assert "首位命中率" in table and "事实完整率" in table
    assert page.locator(".js-plotly-plot, img, svg, canvas").count() > 0
    # all four columns inside the page at 1366 px: nothing cut off on the right
    right = page.evaluate("""() => Math.max(...[...document.querySelectorAll('#pc-evaltable th')]
        .map(th => th.getBoundingClientRect().right))""")
    assert 0 < right <= 1366, right
    _shot(page, "09-eval")


def test_the_ui_follows_an_index_changed_from_a_terminal(browser, small_server):
    url, settings = small_server
    context = browser.new_context(viewport={"width": 1400, "height": 950})
    page = context.new_page()
    try:
        page.goto(url)
        page.locator("#pc-message textarea").wait_for(timeout=30_000)
        _ask(page, "夜光夜校每年开多少期课程?", 1)  # the UI has read the index, vectors included
        assert "36期" in _last_answer(page).inner_text()

        assert "removed" in _cli("--data-dir", str(settings.data_dir), "remove", UPLOAD_ID)

        _ask(page, "健康跑全程多少公里?", 2)
        answer = _last_answer(page)
        assert "5公里" in answer.inner_text()
        hrefs = [a.get_attribute("href") or "" for a in answer.locator("a.pc-chip").all()]
        assert hrefs and all(RUNNING_ID in h for h in hrefs), hrefs
        assert page.locator("#pc-chat .pc-error").count() == 0
        assert page.locator(".toast-body.error").count() == 0
        assert "Error" not in page.evaluate("document.body.innerText")
        _ask(page, "夜光夜校每年开多少期课程?", 3)  # the removed notice is gone for the UI too
        assert "36期" not in _last_answer(page).inner_text()
        _tab(page, "文档")
        page.wait_for_function(
            f"() => !document.querySelector('#pc-doclist').innerText.includes('{UPLOAD_ID}')", timeout=15_000)
        assert RUNNING_ID in page.locator("#pc-doclist").inner_text()
        _shot(page, "10-index-changed-elsewhere")
    finally:
        context.close()
