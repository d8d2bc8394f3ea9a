"""Chinese for what the chat UI shows that the core says in English.

Errors meant for users (``index/errors.py``) are written for the CLI, in English with the
command to run; file-loading reasons and eval metric descriptions too. The UI is read in
Chinese, so at its edge it shows these words instead and logs the English original. Pure
functions and data, no Gradio. A message that is Chinese already (the LLM's) is shown as it is.
"""

from __future__ import annotations

import re

from core.errors import (
    AccessDeniedError,
    ChromaError,
    CorruptIndexError,
    EmbeddingError,
    EmptyQuestionError,
    EvalDataError,
    InconsistentIndexError,
    IndexBusyError,
    IndexMismatchError,
    IndexMissingError,
    InputTooLargeError,
    LoadError,
    NotFoundError,
    PolicyChatError,
)

_CJK = re.compile(r"[\u3400-\u9fff]")
_QUOTED = re.compile(r"'([^']+)'")

# Why a file could not be read (index/loaders.py), by how its English reason begins.
_LOAD_REASONS = [
    ("unsupported file type", "不支持这种文件类型,可以上传 .txt、.md、.html、.docx 或 .pdf 文件"),
    ("cannot be read", "文件无法读取"),
    ("the file is empty", "文件是空的"),
    ("no text could be extracted", "没能从文件中提取出文字"),
    ("looks like a binary file", "这不是文本文件"),
    ("the text encoding could not be detected", "无法识别文件的文字编码,请另存为 UTF-8 后再上传"),
    ("is not a readable .docx", "不是能读取的 .docx 文件"),
    ("is not a readable pdf", "不是能读取的 PDF 文件"),
    ("this pdf has no text layer", "这个 PDF 是扫描件,没有文字层;暂不支持文字识别(OCR)"),
]


_LIMITS = {"size": ("文件太大", "MB"), "pages": ("PDF 页数太多", "页"),
           "inflated": (".docx 解压后太大", "MB")}


def load_reason(err: LoadError) -> str:
    """Why a file could not be indexed, in Chinese."""
    if isinstance(err, InputTooLargeError):
        what, unit = _LIMITS.get(err.what, ("文件太大", err.unit))
        return (f"{what}({err.value:g} {unit}),上限为 {err.limit:g} {unit};"
                f"管理员可设置环境变量 {err.env_var} 提高上限")
    reason = (err.reason or "").strip()
    if _CJK.search(reason):
        return reason
    low = reason.lower()
    for start, text in _LOAD_REASONS:
        if low.startswith(start):
            return text
    return "文件无法读取"


def user_message(exc: PolicyChatError) -> str:
    """The sentence a UI user sees for a domain error: what happened and what to do."""
    if isinstance(exc, EmptyQuestionError):
        return "问题为空:请输入一个问题。"
    if isinstance(exc, AccessDeniedError):
        if exc.user:
            return f"{exc.user} 是只读用户:{ACTIONS.get(exc.action, '这项操作')}需要编辑权限,请联系管理员。"
        return (f"{ACTIONS.get(exc.action, '这项操作')}需要登录有编辑权限的账号;"
                "未登录时只能提问、阅读和生成简报。")
    if isinstance(exc, LoadError):
        name = re.split(r"[\\/]", str(exc.path))[-1]
        return f"无法索引 {name}:{load_reason(exc)}。"
    text = str(exc)
    if isinstance(exc, NotFoundError):
        quoted = _QUOTED.search(text)
        what = f" {quoted.group(1)}" if quoted else ""
        if "paragraph" in text.lower():
            return f"找不到段落{what}:它所在的文档可能已被删除。"
        return f"找不到文档{what}:它可能已被删除,请在“文档”页查看现有的文档。"
    if _CJK.search(text):  # written in Chinese already (the LLM's messages)
        return text
    if isinstance(exc, IndexMissingError):
        return "还没有建立索引:请先运行 policy-chat index,或在“文档”页上传文件。"
    if isinstance(exc, IndexMismatchError):
        return "索引是用另一个嵌入模型建立的:请运行 policy-chat index --rebuild 重建索引。"
    if isinstance(exc, InconsistentIndexError):
        return ("向量库与文档目录不一致(部分段落的向量缺失或无法检索),继续回答只能靠关键词检索:"
                "请运行 policy-chat index --rebuild 重建索引。")
    if isinstance(exc, IndexBusyError):
        return "另一个程序正在写入索引(例如 policy-chat index):请等它完成后再试。提问不受影响。"
    if isinstance(exc, CorruptIndexError):
        return "索引文件已损坏:请运行 policy-chat index --rebuild 重建索引。"
    if isinstance(exc, ChromaError):
        return "向量库出错,暂时无法检索。详情记在服务器日志里。"
    if isinstance(exc, EmbeddingError):
        return "嵌入模型出错,暂时无法检索。详情记在服务器日志里。"
    if isinstance(exc, EvalDataError):
        return "评测数据有误,无法运行评测。详情记在服务器日志里。"
    return "无法完成这个操作。详情记在服务器日志里。"


#: The changes that need the editor role, as AccessDeniedError names them.
ACTIONS = {"upload": "上传文件", "replace": "替换文档", "remove": "删除文档", "evaluate": "运行评测"}


#: What each eval metric (evals/metrics.py METRICS) is called in the 评测 tab, and what it means.
METRIC_LABELS: dict[str, tuple[str, str]] = {
    "hit@1": ("首位命中率", "证据段落排在检索结果第一位的问题比例"),
    "hit@3": ("前三命中率", "证据段落排在检索结果前三位的问题比例"),
    "hit@5": ("前五命中率", "证据段落排在检索结果前五位的问题比例"),
    "mrr": ("平均倒数排名", "第一个证据段落排名的倒数,取平均"),
    "evidence_coverage": ("证据引用率", "可回答的问题中,所需证据段落都被引用的比例"),
    "citation_precision": ("引用准确率", "被引用的段落中确实含有证据的比例"),
    "cited_chars_mean": ("待核对字数(平均)", "每个回答中读者要核对的引用原文字数"),
    "cited_chars_p90": ("待核对字数(90%分位)", "同上,第 90 百分位"),
    "verbatim_quote_rate": ("引文逐字一致率", "引文在所引段落中逐字出现的比例"),
    "unsupported_sentence_rate": ("未核实句子比例", "回答中被标为未能核实的句子比例"),
    "fact_recall": ("事实完整率", "可回答的问题中,回答包含全部所问事实的比例"),
    "fact_recall_micro": ("事实命中率", "所问的事实在回答中出现的比例"),
    "refusal_accuracy": ("如实拒答率", "文件没有答案的问题,回答说明了没有的比例"),
    "false_refusal_rate": ("误拒答率", "文件有答案的问题却被拒答的比例"),
}
