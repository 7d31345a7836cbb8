"""The exported page as LibreOffice renders it (PDF measured with poppler, pages looked at as PNG):
28 characters on every full body line, 22 lines on every full page, the 署名 two characters from
the right and the date two characters right of its start, the 附件 page, the 版头 and 版记, page
numbers. `.ci/run` installs LibreOffice, poppler and the open fonts; elsewhere these tests skip."""

import re

import pytest
from click.testing import CliRunner
from conftest import REPO
from rendering import BOTTOM, CELL, LEFT, MM, RIGHT, TOOLS, TOP, first_row_where, pages, png, rows_where, to_pdf
from test_export import HEAD, NOTICE, TAIL

from cli import main
from drafter.brief import brief_from_data
from drafter.deliver import save_draft
from drafter.draft import draft

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not TOOLS, reason="LibreOffice or poppler-utils is not installed here "
                                                   "(.ci/run installs them; for users they are optional)")]
OPENING = "（〔《“‘【"
CLOSING = "，。、；：？！）〕》”’】…—"
MARKER = re.compile(r"^(第[一二三四五六七八九十]+[章节]|[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[.．]|（\d+）)")


@pytest.fixture(scope="module")
def speech(tmp_path_factory):
    """A seed speech (long paragraphs of plain Chinese; its web copy's half-width punctuation made
    full-width as a writer would), exported with a speaker and date."""
    out = tmp_path_factory.mktemp("speech") / "speech.docx"
    text = (REPO / "corpora" / "000_accd2cf4dd0129da.txt").read_text(encoding="utf-8")
    text = text.translate(str.maketrans(",;:?!()", "，；：？！（）"))
    save_draft(text, str(out), "中共桐溪县委", speaker="张明", date="2026-03-05")
    return to_pdf(out)


@pytest.fixture(scope="module")
def drafted(tmp_path_factory):
    """A drafted speech (short paragraphs: widow and orphan control move lines more often)."""
    brief = brief_from_data({"kind": "动员部署会讲话", "meeting": "全县安全生产工作会议", "region": "桐溪县",
                             "topic": ["安全生产"], "sections": [
                                 {"heading": f"第{n}部分工作要求", "points": [f"要点{n}{k}" for k in range(1, 9)]}
                                 for n in range(1, 4)]})
    out = tmp_path_factory.mktemp("drafted") / "drafted.docx"
    save_draft(draft(brief, seed=3).text, str(out), "中共桐溪县委", speaker="张明", date="2026-03-05")
    return to_pdf(out)


@pytest.fixture(scope="module")
def notice(tmp_path_factory):
    """The test 通知 with its 版头 and 版记, and a long attachment title."""
    folder = tmp_path_factory.mktemp("notice")
    src = folder / "notice.txt"
    body = NOTICE.replace("特此通知。", "特此通知。\n" + "各单位要把隐患排查整治作为当前安全生产工作的重中之重，"
                          "逐级压实责任，确保排查不留死角、整改不留隐患。" * 3)
    src.write_text("\n".join([*HEAD[3:], body, *TAIL]), encoding="utf-8")
    out = folder / "notice.docx"
    assert CliRunner().invoke(main, ["export", str(src), "-o", str(out)]).exit_code == 0
    return to_pdf(out)


def cells(line) -> int:
    """How many character cells a line of pure Chinese text fills: its characters, plus the
    first-line indent; a closing mark hanging past the right edge takes no cell."""
    text = line.text.replace(" ", "")
    n = len(text) + round((line.x0 - LEFT) / CELL)
    if text[-1] in CLOSING and line.x1 > RIGHT + 2:
        n -= 1
    return n


def body_lines(page):
    return [line for line in page if not re.fullmatch(r"—\s*\d+\s*—", line.text.strip())]


def test_every_full_body_line_holds_28_characters(speech):
    """A line that is not its paragraph's last fills 28 cells; the only exceptions are the line
    breaking rules: a closing mark may not start a line nor an opening mark end one (避头尾), so
    such a line holds 27 characters spread over the 28 cells."""
    checked = exact = 0
    for page in pages(speech):
        lines = body_lines(page)
        for line, after in zip(lines, lines[1:]):
            text = line.text.replace(" ", "")
            continued = abs(after.x0 - LEFT) < 2 and after.y0 - line.y0 < 35
            head = after.text.replace(" ", "")[:4]  # a Latin word moved whole to the next line: skip too
            if not continued or re.search(r"[\x00-\x7f]", text + head) or line.x0 > LEFT + 2 * CELL + 2:
                continue
            checked += 1
            n = cells(line)
            if n == 28:
                exact += 1
                continue
            nxt = after.text.replace(" ", "")
            # the 28th character would have been an opening mark (it may not end a line) or the next
            # line would have started with a closing mark (it may not start one)
            assert n == 27 and (nxt[0] in OPENING + CLOSING or nxt[1:2] in CLOSING), (n, text, nxt)
            assert abs(line.x1 - RIGHT) < 2, "a shorter line is still justified to the right edge"
    assert checked >= 100 and exact / checked > 0.85, (checked, exact)


@pytest.mark.parametrize("name", ["speech", "drafted"])
def test_every_full_page_holds_22_lines_and_a_page_number(name, request):
    """Pages before the last carry 22 lines, or one or two fewer where keep-with-next (a heading
    goes to the next page with its first line) or widow/orphan control (no paragraph leaves one
    line alone at the foot or the head of a page) moved lines to the next page."""
    all_pages = pages(request.getfixturevalue(name))
    full = 0
    for number, page in enumerate(all_pages, 1):
        assert re.fullmatch(rf"—\s*{number}\s*—", page[-1].text.strip()), page[-1].text
        assert page[-1].y0 > BOTTOM + 5 * MM, "the number sits below the 版心"
        odd = number % 2
        assert (page[-1].x1 > RIGHT - 2 * 14) if odd else (page[-1].x0 < LEFT + 2 * 14), "odd right, even left"
        if number in (1, len(all_pages)):  # the title page and the last
            continue
        lines = body_lines(page)
        if len(lines) == 22:
            full += 1
            continue
        following = body_lines(all_pages[number])
        heading = MARKER.match(following[0].text.replace(" ", ""))
        starts = abs(following[0].x0 - (LEFT + 2 * CELL)) < 2  # a paragraph moved whole (orphan control)
        continues = abs(following[0].x0 - LEFT) < 2 and abs(following[1].x0 - LEFT) < 2  # two lines moved (widow)
        assert 20 <= len(lines) < 22 and (heading or starts or continues), (number, len(lines), following[0].text)
    assert full >= (len(all_pages) - 1) / 3, f"{full} of {len(all_pages) - 1} pages full"
    second = [line for line in body_lines(all_pages[1]) if abs(line.x0 - LEFT) < 2]  # continuation lines: body font
    steps = [(b.y0 - a.y0) / 28.95 for a, b in zip(second, second[1:])]
    assert all(abs(s - round(s)) < 0.02 for s in steps), "every line on the 28.95 pt pitch"
    assert body_lines(all_pages[1])[0].y0 > TOP - 8 and body_lines(all_pages[1])[-1].y1 < BOTTOM + 2


def test_speech_title_speaker_and_date(speech):
    first = body_lines(pages(speech)[0])
    title = "".join(line.text.replace(" ", "") for line in first[:2])
    assert title == "2020年在县级机关廉政文化建设现场观摩会上的讲话", "broken between words, on two lines"
    assert all(abs((line.x0 + line.x1) / 2 - (LEFT + RIGHT) / 2) < 3 for line in first[:4]), "centred"
    assert [line.text.replace(" ", "") for line in first[2:4]] == ["（2026年3月5日）", "张明"]
    png(speech, 1, name="speech-page-1")


def test_signature_and_date_on_the_page(notice):
    """署名 ends two characters from the right edge; the date starts two characters right of the
    署名's start (GB/T 9704 §7.3.5, no seal)."""
    lines = [line for page in pages(notice) for line in page]
    signature = [line for line in lines if line.text.replace(" ", "") == "桐溪县人民政府办公室"][-1]
    date = next(line for line in lines if line.text.replace(" ", "") == "2026年3月5日")
    assert abs(RIGHT - signature.x1 - 2 * CELL) < 2, RIGHT - signature.x1
    assert abs(date.x0 - signature.x0 - 2 * CELL) < 2, date.x0 - signature.x0
    assert 25 < date.y0 - signature.y0 < 32, "the next line"


def test_attachment_note_and_attachment_page(notice):
    all_pages = pages(notice)
    lines = [line for page in all_pages for line in page]
    note = next(k for k, line in enumerate(lines) if line.text.startswith("附件："))
    assert abs(lines[note].x0 - (LEFT + 2 * CELL)) < 2, "附件： two characters in"
    item = lines[note + 1]
    assert item.text.replace(" ", "").startswith("2.") and abs(item.x0 - (LEFT + 5 * CELL)) < 2, "2. under 1."
    label_page = next(p for p in all_pages if p and p[0].text.replace(" ", "") == "附件1")
    label, title = label_page[0], label_page[1]
    assert abs(label.x0 - LEFT) < 2 and abs(label.y0 - TOP) < 8, "附件1 flush left on the first line"
    assert round((title.y0 - label.y0) / 28.95) == 2, "the attachment title on the third line"
    assert abs((title.x0 + title.x1) / 2 - (LEFT + RIGHT) / 2) < 3, "centred"
    assert re.fullmatch(r"—\s*\d+\s*—", label_page[-1].text.strip()), "numbered like the body"


def test_masthead_on_the_page(notice):
    red = lambda r, g, b: r > 200 and g < 90 and b < 90  # noqa: E731
    mark_top = first_row_where(notice, 1, red, dpi=72)
    assert mark_top is not None and abs(mark_top - TOP - 35 * MM) < 3 * MM, (mark_top - TOP) / MM
    rule = rows_where(notice, 1, red, dpi=72, min_run=0.95)
    assert rule, "a red line as wide as the 版心"
    first = pages(notice)[0]
    number = next(line for line in first if "〔2026〕" in line.text)
    assert 2 * MM < rule[0] - number.y1 < 7 * MM, (rule[0] - number.y1) / MM
    title = next(line for line in first if line.y0 > rule[-1])
    assert round((title.y0 - rule[-1]) / 28.95) in (2, 3), "two blank lines below the red line"
    png(notice, 1, name="notice-page-1")


def test_imprint_at_the_foot_of_its_own_unnumbered_page(notice):
    all_pages = pages(notice)
    last = all_pages[-1]
    assert [line.text.split()[0] for line in last][:1] == ["抄送："] or last[0].text.startswith("抄送：")
    assert not any(re.fullmatch(r"—\s*\d+\s*—", line.text.strip()) for line in last), "the 版记 page has no number"
    dark = lambda r, g, b: r < 90 and g < 90 and b < 90  # noqa: E731
    rules = rows_where(notice, len(all_pages), dark, dpi=72, min_run=0.95)
    assert rules and abs(rules[-1] - BOTTOM) < 2 * MM, (BOTTOM - rules[-1]) / MM
    assert abs(last[0].x0 - (LEFT + 14)) < 2, "one character in"
    png(notice, len(all_pages), name="notice-imprint")
