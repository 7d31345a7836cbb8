"""The JSON API of ``drafter serve``: the same answers as the command line (it calls the same
library), every bad input of the issue a 4xx with one Chinese line, and nothing the client
names is opened or rendered as a template."""

import io
import json
import zipfile
from urllib.parse import unquote

import docx
import pytest
import yaml
from click.testing import CliRunner
from conftest import CORPUS, REPO, SEEDS
from starlette.testclient import TestClient
from web_helpers import body, messy_docx, package, xxe, zip_bomb

from cli import main
from drafter.web.app import create_app

SEED = SEEDS[1]  # the 廉政 speech of corpora/
BRIEF = {"kind": "动员部署会讲话", "meeting": "全县安全生产工作会议", "speaker": "张三", "org": "中共桐溪县委",
         "region": "桐溪县", "date": "2026-03-05", "topic": ["安全生产"],
         "sections": [{"heading": "统一思想，提高认识", "points": ["充分认识安全生产形势的严峻性", "压实安全生产责任"]},
                      {"heading": "突出重点，狠抓落实", "points": ["深入开展隐患排查整治", "全面提升应急处置能力"]}]}
LIANZHENG = {"kind": "动员部署会讲话", "meeting": "全县党风廉政建设工作会议", "region": "桐溪县", "topic": ["党风廉政"],
             "sections": [{"heading": "加强廉政文化建设", "points": ["丰富廉政文化活动", "建设廉政文化阵地"]}]}
BROKEN = "一、总体要求\n（一）指导思想\n（三）工作目标\n二．工作要求\n请XX同志于20xx年前报送。\n"


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory):
    return str(tmp_path_factory.mktemp("corpus") / "corpus.sqlite")


@pytest.fixture(scope="module")
def client(corpus_db):
    with TestClient(create_app(corpus_db), base_url="http://127.0.0.1") as c:
        yield c


def upload(client, url, name, data, **fields):
    return client.post(url, files={"file": (name, data)}, data=fields)


def cli_json(*args):
    result = CliRunner().invoke(main, [*args, "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def error_of(response, status=400):
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    message = response.json()["error"]
    assert "Traceback" not in message and any("\u4e00" <= ch <= "\u9fff" for ch in message), message
    return message


# -- the same answers as the command line ----------------------------------------------------------

def test_kinds_match_the_command_line(client):
    kinds = client.get("/api/kinds").json()["kinds"]
    listed = CliRunner().invoke(main, ["draft", "--list-kinds"]).stdout
    assert [k["name"] for k in kinds] == [line.split("（")[0] for line in listed.splitlines()]
    assert all(k["summary"] and k["genre"] in ("speech", "document") for k in kinds)


def test_outline_and_check_of_an_upload_equal_the_command_line(client):
    outline = upload(client, "/api/outline", SEED.name, SEED.read_bytes()).json()
    expected = cli_json("outline", str(SEED))
    assert {**outline, "source": None} == {**expected, "source": None}
    assert outline["source"] == SEED.name, "only the base name comes back"
    checked = upload(client, "/api/check", SEED.name, SEED.read_bytes()).json()
    assert checked["findings"] == cli_json("check", str(SEED))["findings"]
    assert any(f["code"] == "P001" for f in checked["findings"])


def test_check_of_pasted_text_and_a_real_docx(client):
    checked = client.post("/api/check", json={"text": BROKEN}).json()
    assert [f["code"] for f in checked["findings"]][:3] == ["N101", "N201", "P001"]
    assert client.post("/api/check", json={"text": BROKEN, "select": "P"}).json()["findings"][0]["code"] == "P001"
    real = sorted((CORPUS / "docx").glob("*.docx"))[0]
    from_docx = upload(client, "/api/check", real.name, real.read_bytes()).json()
    assert from_docx["findings"] == cli_json("check", str(real))["findings"]


def test_inspect_gives_lines_outline_findings_and_dropped_lines(client):
    result = upload(client, "/api/inspect", SEED.name, SEED.read_bytes()).json()
    assert result["lines"] == SEED.read_text(encoding="utf-8").split("\n")
    assert result["outline"]["title"] == "在全区党风廉政宣传教育联席会议上的讲话"
    assert result["errors"] == sum(f["severity"] == "error" for f in result["findings"])
    assert result["dropped"] and all(d["reason"] for d in result["dropped"]), "web junk of the seed is reported"


def test_fix_pasted_text_and_a_docx(client, tmp_path):
    response = client.post("/api/fix", json={"text": BROKEN})
    assert response.status_code == 200 and response.headers["x-drafter-applied"] == "2"
    assert "filename*=UTF-8''" in response.headers["content-disposition"]
    fixed = response.content.decode("utf-8")
    assert fixed == BROKEN.replace("（三）", "（二）").replace("二．", "二、")
    path = tmp_path / "通知.docx"
    docx_doc = docx.Document()
    for line in BROKEN.splitlines():
        docx_doc.add_paragraph(line)
    docx_doc.save(path)
    response = upload(client, "/api/fix", path.name, path.read_bytes())
    assert response.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert "%E9%80%9A%E7%9F%A5-%E4%BF%AE%E6%94%B9.docx" in response.headers["content-disposition"]  # 通知-修改.docx
    texts = [p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs]
    assert texts[2:4] == ["（二）工作目标", "二、工作要求"]
    assert path.read_bytes() != response.content, "the original is only read"


# -- drafting -----------------------------------------------------------------------------------------

def test_draft_a_brief_with_two_sections(client):
    result = client.post("/api/draft?seed=7", json=BRIEF).json()
    assert set(result) >= {"text", "characters", "minutes", "findings", "sources", "seed"}
    lines = result["text"].splitlines()
    assert lines[0] == "在全县安全生产工作会议上的讲话"
    assert any(line.startswith("一、统一思想，提高认识") for line in lines)
    assert any(line.startswith("二、突出重点，狠抓落实") for line in lines)
    assert not any(f["code"].startswith("N") for f in result["findings"]), "drafts pass check's numbering rules"
    assert result["seed"] == 7 and result["minutes"] == round(result["characters"] / 200, 1)
    again = client.post("/api/draft?seed=7", json=BRIEF).json()
    assert again["text"] == result["text"], "a seed gives the same draft"
    unseeded = client.post("/api/draft", json=BRIEF).json()
    assert isinstance(unseeded["seed"], int)


def test_template_text_in_a_brief_comes_back_as_written(client):
    tricky = {**BRIEF, "meeting": "{{ 7*7 }}会议", "speaker": "{% raw %}张三",
              "sections": [{"heading": "{{ cycler.__init__.__globals__ }}", "points": ["{{地区}}要{{ config }}"]}]}
    text = client.post("/api/draft?seed=1", json=tricky).json()["text"]
    assert "在{{ 7*7 }}会议上的讲话" in text and "49" not in text
    assert "{{ cycler.__init__.__globals__ }}" in text and "{{ config }}" in text


@pytest.mark.parametrize("brief,message", [
    ({"meeting": "x"}, "缺少字段 kind"), ({"kind": "讲话"}, "未知的文种"), ({**BRIEF, "date": "3月5日"}, "日期"),
    ({**BRIEF, "color": "red"}, "不认识这个字段"), ({**BRIEF, "sections": "一、甲"}, "sections"),
])
def test_bad_briefs_are_one_line(client, brief, message):
    assert message in error_of(client.post("/api/draft", json=brief))


def test_brief_saved_as_yaml_loads_back(client, tmp_path):
    response = client.post("/api/brief/yaml", json=BRIEF)
    text = response.content.decode("utf-8")
    assert yaml.safe_load(text)["sections"] == BRIEF["sections"]
    saved = tmp_path / "brief.yaml"
    saved.write_bytes(response.content)
    drafted = CliRunner().invoke(main, ["draft", str(saved), "--seed", "7"])
    assert drafted.exit_code == 0 and drafted.stdout == client.post("/api/draft?seed=7", json=BRIEF).json()["text"]
    loaded = upload(client, "/api/brief/load", "brief.yaml", response.content).json()["brief"]
    assert loaded == BRIEF


def test_brief_yaml_bombs_and_errors(client):
    bomb = "kind: 动员部署会讲话\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    assert "别名" in error_of(upload(client, "/api/brief/load", "bomb.yaml", bomb.encode()))
    assert "YAML" in error_of(upload(client, "/api/brief/load", "bad.yaml", b"kind: [\n"))
    assert "UTF-8" in error_of(upload(client, "/api/brief/load", "gbk.yaml", "kind: 动员部署会讲话".encode("gbk")))


# -- layout ---------------------------------------------------------------------------------------

def parts(data: bytes) -> dict[str, bytes]:
    """The parts of a .docx but its core properties (which carry the time of writing)."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return {n: package.read(n) for n in package.namelist() if n != "docProps/core.xml"}


def test_export_is_the_same_docx_as_the_command_line(client, tmp_path):
    draft = client.post("/api/draft?seed=3", json=BRIEF).json()["text"]
    source = tmp_path / "初稿.txt"
    source.write_text(draft, encoding="utf-8")
    profile = tmp_path / "字符网格.toml"
    profile.write_text('[page]\ngrid = "linesAndChars"\n', encoding="utf-8")
    for options, cli_options in (({}, []), ({"grid": "linesAndChars", "fonts": "common"},
                                            ["--profile", str(profile), "--fonts", "common"])):
        response = client.post("/api/export", json={"text": draft, "author": "中共桐溪县委", **options})
        out = tmp_path / "cli.docx"
        result = CliRunner().invoke(main, ["export", str(source), "-o", str(out), "--author", "中共桐溪县委", *cli_options])
        assert result.exit_code == 0, result.output
        assert parts(response.content) == parts(out.read_bytes())
    document = docx.Document(io.BytesIO(response.content))
    assert [p.text for p in document.paragraphs] == draft.splitlines()
    assert 'w:type="linesAndChars"' in document.sections[0]._sectPr.xml and "仿宋_GB2312" not in parts(response.content)[
        "word/styles.xml"].decode("utf-8")


def test_format_a_messy_docx(client, tmp_path):
    messy = messy_docx(tmp_path / "messy.docx")
    response = upload(client, "/api/format", "messy.docx", messy.read_bytes(), fix="1")
    assert response.status_code == 200, response.text
    texts = [p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs]
    assert texts[3] == "一、总体要求" and texts[4].startswith("（一）指导思想") and texts[5] == "（二）工作目标"
    out = tmp_path / "cli.docx"
    assert CliRunner().invoke(main, ["format", str(messy), "--fix", "-o", str(out)]).exit_code == 0
    assert parts(response.content) == parts(out.read_bytes()), "the same .docx as drafter format"
    plain = upload(client, "/api/format", "messy.docx", messy.read_bytes())
    assert [p.text for p in docx.Document(io.BytesIO(plain.content)).paragraphs][5] == "（三）工作目标"
    assert "Arial" not in plain.content.decode("latin-1") and plain.headers["x-drafter-notes"] == ""
    with_picture = tmp_path / "图.docx"
    document = docx.Document(messy)
    document.add_table(rows=1, cols=2).rows[0].cells[0].text = "表格中的字"
    document.add_section()
    document.add_paragraph("新的一节。")
    document.save(with_picture)
    kept = upload(client, "/api/format", "图.docx", with_picture.read_bytes())
    assert "表格中的字" in parts(kept.content)["word/document.xml"].decode("utf-8"), "format keeps tables"
    assert unquote(kept.headers["x-drafter-notes"]).startswith("图.docx：未能保留："), "and says what it could not keep"


def test_layout_choices_are_names_never_paths(client, tmp_path):
    profile = tmp_path / "fonts.toml"
    profile.write_text('[fonts]\nbody = "Comic Sans"\n', encoding="utf-8")
    assert "字体方案" in error_of(client.post("/api/export", json={"text": "标题\n正文。", "fonts": str(profile)}))
    assert "网格" in error_of(client.post("/api/export", json={"text": "标题\n正文。", "grid": "../x"}))


# -- corpus and phrases -----------------------------------------------------------------------------

def test_corpus_add_search_similar_and_like(client, corpus_db):
    info = client.get("/api/corpus").json()
    assert info["path"] == corpus_db and info["exists"] is False
    added = client.post("/api/corpus/add", files=[("file", (s.name, s.read_bytes())) for s in SEEDS]
                        + [("file", ("junk.txt", b"\x00\x01" * 100))]).json()
    assert added["added"] == 2 and added["failures"][0]["file"] == "junk.txt"
    again = client.post("/api/corpus/add", files={"file": (SEEDS[0].name, SEEDS[0].read_bytes())}).json()
    assert again["unchanged"] == 1 and again["added"] == 0
    info = client.get("/api/corpus").json()
    assert info["stats"]["documents"] == 2 and {d["file"] for d in info["documents"]} == {s.name for s in SEEDS}
    hits = client.get("/api/search", params={"q": "廉政文化 建设", "limit": 5}).json()
    assert hits["words"] == ["廉政文化", "建设"] and len(hits["results"]) == 5
    assert all("廉政文化" in h["text"] and "建设" in h["text"] and h["path"].startswith("《") for h in hits["results"])
    copied = SEED.read_text(encoding="utf-8").splitlines()[5]
    similar = client.post("/api/similar", json={"text": "标题\n" + copied}).json()
    assert similar["share"] > 0.9 and similar["sentences"][1]["matches"][0]["similarity"] == 1.0
    assert similar["sentences"][0] == {"line": 1, "text": "标题", "matches": []}
    doc = next(d["id"] for d in info["documents"] if d["file"] == SEED.name)
    liked = client.post(f"/api/draft?seed=2&like={doc}", json={"kind": "动员部署会讲话", "topic": ["安全生产"]}).json()
    outline = client.post("/api/outline", json={"text": liked["text"]}).json()
    original = cli_json("outline", str(SEED))
    assert [n["style"] for n in outline["nodes"]] == [n["style"] for n in original["nodes"]], "the skeleton is kept"
    assert "没有编号为" in error_of(client.post("/api/draft?like=999", json=BRIEF))

    grounded = client.post("/api/draft?seed=4&ground=1", json=LIANZHENG).json()
    assert grounded["sources"] and 0 < grounded["borrowed"] <= 1 and "借用语料" in grounded["summary"]
    lines = grounded["text"].splitlines()
    for source in grounded["sources"]:
        assert source["text"] in lines[source["draft_line"] - 1] and source["title"] in {d["title"] for d in info["documents"]}
    response = client.post("/api/export", json={"text": grounded["text"], "sources": grounded["sources"]})
    with zipfile.ZipFile(io.BytesIO(response.content)) as package:
        comments = package.read("word/comments.xml").decode("utf-8")
    assert comments.count("借用自语料库") == len({s["draft_line"] for s in grounded["sources"]})
    assert "sources" in error_of(client.post("/api/export", json={"text": "标题", "sources": [{"text": 1}]}))


def test_search_without_a_corpus_is_a_clear_error(tmp_path):
    with TestClient(create_app(str(tmp_path / "none.sqlite")), base_url="http://127.0.0.1") as fresh:
        assert "语料库不存在" in error_of(fresh.get("/api/search", params={"q": "廉政"}))
        assert fresh.get("/api/corpus").json()["exists"] is False
    assert not (tmp_path / "none.sqlite").exists()


def test_phrases_search_like_the_command_line(client):
    result = client.get("/api/phrases", params={"q": "廉政", "category": "号召", "limit": 5}).json()
    expected = cli_json("phrases", "search", "廉政", "--category", "号召", "-n", "5")
    assert result["results"] == expected["results"] and result["results"]
    assert "没有这一类" in error_of(client.get("/api/phrases", params={"category": "/etc"}))


# -- bad input: one Chinese line and a 4xx, never a traceback ---------------------------------------------

@pytest.mark.parametrize("name,data,message", [
    ("坏.docx", b"PK\x03\x04" + b"\x00" * 300, "已损坏"),
    ("不是zip.docx", b"plain text", "不是有效的 zip"),
    ("旧版.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, ".doc"),
    ("junk.txt", bytes(range(256)) * 40, "不是文本文件"),
    ("空.txt", b"  \n ", "空的"),
    ("无正文.docx", package(b'<?xml version="1.0"?><x/>'), "没有正文"),
    ("炸弹.docx", zip_bomb(), "压缩炸弹"),
    ("xxe.docx", xxe(), "DTD"),
    ("utf16-xxe.docx", xxe(encoding="utf-16"), "DTD"),
])
@pytest.mark.parametrize("url", ["/api/check", "/api/outline", "/api/inspect", "/api/fix", "/api/format", "/api/similar"])
def test_bad_files_are_one_clear_line(client, url, name, data, message):
    response = upload(client, url, name, data)
    assert message in error_of(response) and name in response.json()["error"]
    assert "root:" not in response.text


def test_an_xxe_payload_never_reads_the_file(client, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("绝密内容", encoding="utf-8")
    payload = xxe(str(secret))
    assert "DTD" in error_of(upload(client, "/api/inspect", "x.docx", payload))
    entity_free = package(body("一、总体要求", "二、工作要求"))
    assert upload(client, "/api/inspect", "ok.docx", entity_free).json()["outline"]["nodes"][1]["marker"] == "二、"


def test_oversized_uploads_are_refused_with_the_cap(tmp_path):
    small = create_app(str(tmp_path / "c.sqlite"), max_upload=1024 * 1024)
    with TestClient(small, base_url="http://127.0.0.1") as c:
        message = error_of(upload(c, "/api/check", "大.txt", "一、甲\n".encode() * 300_000), 413)
        assert "上限为 1 MB" in message
        assert "上限" in error_of(c.post("/api/check", json={"text": "甲" * 600_000}), 413)
        chunks = (b"x" * 65536 for _ in range(40))  # no Content-Length: counted while read
        response = c.post("/api/export", content=chunks, headers={"Content-Type": "application/json"})
        assert "上限" in error_of(response, 413)
    with TestClient(create_app(), base_url="http://127.0.0.1") as c:
        assert "20 MB" in error_of(upload(c, "/api/check", "大.txt", b"a" * (21 * 1024 * 1024)), 413)


@pytest.mark.parametrize("method,url,kwargs,status,message", [
    ("post", "/api/check", {"content": b"{not json", "headers": {"Content-Type": "application/json"}}, 400, "JSON"),
    ("post", "/api/check", {"json": ["text"]}, 400, "JSON 对象"),
    ("post", "/api/check", {"json": {"text": "   "}}, 400, "请先粘贴"),
    ("post", "/api/check", {"json": {"text": 12}}, 400, "text"),
    ("post", "/api/check", {"json": {"words": "x"}}, 400, "上传文件"),
    ("post", "/api/check", {"json": {"text": "一、甲", "select": "ZZ9"}}, 400, "没有这条规则"),
    ("post", "/api/check", {"data": {"other": "x"}}, 400, "上传文件"),
    ("post", "/api/draft?seed=abc", {"json": BRIEF}, 400, "整数"),
    ("post", "/api/export", {"json": {"text": ""}}, 400, "没有要导出"),
    ("post", "/api/similar", {"json": {"text": "甲乙", "threshold": "2"}}, 400, "0 到 1"),
    ("post", "/api/corpus/add", {"json": {}}, 400, "表单"),
    ("get", "/api/search?q=", {}, 400, "请输入"),
    ("get", "/api/check", {}, 405, "请求方法"),
    ("get", "/api/nothing", {}, 404, "没有这个地址"),
    ("post", "/api/check", {"json": {"text": "一、甲"}, "headers": {"Origin": "http://evil.example"}}, 403, "其他网站"),
    ("get", "/api/kinds", {"headers": {"Host": "evil.example"}}, 400, "本机地址"),
])
def test_bad_requests_are_one_clear_line(client, method, url, kwargs, status, message):
    assert message in error_of(getattr(client, method)(url, **kwargs), status)


def test_same_origin_posts_and_binary_junk_as_text(client):
    ok = client.post("/api/check", json={"text": "一、甲\n三、乙"}, headers={"Origin": "http://127.0.0.1"})
    assert ok.status_code == 200 and ok.json()["findings"][0]["code"] == "N101"
    junk = client.post("/api/export", json={"text": "标题\n\x00\x07正文\x1b。"})
    assert [p.text for p in docx.Document(io.BytesIO(junk.content)).paragraphs] == ["标题", "正文。"]


def test_file_names_from_the_client_are_only_names(client):
    response = upload(client, "/api/fix", "../../etc/passwd", BROKEN.encode("utf-8"))
    assert response.status_code == 200
    assert "passwd-%E4%BF%AE%E6%94%B9.txt" in response.headers["content-disposition"]
    assert upload(client, "/api/check", "/etc/passwd", b"\x00" * 10).json()["error"].startswith("passwd:")


# -- the page -------------------------------------------------------------------------------------

def test_the_page_has_five_tabs_and_ships_every_asset(client):
    page = client.get("/")
    assert page.status_code == 200 and "default-src 'self'" in page.headers["content-security-policy"]
    html = page.text
    for tab in ("检查", "起草", "排版", "语料", "套话"):
        assert f">{tab}</button>" in html
    assert html.count('<option value="') >= 11 and "动员部署会讲话" in html
    import re
    assets = re.findall(r'(?:src|href)="([^"#]+)"', html)
    assert assets and all(a.startswith("/static/") for a in assets)
    for asset in assets:
        response = client.get(asset)
        assert response.status_code == 200, asset
        assert not re.search(r"https?://(?!www\.w3\.org/2000/svg)", response.text), f"{asset} fetches from the internet"
    assert not re.search(r"https?://", html)
    assert (REPO / "drafter" / "web" / "static" / "app.js").stat().st_size < 40_000, "a little plain JavaScript"


# -- any JSON at all: an answer or one line, never a 500 ------------------------------------------------

def _json_values():
    from hypothesis import strategies as st

    samples = st.sampled_from(["动员部署会讲话", "通知", "2026-03-05", "{{ 7*7 }}", "一、甲", "common", "lines",
                               "../../etc/passwd"])
    leaves = (st.none() | st.booleans() | st.integers(-10, 10 ** 6) | st.floats(allow_nan=False, allow_infinity=False)
              | st.text(max_size=12) | samples)
    return st.recursive(leaves, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["kind", "meeting", "topic", "date", "sections", "heading", "points", "text", "fonts", "grid",
                         "author", "name", "select", "threshold", "attachments"]), inner, max_size=5), max_leaves=12)


def test_hostile_json_never_breaks_the_server(client):
    from hypothesis import HealthCheck, given, settings

    @settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(_json_values(), _json_values())
    def run(brief, body):
        for url, data in (("/api/draft?seed=1", brief), ("/api/brief/yaml", brief), ("/api/export", body),
                          ("/api/check", body), ("/api/similar", body)):
            response = client.post(url, json=data)
            assert response.status_code in (200, 400), (url, data, response.text)
            if response.status_code == 400:
                error_of(response)

    run()
