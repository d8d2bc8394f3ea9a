"""Who may change the record: read-only unless signed in as an editor, checked on the server.

The app is served on 127.0.0.1 and attacked as a client would: ``gradio_client`` for what the
API offers, and raw HTTP (``/gradio_api/queue/join``) for the events it does not list, since
an attacker is not bound by what a client library chooses to show. Replacing a document asks
first and keeps the old version; every change lands in the audit trail.
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import httpx
import pytest
from conftest import NOTICE, SECOND, CountingEmbedder

import app
from assistant import audit, ui_text
from assistant.service import Assistant
from core import users
from core.errors import AccessDeniedError, ConfigError
from core.settings import Settings
from index.store import PolicyIndex

PASSWORD = "correct horse battery"
UPLOAD = "# 关于建设社区书屋的通知\n\n一、总体要求\n\n(一)到2026年建成120个社区书屋。\n"


# ------------------------------------------------------------------ the users file


def test_users_file_holds_hashes_and_checks_passwords(tmp_path):
    path = tmp_path / "users.txt"
    assert users.add_user(path, "alice", PASSWORD, "editor")
    assert not users.add_user(path, "alice", PASSWORD + "!", "reader")  # same name: updated, not doubled
    users.add_user(path, "bob", "another secret", "reader")
    text = path.read_text(encoding="utf-8")
    assert PASSWORD not in text and "another secret" not in text and text.count("scrypt$") == 2
    assert path.stat().st_mode & 0o077 == 0  # readable by its owner only
    assert users.authenticate(path, "alice", PASSWORD + "!").role == "reader"
    assert users.authenticate(path, "alice", PASSWORD) is None  # the old password no longer works
    assert users.authenticate(path, "nobody", PASSWORD) is None
    assert users.role_of(path, "bob") == "reader" and users.role_of(path, None) is None


def test_a_damaged_users_file_names_the_line_and_the_variable(tmp_path):
    path = tmp_path / "users.txt"
    path.write_text("# comment\nalice:admin:plaintext\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"line 2.*POLICY_CHAT_USERS_FILE"):
        users.read_users(path)


def test_cli_user_add_writes_a_hash_where_the_app_reads_it(tmp_path, monkeypatch, capsys):
    import io

    from evals.cli import main

    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert main(["--data-dir", str(tmp_path), "user", "add", "carol", "--role", "editor",
                 "--password-stdin"]) == 0
    assert "added carol (editor)" in capsys.readouterr().out
    access = app.Access.from_settings(Settings.from_env(env={}, data_dir=tmp_path))
    assert access.sign_in and access.check_password("carol", PASSWORD)
    assert not access.check_password("carol", "wrong password")


# ------------------------------------------------------------------ binding


def test_serving_beyond_loopback_without_sign_in_refuses_to_start(tmp_path, capsys):
    assert app.main(["--host", "0.0.0.0", "--data-dir", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "Refusing to serve on 0.0.0.0" in err and "policy-chat user add" in err
    assert "POLICY_CHAT_USERS_FILE" in err
    app.check_bind("127.0.0.1", app.Access())  # loopback is fine without users
    app.check_bind("localhost", app.Access())
    users.add_user(tmp_path / "users.txt", "alice", PASSWORD, "editor")
    app.check_bind("0.0.0.0", app.Access.from_settings(Settings.from_env(env={}, data_dir=tmp_path)))


# ------------------------------------------------------------------ a served app, attacked over HTTP


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class GatedEmbedder(CountingEmbedder):
    """Embeds passages only when the gate is open (an upload that takes as long as a test wants)."""

    def __init__(self) -> None:
        super().__init__()
        self.gate = threading.Event()
        self.gate.set()
        self.waiting = threading.Event()

    def embed_passages(self, texts):  # type: ignore[no-untyped-def]
        if not self.gate.is_set():
            self.waiting.set()
            self.gate.wait(timeout=120)
        return super().embed_passages(texts)


def _served(folder: Path, *, with_users: bool) -> SimpleNamespace:
    settings = Settings.from_env(env={}, data_dir=folder / "data")
    if with_users:
        users.add_user(settings.users_path, "alice", PASSWORD, "editor")
        users.add_user(settings.users_path, "bob", PASSWORD, "reader")
    embedder = GatedEmbedder()
    index = PolicyIndex.open(settings, embedder=embedder, create=True)
    assert not index.index_paths([NOTICE, SECOND]).failed
    access = app.Access.from_settings(settings)
    assert access.sign_in is with_users
    demo = app.create_app(Assistant(index, settings), access=access)
    port = _free_port()
    # a float, as Settings holds it: Gradio refused "1.0mb" and make run did not start
    app.serve(demo, "127.0.0.1", port, block=False, access=access, max_file_mb=1.0)
    fns = {}
    for fn_id, fn in demo.fns.items():
        fns.setdefault(fn.name, fn_id)  # the first event of that name (upload before replace)
    replace = [i for i, fn in demo.fns.items() if fn.name == "on_upload"][1]
    return SimpleNamespace(demo=demo, url=f"http://127.0.0.1:{port}/", index=index, settings=settings,
                           fns=fns, replace=replace, embedder=embedder)


@pytest.fixture(scope="module")
def open_server(tmp_path_factory):
    """Served on 127.0.0.1 with no users file: nobody signs in."""
    served = _served(tmp_path_factory.mktemp("open"), with_users=False)
    yield served
    served.demo.close()


@pytest.fixture(scope="module")
def signin_server(tmp_path_factory):
    """Served with a users file: alice is an editor, bob a reader."""
    served = _served(tmp_path_factory.mktemp("signin"), with_users=True)
    yield served
    served.demo.close()


def _upload(client: httpx.Client, url: str, path: Path) -> dict:
    with path.open("rb") as f:
        r = client.post(f"{url}gradio_api/upload", files={"files": (path.name, f)})
    r.raise_for_status()
    return {"path": r.json()[0], "orig_name": path.name, "meta": {"_type": "gradio.FileData"}}


def _call(client: httpx.Client, url: str, fn_index: int, data: list) -> tuple[bool, dict]:
    """Run event ``fn_index`` as the browser does (join the queue, read its stream)."""
    session = uuid.uuid4().hex
    r = client.post(f"{url}gradio_api/queue/join", json={
        "data": data, "fn_index": fn_index, "session_hash": session, "event_data": None, "trigger_id": None})
    r.raise_for_status()
    with client.stream("GET", f"{url}gradio_api/queue/data", params={"session_hash": session},
                       timeout=120) as stream:
        for line in stream.iter_lines():
            if line.startswith("data:"):
                msg = json.loads(line[5:])
                if msg.get("msg") == "process_completed":
                    return bool(msg.get("success")), msg.get("output") or {}
    raise AssertionError("the event's stream ended without a result")


@contextlib.contextmanager
def _signed_in(url: str, name: str) -> Iterator[httpx.Client]:
    """A raw HTTP client holding ``name``'s sign-in cookie (Gradio's own /login)."""
    with httpx.Client() as client:
        assert client.post(f"{url}login", data={"username": name, "password": PASSWORD}).status_code == 200
        yield client


def _changes(server: SimpleNamespace, client: httpx.Client, tmp_path: Path) -> dict[str, tuple[bool, dict]]:
    """Every changing event, called directly: upload, replace, ask-to-remove, remove, evaluate."""
    new = tmp_path / "shequ-shuwu-tongzhi.md"
    new.write_text(UPLOAD, encoding="utf-8")
    forged = tmp_path / f"{NOTICE.stem}.txt"  # the name of an indexed notice, other content
    forged.write_text("通报\n一、整改任务已完成999项。\n", encoding="utf-8")
    return {
        "upload": _call(client, server.url, server.fns["on_upload"], [[_upload(client, server.url, new)]]),
        "replace": _call(client, server.url, server.replace, [[_upload(client, server.url, forged)]]),
        "confirm_remove": _call(client, server.url, server.fns["confirm_remove"], [NOTICE.stem]),
        "remove": _call(client, server.url, server.fns["on_remove"], [NOTICE.stem]),
        "evaluate": _call(client, server.url, server.fns["on_eval"], ["quick"]),
    }


def test_an_anonymous_client_can_ask_but_not_change_anything(open_server, tmp_path):
    from gradio_client import Client

    before = [(d.id, d.content_hash) for d in open_server.index.documents()]
    client = Client(open_server.url, verbose=False)
    named = client.view_api(print_info=False, return_format="dict")["named_endpoints"]
    assert "/respond" in named
    assert not {"/on_upload", "/on_remove", "/on_eval", "/confirm_remove"} & set(named)  # not offered
    _, chat, *_ = client.predict("整改措施一共有多少项?", api_name="/respond")
    assert "160项" in str(chat[-1]["content"])  # asking works

    with httpx.Client() as raw:  # the events the API page does not list are still reachable: refused
        results = _changes(open_server, raw, tmp_path)
    for action, (ok, output) in results.items():
        assert not ok, action
        assert "需要登录有编辑权限的账号" in str(output.get("error")), (action, output)
    assert [(d.id, d.content_hash) for d in open_server.index.documents()] == before
    assert audit.read_trail(open_server.settings.data_dir) == []


def test_with_users_configured_everyone_signs_in_and_only_editors_change(signin_server, tmp_path):
    from gradio_client import Client

    with pytest.raises(ValueError, match=r"[Ll]ogin|auth"):  # Gradio's sign-in guards the whole app
        Client(signin_server.url, verbose=False)
    assert httpx.get(f"{signin_server.url}config").status_code == 401
    assert httpx.post(f"{signin_server.url}login", data={"username": "alice", "password": "wrong!"}
                      ).status_code == 400
    reader = Client(signin_server.url, auth=("bob", PASSWORD), verbose=False)
    _, chat, *_ = reader.predict("整改措施一共有多少项?", api_name="/respond")
    assert "160项" in str(chat[-1]["content"])

    before = [(d.id, d.content_hash) for d in signin_server.index.documents()]
    with _signed_in(signin_server.url, "bob") as raw:
        for action, (ok, output) in _changes(signin_server, raw, tmp_path).items():
            assert not ok and "bob 是只读用户" in str(output.get("error")), (action, output)
    assert [(d.id, d.content_hash) for d in signin_server.index.documents()] == before

    with _signed_in(signin_server.url, "alice") as raw:
        new = tmp_path / "shequ-shuwu-tongzhi.md"
        new.write_text(UPLOAD, encoding="utf-8")
        ok, output = _call(raw, signin_server.url, signin_server.fns["on_upload"],
                           [[_upload(raw, signin_server.url, new)]])
    assert ok and "shequ-shuwu-tongzhi" in output["data"][0]
    assert "shequ-shuwu-tongzhi" in {d.id for d in signin_server.index.documents()}
    trail = audit.read_trail(signin_server.settings.data_dir)
    assert [(e.user, e.action, e.doc_id) for e in trail] == [("alice", "upload", "shequ-shuwu-tongzhi")]


def test_questions_are_answered_while_an_upload_is_indexing(signin_server, tmp_path):
    """Uploads have their own queue: a slow one does not hold the chat's."""
    from gradio_client import Client

    slow = tmp_path / "yejian-xuexiao-tongzhi.md"
    slow.write_text(UPLOAD.replace("社区书屋", "夜间学校"), encoding="utf-8")
    embedder = signin_server.embedder
    embedder.gate.clear()
    embedder.waiting.clear()
    result: dict[str, object] = {}

    def upload() -> None:
        with _signed_in(signin_server.url, "alice") as raw:
            result["upload"] = _call(raw, signin_server.url, signin_server.fns["on_upload"],
                                     [[_upload(raw, signin_server.url, slow)]])

    worker = threading.Thread(target=upload)
    worker.start()
    try:
        assert embedder.waiting.wait(timeout=60), "the upload never started indexing"
        reader = Client(signin_server.url, auth=("bob", PASSWORD), verbose=False)
        _, chat, *_ = reader.predict("整改措施一共有多少项?", api_name="/respond")
        assert "160项" in str(chat[-1]["content"])
        assert "upload" not in result  # answered while the upload was still indexing
    finally:
        embedder.gate.set()
        worker.join(timeout=120)
    assert result["upload"][0]


def test_gradio_refuses_a_file_over_the_limit_before_storing_it(open_server, tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * (2 * 1024 * 1024))
    with httpx.Client() as raw, big.open("rb") as f:
        response = raw.post(f"{open_server.url}gradio_api/upload", files={"files": (big.name, f)})
    assert response.status_code == 413


def test_readers_see_the_changing_buttons_greyed_out_and_why(tmp_path):
    users.add_user(tmp_path / "users.txt", "alice", PASSWORD, "editor")
    users.add_user(tmp_path / "users.txt", "bob", PASSWORD, "reader")
    signed = app.Access(tmp_path / "users.txt")
    cases = [(app.Access(), None, False, "只读模式"), (signed, "bob", False, "只读"),
             (signed, "alice", True, "可上传")]
    for access, name, editor, words in cases:
        banner, *buttons = access.view(_request(name))
        assert words in banner and all(b.interactive is editor for b in buttons), (name, banner)
    users.add_user(tmp_path / "users.txt", "alice", PASSWORD, "reader")  # a right taken away: no restart
    assert signed.role(_request("alice")) == ("alice", "reader")


# ------------------------------------------------------------------ replacing and removing, in the handlers


@pytest.fixture
def library(tmp_path):
    settings = Settings.from_env(env={}, data_dir=tmp_path / "data")
    index = PolicyIndex.open(settings, embedder=CountingEmbedder(), create=True)
    source = tmp_path / "src" / NOTICE.name
    source.parent.mkdir()
    source.write_bytes(NOTICE.read_bytes())
    assert not index.index_paths([source]).failed
    users.add_user(settings.users_path, "alice", PASSWORD, "editor")
    access = app.Access.from_settings(settings)
    return SimpleNamespace(h=app.Handlers(Assistant(index, settings)), index=index, settings=settings,
                           access=access, source=source)


def _request(name: str | None) -> SimpleNamespace:
    return SimpleNamespace(username=name)


def test_an_upload_with_an_indexed_notices_name_asks_and_keeps_the_old_version(library, tmp_path):
    old = library.index.document(NOTICE.stem)
    forged = tmp_path / "upload" / NOTICE.name
    forged.parent.mkdir()
    forged.write_text("通报\n一、整改任务已完成999项。\n二、其他。\n", encoding="utf-8")
    upload = app._upload_handler(library.h, library.access)
    status, files, *_ = upload([str(forged)], _request("alice"), None)
    assert "待确认" in status and NOTICE.name in status
    assert files is not None  # the files stay selected for the confirmation
    assert library.index.document(NOTICE.stem).content_hash == old.content_hash  # nothing replaced
    box, question = library.h.replace_prompt([str(forged)])
    assert box.visible and old.title in question and NOTICE.name in question

    replace = app._upload_handler(library.h, library.access, replace=True)
    with pytest.raises(app.gr.Error):
        replace([str(forged)], _request(None), None)  # confirming needs the editor right too
    status, *_ = replace([str(forged)], _request("alice"), None)
    assert "已替换" in status
    new = library.index.document(NOTICE.stem)
    assert new.content_hash != old.content_hash and len(new.paragraphs) < len(old.paragraphs)
    kept = sorted((library.settings.data_dir / "versions" / NOTICE.stem).iterdir())
    record = next(p for p in kept if p.suffix == ".json")
    assert json.loads(record.read_text(encoding="utf-8"))["content_hash"] == old.content_hash
    assert any(p.name.endswith(NOTICE.name) and p.read_bytes() == NOTICE.read_bytes() for p in kept)
    (entry,) = audit.read_trail(library.settings.data_dir)
    assert (entry.user, entry.action, entry.doc_id) == ("alice", "replace", NOTICE.stem)
    assert entry.kept == str(record)


def test_an_unchanged_file_with_the_same_name_is_not_a_replacement(library):
    assert library.h.replacements([library.source]) == {}
    status, files, *_ = app._upload_handler(library.h, library.access)([str(library.source)],
                                                                        _request("alice"), None)
    assert "未变化" in status and files is None


def test_removing_needs_an_editor_and_keeps_what_was_removed(library):
    remove = app._remove_handler(library.h, library.access)
    with pytest.raises(app.gr.Error, match="需要登录有编辑权限的账号"):
        remove(NOTICE.stem, _request(None))
    assert library.index.documents()
    status, *_ = remove(NOTICE.stem, _request("alice"))
    assert NOTICE.stem in status and not library.index.documents()
    (entry,) = audit.read_trail(library.settings.data_dir)
    assert (entry.user, entry.action, entry.doc_id) == ("alice", "remove", NOTICE.stem)
    assert Path(entry.kept).exists()


def test_access_denied_reads_as_chinese_and_says_what_to_do():
    assert "登录" in ui_text.user_message(AccessDeniedError("upload", None))
    assert "只读" in ui_text.user_message(AccessDeniedError("evaluate", "bob"))
    assert "policy-chat user add" in str(AccessDeniedError("remove", None))
