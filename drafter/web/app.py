"""The ASGI application of ``drafter serve``: the page, its static files and the JSON API.

Routes parse the request (a file upload, pasted text or a JSON brief) and hand the work to
:mod:`drafter.web.api` in a worker thread, so that two tabs drafting and exporting at once are
served side by side. Every error is JSON ``{"error": "…"}`` with a 4xx status; an unforeseen one
is a 500 with a Chinese line and no traceback (the traceback goes to the server's log only).
"""

from __future__ import annotations

import functools
import json
import logging
import os
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from .. import __version__
from ..model import DrafterError
from . import api, drafting, typeset
from .guard import Guard, TooLarge, too_large_message
from .inputs import MAX_UPLOAD, Input, pasted, safe_name

HERE = os.path.dirname(__file__)
log = logging.getLogger("drafter.web")
_FORM = ("multipart/form-data", "application/x-www-form-urlencoded")
_HTTP_ERRORS = {404: "没有这个地址", 405: "不支持这种请求方法", 400: "请求格式有误"}


# -- reading requests -----------------------------------------------------------------------------

async def _json(request: Request) -> dict:
    try:
        data = json.loads(await request.body() or b"null")
    except (ValueError, UnicodeDecodeError):
        raise DrafterError("请求内容不是有效的 JSON") from None
    if not isinstance(data, dict):
        raise DrafterError("请求内容应为 JSON 对象")
    return data


async def _form(request: Request, max_files: int = 1):
    try:
        return await request.form(max_files=max_files, max_fields=100, max_part_size=request.app.state.max_upload)
    except HTTPException as exc:
        raise DrafterError(f"上传的表单有误（{exc.detail}）") from None


async def _upload(value) -> Input:
    data = await value.read()
    await value.close()
    return Input(safe_name(value.filename), data)


async def _document(request: Request) -> tuple[Input, dict]:
    """The document of a request — a file in the form field ``file``, or text in ``text`` of a
    form or a JSON body — and the request's other fields."""
    if request.headers.get("content-type", "").startswith(_FORM):
        form = await _form(request)
        fields = {k: v for k, v in form.items() if isinstance(v, str)}
        upload = form.get("file")
        if upload is not None and not isinstance(upload, str):
            return await _upload(upload), fields
        if "text" in fields:
            return pasted(fields["text"]), fields
        raise DrafterError("请上传文件（表单字段 file）或发送文字（text）")
    body = await _json(request)
    if "text" not in body:
        raise DrafterError("请上传文件（表单字段 file），或发送 JSON {\"text\": …}")
    return pasted(body["text"], safe_name(_str(body, "name"), "粘贴的文字")), body


def _str(fields: dict, name: str) -> str | None:
    """A text field of a form or JSON body (None when absent); any other type is the client's mistake."""
    value = fields.get(name)
    if value is None or isinstance(value, str):
        return value
    raise DrafterError(f"{name} 应为文字")


def _flag(value: object) -> bool:
    return str(value).lower() in ("1", "true", "on", "yes")


def _int(value: object, name: str, low: int = 0, high: int = 10 ** 9) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(str(value))
    except ValueError:
        raise DrafterError(f"{name} 应为整数") from None
    if not low <= number <= high:
        raise DrafterError(f"{name} 应在 {low} 到 {high} 之间")
    return number


def _limit(value: object, default: int, high: int) -> int:
    number = _int(value, "limit", 0, high)
    return default if number is None else number


def _float(value: object, name: str, default: float) -> float:
    try:
        number = float(str(value)) if value not in (None, "") else default
    except ValueError:
        raise DrafterError(f"{name} 应为 0 到 1 之间的数") from None
    if not 0 <= number <= 1:
        raise DrafterError(f"{name} 应为 0 到 1 之间的数")
    return number


def _file(result: api.FileResult) -> Response:
    """A download: RFC 6266 file name (UTF-8) with an ASCII fallback."""
    fallback = "drafter" + os.path.splitext(result.name)[1]
    headers = {"Content-Disposition": f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(result.name)}",
               "X-Drafter-Applied": str(result.applied), "X-Drafter-Skipped": str(result.skipped),
               "X-Drafter-Notes": quote("\n".join(result.notes))}
    return Response(result.data, media_type=result.media_type, headers=headers)


# -- routes ---------------------------------------------------------------------------------------

async def page(request: Request) -> Response:
    """The page: five tabs, rendered here; the script only fills in results."""
    from .page import render

    corpus = request.app.state.corpus
    return Response(await run_in_threadpool(render, corpus, request.app.state.max_upload), media_type="text/html")


async def kinds(request: Request) -> Response:
    """``GET /api/kinds`` (see :func:`drafter.web.api.kinds`)."""
    return JSONResponse(await run_in_threadpool(api.kinds))


async def outline(request: Request) -> Response:
    """``POST /api/outline`` (see :func:`drafter.web.api.outline`)."""
    document, _ = await _document(request)
    return JSONResponse(await run_in_threadpool(api.outline, document))


async def check(request: Request) -> Response:
    """``POST /api/check`` (see :func:`drafter.web.api.check`)."""
    document, fields = await _document(request)
    return JSONResponse(await run_in_threadpool(api.check, document, _str(fields, "select"), _str(fields, "ignore")))


async def inspect(request: Request) -> Response:
    """``POST /api/inspect`` (see :func:`drafter.web.api.inspect`)."""
    document, _ = await _document(request)
    return JSONResponse(await run_in_threadpool(api.inspect, document))


async def fix(request: Request) -> Response:
    """``POST /api/fix`` (see :func:`drafter.web.api.fix`)."""
    document, _ = await _document(request)
    return _file(await run_in_threadpool(api.fix, document))


async def draft(request: Request) -> Response:
    """``POST /api/draft?seed=&like=&ground=`` (see :func:`drafter.web.drafting.draft`)."""
    brief = await _json(request)
    q = request.query_params
    seed, like = _int(q.get("seed"), "seed", high=2 ** 32 - 1), _int(q.get("like"), "like", low=1)
    args = (brief, seed, like, request.app.state.corpus, _flag(q.get("ground")))
    return JSONResponse(await run_in_threadpool(drafting.draft, *args))


async def export(request: Request) -> Response:
    """``POST /api/export`` (see :func:`drafter.web.typeset.export`)."""
    body = await _json(request)
    work = functools.partial(typeset.export, body.get("text"), _str(body, "fonts"), _str(body, "grid"), _str(body, "author"),
                             _str(body, "name"), drafting.notes(body.get("sources")), _str(body, "speaker"), _str(body, "date"))
    return _file(await run_in_threadpool(work))


async def format_docx(request: Request) -> Response:
    """``POST /api/format`` (see :func:`drafter.web.typeset.format_docx`)."""
    document, fields = await _document(request)
    args = (document, _str(fields, "fonts"), _str(fields, "grid"), _flag(fields.get("fix")), _str(fields, "author"))
    return _file(await run_in_threadpool(typeset.format_docx, *args))


async def brief_yaml(request: Request) -> Response:
    """``POST /api/brief/yaml`` (see :func:`drafter.web.drafting.brief_yaml`)."""
    return _file(await run_in_threadpool(drafting.brief_yaml, await _json(request)))


async def brief_load(request: Request) -> Response:
    """``POST /api/brief/load`` (see :func:`drafter.web.drafting.brief_load`)."""
    document, _ = await _document(request)
    if document.pasted:
        document = Input("brief.yaml", (document.text or "").encode("utf-8"))
    return JSONResponse(await run_in_threadpool(drafting.brief_load, document))


async def corpus_info(request: Request) -> Response:
    """``GET /api/corpus`` (see :func:`drafter.web.api.corpus_info`)."""
    return JSONResponse(await run_in_threadpool(api.corpus_info, request.app.state.corpus))


async def corpus_add(request: Request) -> Response:
    """``POST /api/corpus/add`` (see :func:`drafter.web.api.corpus_add`)."""
    if not request.headers.get("content-type", "").startswith(_FORM):
        raise DrafterError("请以表单上传文件（字段 file，可多个）")
    form = await _form(request, max_files=200)
    documents = [await _upload(v) for v in form.getlist("file") if not isinstance(v, str)]
    if not documents:
        raise DrafterError("请选择要加入语料库的 .txt/.docx 文件")
    return JSONResponse(await run_in_threadpool(api.corpus_add, request.app.state.corpus, documents))


async def search(request: Request) -> Response:
    """``GET /api/search`` (see :func:`drafter.web.api.search`)."""
    q = request.query_params
    args = (request.app.state.corpus, q.get("q", ""), _flag(q.get("heading_only")), q.get("style"), q.get("kind"),
            _limit(q.get("limit"), 20, 200))
    return JSONResponse(await run_in_threadpool(api.search, *args))


async def similar(request: Request) -> Response:
    """``POST /api/similar`` (see :func:`drafter.web.api.similar`)."""
    document, fields = await _document(request)
    threshold = _float(fields.get("threshold"), "threshold", 0.8)
    return JSONResponse(await run_in_threadpool(api.similar, request.app.state.corpus, document, threshold))


async def phrases(request: Request) -> Response:
    """``GET /api/phrases`` (see :func:`drafter.web.api.phrases`)."""
    q = request.query_params
    args = (q.get("q", ""), q.get("category"), _limit(q.get("limit"), 50, 1000))
    return JSONResponse(await run_in_threadpool(api.phrases, *args))


# -- errors ---------------------------------------------------------------------------------------

async def _drafter_error(request: Request, exc: Exception) -> Response:
    return JSONResponse({"error": str(exc)}, status_code=400)


async def _too_large(request: Request, exc: Exception) -> Response:
    return JSONResponse({"error": too_large_message(request.app.state.max_upload)}, status_code=413)


async def _http_error(request: Request, exc: Exception) -> Response:
    code = getattr(exc, "status_code", 400)
    return JSONResponse({"error": _HTTP_ERRORS.get(code, "请求有误")}, status_code=code)


async def _server_error(request: Request, exc: Exception) -> Response:
    log.error("request %s %s failed", request.method, request.url.path, exc_info=exc)
    return JSONResponse({"error": f"服务器内部错误（{exc.__class__.__name__}），请把这个文件或操作告诉维护者"}, status_code=500)


def create_app(corpus: str | None = None, max_upload: int = MAX_UPLOAD,
               hosts: tuple[str, ...] | None = ("127.0.0.1", "localhost", "::1")) -> Guard:
    """The application: ``corpus`` is the corpus database (``--corpus``, else ``$DRAFTER_CORPUS``,
    else corpora/corpus.sqlite); request bodies above ``max_upload`` bytes are refused; requests
    whose Host is not one of ``hosts`` (None: any) are refused (DNS rebinding)."""
    post = ["POST"]
    routes = [
        Route("/", page), Mount("/static", StaticFiles(directory=os.path.join(HERE, "static")), name="static"),
        Route("/api/kinds", kinds), Route("/api/outline", outline, methods=post), Route("/api/check", check, methods=post),
        Route("/api/inspect", inspect, methods=post), Route("/api/fix", fix, methods=post),
        Route("/api/draft", draft, methods=post), Route("/api/export", export, methods=post),
        Route("/api/format", format_docx, methods=post), Route("/api/brief/yaml", brief_yaml, methods=post),
        Route("/api/brief/load", brief_load, methods=post), Route("/api/corpus", corpus_info),
        Route("/api/corpus/add", corpus_add, methods=post), Route("/api/search", search),
        Route("/api/similar", similar, methods=post), Route("/api/phrases", phrases),
    ]
    app = Starlette(routes=routes, exception_handlers={
        DrafterError: _drafter_error, TooLarge: _too_large, HTTPException: _http_error, Exception: _server_error})
    app.state.corpus = corpus
    app.state.max_upload = max_upload
    app.state.version = __version__
    return Guard(app, max_upload, hosts)
