"""Every error policy-chat shows to a user, in one place.

Each message says what happened *and what to do*; the CLI and the Gradio app turn
these into messages at their edge and let anything else surface as a real bug.
Two families, as in pydantic-ai: ``UsageError`` (the input or configuration is
wrong, the user can fix it) and ``ServiceError`` (a backend failed: the LLM, Chroma).
"""

from __future__ import annotations


class PolicyChatError(Exception):
    """Base class: the message is meant for the user and names the fix."""


class UsageError(PolicyChatError):
    """The user's input or configuration is wrong."""


class ServiceError(PolicyChatError):
    """A backend (LLM, embedding API, Chroma server) failed."""


class ConfigError(UsageError):
    """A setting is missing or malformed; the message names the variable."""


class LoadError(UsageError):
    """A document could not be read; ``path`` names it so a batch can go on."""

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")


class InputTooLargeError(LoadError):
    """A file exceeds an upload limit (bytes, PDF pages, inflated size of a .docx); the message
    names the limit and the environment variable that raises it."""

    def __init__(self, path: str, what: str, value: float, limit: float, unit: str, env_var: str) -> None:
        self.what = what  # "size", "pages" or "inflated"
        self.value = value
        self.limit = limit
        self.unit = unit
        self.env_var = env_var
        described = {"size": "the file is", "pages": "the PDF has",
                     "inflated": "the .docx unpacks to"}.get(what, what)
        super().__init__(path, f"too large: {described} {value:g} {unit}, the limit is {limit:g} {unit} "
                         f"(raise it with {env_var})")


class AccessDeniedError(UsageError):
    """A change (upload, removal, evaluation) asked for by someone without the editor right."""

    def __init__(self, action: str, user: str | None) -> None:
        self.action = action
        self.user = user
        who = f"user {user!r} has the reader role" if user else "not signed in"
        super().__init__(f"{action} needs a signed-in user with the editor role ({who}). Add one with "
                         "`policy-chat user add NAME --role editor` and sign in.")


class EmptyQuestionError(UsageError):
    """The question is empty or whitespace."""

    def __init__(self) -> None:
        super().__init__("问题为空:请输入一个问题。(The question is empty: type a question.)")


class QuestionTooLongError(UsageError):
    """The question is longer than ``Settings.max_question_chars``."""

    def __init__(self, length: int, limit: int) -> None:
        self.length = length
        self.limit = limit
        super().__init__(
            f"问题太长({length} 字),上限为 {limit} 字;请缩短问题,或设置 POLICY_CHAT_MAX_QUESTION_CHARS "
            f"提高上限。(The question is {length} characters long; the limit is {limit}: shorten it "
            f"or raise POLICY_CHAT_MAX_QUESTION_CHARS.)"
        )


class NotFoundError(UsageError):
    """A document or paragraph ID that the index does not hold."""


class IndexMissingError(UsageError):
    """Nothing has been indexed yet."""

    def __init__(self, data_dir: str) -> None:
        super().__init__(
            f"No index in {data_dir}. Build it first: `policy-chat index` (or `make index`)."
        )


class IndexMismatchError(UsageError):
    """The index was built with a different embedding model than the one configured."""


class CorruptIndexError(UsageError):
    """Files in the data directory cannot be read back."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(
            f"The index at {path} is damaged ({reason}). Rebuild it: `policy-chat index --rebuild`."
        )


class InconsistentIndexError(CorruptIndexError):
    """The catalogue and the Chroma store disagree: the catalogue lists paragraphs whose vectors
    Chroma no longer holds (an emptied sqlite file, a damaged HNSW segment). Answering anyway
    would silently fall back to keyword search only."""

    def __init__(self, path: str, reason: str) -> None:
        self.reason = reason
        UsageError.__init__(
            self,
            f"The index at {path} is inconsistent: {reason}. Answers would come from keyword search "
            f"alone. Rebuild it: `policy-chat index --rebuild` (it keeps every document it can read back)."
        )


class IndexBusyError(UsageError):
    """Another process holds the data directory's write lock (``policy-chat index`` running)."""

    def __init__(self, data_dir: str, holder: str) -> None:
        self.holder = holder
        super().__init__(
            f"Another process is writing the index in {data_dir} ({holder or 'holder unknown'}). "
            f"Wait for it to finish, then run this again; asking questions meanwhile is fine."
        )


class EvalDataError(UsageError):
    """A Q&A file fails validation; the message names file and line."""


class LLMError(ServiceError):
    """The LLM call failed after retries (timeout, auth, rate limit, bad output)."""


class EmbeddingError(ServiceError):
    """The embedding backend failed."""


class ChromaError(ServiceError):
    """The Chroma server could not be reached or answered with an error."""
