"""The page in a real browser (Playwright with Debian's Chromium, headless), used as a writer
would: paste a speech and read its outline and findings; fix and download; fill the form for a
动员部署会讲话, draft, edit and download the .docx; format a messy .docx; build and search the
corpus; copy a phrase. Every tab is photographed at 1366×768 (DRAFTER_SCREENSHOTS names the
folder; the README's picture comes from there) and no request leaves the machine."""

import io
import os
import re
import zipfile
from pathlib import Path

import docx
import pytest
import yaml
from click.testing import CliRunner
from conftest import SEEDS
from web_helpers import CHROMIUM, CHROMIUM_ARGS, chromium_missing, messy_docx, running

from cli import main
from drafter.check import check
from drafter.pipeline import load
from drafter.web.app import create_app

MISSING = chromium_missing()
pytestmark = [pytest.mark.slow, pytest.mark.skipif(MISSING is not None, reason=MISSING or "")]
SEED = SEEDS[1]
BROKEN = "一、总体要求\n（一）指导思想\n（三）工作目标\n二．工作要求\n请XX同志于20xx年前报送。"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with running(create_app(str(tmp_path_factory.mktemp("corpus") / "corpus.sqlite"))) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory):
    folder = Path(os.environ.get("DRAFTER_SCREENSHOTS") or tmp_path_factory.mktemp("shots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def page(browser, site):
    """A fresh tab at 1366×768 in Chinese; requests anywhere but this server are blocked and
    counted, script errors are collected; both must stay empty."""
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN", accept_downloads=True)
    outside, errors = [], []

    def only_local(route):
        if route.request.url.startswith(site):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", only_local)
    tab = context.new_page()
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    tab.on("console", lambda msg: errors.append(msg.text)
           if msg.type == "error" and not msg.text.startswith("Failed to load resource") else None)
    tab.goto(site)
    yield tab
    context.close()
    assert outside == [], "the page fetched from the internet"
    assert errors == [], errors


def expect(locator):
    from playwright.sync_api import expect as playwright_expect

    playwright_expect.set_options(timeout=30_000)  # the first draft or export of a process loads jieba and python-docx
    return playwright_expect(locator)


def parts(data: bytes) -> dict[str, bytes]:
    """The parts of a .docx but its core properties (which carry the time of writing)."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return {n: package.read(n) for n in package.namelist() if n != "docProps/core.xml"}


def tab(page, name):
    page.get_by_role("tab", name=name, exact=True).click()


def drop(page, selector, path: Path):
    """Drop a file on an element, as a writer drags one from the desktop."""
    transfer = page.evaluate_handle(
        "([name, bytes]) => { const t = new DataTransfer(); t.items.add(new File([new Uint8Array(bytes)], name)); return t; }",
        [path.name, list(path.read_bytes())])
    page.dispatch_event(selector, "drop", {"dataTransfer": transfer})


# -- 检查 -----------------------------------------------------------------------------------------

def test_paste_a_seed_speech_and_see_its_outline_and_findings(page, shots):
    loaded = load(str(SEED))
    findings = check(loaded.document, loaded.outline).findings
    page.fill("#check-text", SEED.read_text(encoding="utf-8"))
    page.click("#check-run")
    expect(page.locator("#check-outline .marker")).to_have_count(len(list(loaded.outline.walk())))
    expect(page.locator("#check-outline")).to_contain_text("一、统一思想，提高认识")
    expect(page.locator("#check-findings li")).to_have_count(len(findings))
    counts = [(sum(f.severity == s for f in findings), w) for s, w in (("error", "处错误"), ("warning", "处警告"))]
    expect(page.locator("#status")).to_have_text("发现 " + "、".join(f"{n} {w}" for n, w in counts if n))
    worst: dict[int, str] = {}
    for finding in findings:
        worst[finding.line] = "error" if "error" in (worst.get(finding.line), finding.severity) else "warning"
    for line, severity in worst.items():
        expect(page.locator(f"#L{line}")).to_have_class(re.compile(rf"\b{severity}\b"))
    expect(page.locator("#check-lines li.error, #check-lines li.warning")).to_have_count(len(worst))
    last = findings[-1]
    expect(page.locator(f"#L{last.line}")).not_to_be_in_viewport()
    page.locator("#check-findings li").last.click()
    expect(page.locator(f"#L{last.line}")).to_be_in_viewport()
    last_heading = [n for n in loaded.outline.walk() if not n.inline][-1]
    expect(page.locator(f"#L{last_heading.line}")).not_to_be_in_viewport()
    page.locator("#check-outline .marker").last.click()
    expect(page.locator(f"#L{last_heading.line}")).to_be_in_viewport()
    expect(page.locator(f"#L{last_heading.line}")).to_have_class(re.compile(r"\bheading\b"))
    page.locator("#check-findings li").first.click()
    expect(page.locator(f"#L{findings[0].line}")).to_be_in_viewport()
    page.wait_for_timeout(1500)  # the smooth scroll and the flash are over
    page.screenshot(path=shots / "check.png")


def test_fix_and_download_text_and_docx(page, tmp_path):
    page.fill("#check-text", BROKEN)
    page.click("#check-run")
    expect(page.locator("#check-findings .badge")).to_have_text(["N101", "N201", "P001", "P001"])
    page.click("#check-fix")
    link = page.locator("#check-download")
    expect(link).to_have_text("下载 粘贴的文字-修改.txt")
    with page.expect_download() as download:
        link.click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.read_text(encoding="utf-8") == BROKEN.replace("（三）", "（二）").replace("二．", "二、")
    expect(page.locator("#check-findings .badge")).to_have_text(["P001", "P001"])
    expect(page.locator("#status")).to_have_text("已修复 2 处，还有 2 处需要人工处理")

    original = tmp_path / "通知.docx"
    document = docx.Document()
    for line in BROKEN.splitlines():
        document.add_paragraph(line)
    document.save(original)
    before = original.read_bytes()
    page.click("#check-clear")
    drop(page, "#tab-check .pane.doc", original)
    expect(page.locator("#check-findings .badge")).to_have_text(["N101", "N201", "P001", "P001"])
    expect(page.locator("#check-edit")).to_be_hidden()
    page.click("#check-fix")
    with page.expect_download() as download:
        page.click("#check-download")
    assert download.value.suggested_filename == "通知-修改.docx"
    fixed = tmp_path / "fixed.docx"
    download.value.save_as(fixed)
    assert [p.text for p in docx.Document(fixed).paragraphs][2:4] == ["（二）工作目标", "二、工作要求"]
    assert original.read_bytes() == before


# -- 起草 -----------------------------------------------------------------------------------------

def section(page, index):
    return page.locator("#sections > li").nth(index)


def test_fill_the_form_draft_edit_and_download_the_docx(page, tmp_path, shots):
    tab(page, "起草")
    page.select_option("#brief-kind", "通知")
    expect(page.locator("input[name=purpose]")).to_be_visible()
    expect(page.locator("input[name=speaker]")).to_be_hidden()
    page.select_option("#brief-kind", "动员部署会讲话")
    expect(page.locator("input[name=purpose]")).to_be_hidden()
    expect(page.locator("#kind-summary")).to_contain_text("统一思想")
    page.fill("input[name=meeting]", "全县安全生产工作会议")
    page.fill("input[name=speaker]", "张三")
    page.fill("input[name=org]", "中共桐溪县委")
    page.fill("input[name=region]", "桐溪县")
    page.fill("input[name=date]", "2026-03-05")
    page.fill("input[name=topic]", "安全生产、应急管理")
    for heading in ("突出重点，狠抓落实", "统一思想，提高认识", "作废的一部分"):
        page.click("#section-add")
        page.locator("#sections > li .heading").last.fill(heading)
    section(page, 1).locator(".up").first.click()  # reorder: 统一思想 first
    section(page, 2).locator(".remove").first.click()
    for k, points in enumerate([["充分认识安全生产形势的严峻性"], ["深入开展隐患排查整治", "严格落实安全生产责任"]]):
        for point in points:
            section(page, k).locator(".add-point").first.click()
            section(page, k).locator(".points .heading").last.fill(point)
    responsibility = section(page, 1).locator(".points > li").nth(1)
    responsibility.locator(".add-point").first.click()  # nested: a point under a point
    responsibility.locator(".points .heading").last.fill("压实企业主体责任")
    expect(section(page, 1).locator(".num")).to_have_text(["2", "2.1", "2.2", "2.2.1"])

    page.click("#draft-run")
    expect(page.locator("#draft-stats")).to_contain_text("按每分钟 200 字约需", timeout=60000)
    text = page.input_value("#draft-text")
    lines = text.splitlines()
    assert lines[0] == "在全县安全生产工作会议上的讲话"
    assert [line for line in lines if line.startswith(("一、", "二、"))] == ["一、统一思想，提高认识", "二、突出重点，狠抓落实"]
    assert "压实企业主体责任" in text
    expect(page.locator("#draft-findings li").first).to_be_visible()
    assert not [b for b in page.locator("#draft-findings .badge").all_inner_texts() if b.startswith("N")]
    page.screenshot(path=shots / "draft.png")

    edited = "\n".join(lines[:-1] + ["会后，各乡镇要逐项抓好落实。", lines[-1]]) + "\n"
    page.fill("#draft-text", edited)
    with page.expect_download() as download:
        page.click("#draft-docx")
    assert download.value.suggested_filename == "在全县安全生产工作会议上的讲话.docx"
    saved = tmp_path / "draft.docx"
    download.value.save_as(saved)
    document = docx.Document(saved)
    title, *rest = edited.strip().splitlines()
    assert [p.text for p in document.paragraphs] == [title, "（2026年3月5日）", "张三", *rest], "as drafter draft -o writes it"
    assert document.core_properties.author == "中共桐溪县委"
    with page.expect_download() as download:
        page.click("#draft-txt")
    download.value.save_as(tmp_path / "draft.txt")
    assert (tmp_path / "draft.txt").read_text(encoding="utf-8") == edited

    with page.expect_download() as download:
        page.click("#brief-save")
    download.value.save_as(tmp_path / "brief.yaml")
    brief = yaml.safe_load((tmp_path / "brief.yaml").read_text(encoding="utf-8"))
    assert str(brief["date"]) == "2026-03-05" and brief["topic"] == ["安全生产", "应急管理"]
    assert brief["sections"][1] == {"heading": "突出重点，狠抓落实", "points": [
        "深入开展隐患排查整治", {"heading": "严格落实安全生产责任", "points": ["压实企业主体责任"]}]}

    seed = page.input_value("#brief-seed")
    page.click("#draft-again")
    expect(page.locator("#brief-seed")).not_to_have_value(seed)
    page.reload()
    tab(page, "起草")
    page.set_input_files("#brief-file", str(tmp_path / "brief.yaml"))
    expect(page.locator("#sections .heading")).to_have_count(6)
    expect(page.locator("input[name=meeting]")).to_have_value("全县安全生产工作会议")
    expect(page.locator("input[name=date]")).to_have_value("2026-03-05")


# -- 排版 -----------------------------------------------------------------------------------------

def test_format_a_messy_docx(page, tmp_path, shots):
    messy = messy_docx(tmp_path / "凌乱.docx")
    tab(page, "排版")
    expect(page.locator("#format-run")).to_be_disabled()
    page.set_input_files("#format-file", str(messy))
    expect(page.locator("#format-name")).to_have_text("凌乱.docx")
    page.select_option("#format-fonts", "common")
    page.check("#format-fix")
    page.click("#format-run")
    link = page.locator("#format-download")
    expect(link).to_have_text("下载 凌乱-排版.docx")
    page.screenshot(path=shots / "format.png")
    with page.expect_download() as download:
        link.click()
    saved = tmp_path / "out.docx"
    download.value.save_as(saved)
    document = docx.Document(saved)
    texts = [p.text for p in document.paragraphs]
    assert texts[3:6] == ["一、总体要求", "（一）指导思想。坚持人民至上、生命至上。", "（二）工作目标"]
    out = tmp_path / "cli.docx"
    assert CliRunner().invoke(main, ["format", str(messy), "--fonts", "common", "--fix", "-o", str(out)]).exit_code == 0
    assert parts(saved.read_bytes()) == parts(out.read_bytes()), "the same .docx as drafter format"
    styles = parts(saved.read_bytes())["word/styles.xml"].decode("utf-8")
    assert "仿宋" in styles and "仿宋_GB2312" not in styles, "the common font preset"


# -- 语料 and 套话 --------------------------------------------------------------------------------

def test_build_and_search_the_corpus_and_check_a_draft(page, shots, tmp_path):
    tab(page, "语料")
    expect(page.locator("#corpus-stats")).to_contain_text("还没有建立")
    page.set_input_files("#corpus-files", [str(s) for s in SEEDS])
    expect(page.locator("#corpus-progress-text")).to_have_text("完成：新加入 2 份，更新 0 份，未变 0 份", timeout=30000)
    expect(page.locator("#corpus-progress")).to_have_attribute("value", "2")
    expect(page.locator("#corpus-stats")).to_contain_text("2 份文件")
    page.fill("#search-q", "廉政文化 建设")
    page.click("#search-form button[type=submit]")
    expect(page.locator("#search-results > li").first).to_contain_text("廉政文化")
    marks = page.locator("#search-results mark").all_inner_texts()
    assert marks and set(marks) <= {"廉政文化", "建设"}
    expect(page.locator("#search-results .path").nth(1)).to_contain_text("《")
    expect(page.locator("#corpus-documents li")).to_have_count(2)
    page.screenshot(path=shots / "corpus.png")
    copied = SEED.read_text(encoding="utf-8").splitlines()[5]
    page.get_by_role("tab", name="查重").click()
    page.fill("#similar-text", "一段新写的开头。\n" + copied)
    page.click("#similar-run")
    expect(page.locator("#similar-results li.copied").first).to_contain_text(copied[:12])
    expect(page.locator("#similar-share")).to_contain_text("%")
    page.screenshot(path=shots / "similar.png")
    tab(page, "起草")
    expect(page.locator("#brief-like option")).to_have_count(3)
    expect(page.locator("#brief-ground")).to_be_enabled()
    page.fill("input[name=meeting]", "全县党风廉政建设工作会议")
    page.fill("input[name=topic]", "党风廉政")
    page.click("#section-add")
    page.locator("#sections .heading").last.fill("加强廉政文化建设")
    page.check("#brief-ground")
    page.click("#draft-run")
    expect(page.locator("#draft-sources li").first).to_contain_text("借用语料", timeout=60000)
    borrowed = page.locator("#draft-sources li").count() - 1
    assert borrowed >= 1
    with page.expect_download() as download:
        page.click("#draft-docx")
    download.value.save_as(tmp_path / "grounded.docx")
    with zipfile.ZipFile(tmp_path / "grounded.docx") as package:
        assert "借用自语料库" in package.read("word/comments.xml").decode("utf-8"), "a 批注 names the source"


def test_search_phrases_and_copy_one(page, shots):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    tab(page, "套话")
    expect(page.locator("#phrase-results li").first).to_be_visible()
    page.fill("#phrase-q", "廉政")
    page.select_option("#phrase-category", "号召")
    page.click("#phrase-form button[type=submit]")
    first = page.locator("#phrase-results li").first
    expect(first.locator(".cat")).to_have_text("号召")
    expect(first.locator("mark").first).to_have_text("廉政")
    phrase = first.locator("div").first.inner_text()
    first.click()
    expect(page.locator("#status")).to_have_text("已复制：" + phrase)
    assert page.evaluate("navigator.clipboard.readText()") == phrase
    page.screenshot(path=shots / "phrases.png")


def test_a_bad_file_is_one_line_on_the_page(page, tmp_path):
    junk = tmp_path / "坏.docx"
    junk.write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    page.set_input_files("#check-file", str(junk))
    expect(page.locator("#status")).to_have_text("坏.docx: .docx 文件已损坏（不是有效的 zip 压缩包）")
    expect(page.locator("#status")).to_have_class("status error")
