"""Title breaking without loading jieba: the same words as jieba's own segmentation (no HMM), found
by binary search in jieba's dictionary file, and an export of a .txt that imports neither jieba
nor python-docx."""

import subprocess
import sys
from importlib.util import find_spec
from pathlib import Path

import pytest
from conftest import CORPUS, REPO, SHARED

from drafter import titlebreak

DICT = Path(find_spec("jieba").origin).parent / "dict.txt"


def titles() -> list[str]:
    """The first lines (titles, most of them) of every text of the shared corpora and the seeds."""
    out = []
    for folder in (CORPUS, SHARED / "corpus2", REPO / "corpora"):
        for path in sorted(folder.rglob("*.txt")):
            lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
            out += [line[:60] for line in lines[:3]]
    return out


def test_the_chinese_part_of_jiebas_dictionary_is_sorted_and_totals_as_assumed():
    words, total = [], 0
    with DICT.open(encoding="utf-8") as fh:
        for line in fh:
            word, freq = line.split(" ")[:2]
            words.append(word)
            total += int(freq)
    chinese = words[words.index("一"):]
    out_of_order = [(a, b) for a, b in zip(chinese, chinese[1:]) if a > b]
    assert len(out_of_order) <= 2, out_of_order  # 吉林工业大学/吉林, 高富帅/高姓大名 in jieba 0.42
    assert total == titlebreak.TOTAL


def test_words_are_jiebas_words():
    import jieba

    found = titles()
    assert len(found) > 300
    differ = [t for t in found if titlebreak.words(t) != jieba.lcut(t, HMM=False)]
    assert differ == [], differ[:5]


@pytest.mark.parametrize("title,lines", [
    ("在全县安全生产工作会议上的讲话", ["在全县安全生产工作会议上的讲话"]),
    ("2020年在县级机关廉政文化建设现场观摩会上的讲话", ["2020年在县级机关", "廉政文化建设现场观摩会上的讲话"]),
    ("桐溪县人民政府办公室关于做好安全生产工作的通知", ["桐溪县人民政府办公室", "关于做好安全生产工作的通知"]),
])
def test_break_title(title, lines):
    assert titlebreak.break_title(title, 20) == lines


def test_export_of_a_text_imports_neither_jieba_nor_python_docx(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text("桐溪县人民政府办公室关于进一步加强全县安全生产隐患排查整治工作的通知\n一、总体要求\n各单位要高度重视。\n",
                   encoding="utf-8")
    code = ("import sys; from cli import main\n"
            "try:\n    main(['export', sys.argv[1], '-o', sys.argv[2]])\nexcept SystemExit:\n    pass\n"
            "print('HEAVY', [m for m in ('jieba', 'spacy', 'docx', 'lxml') if m in sys.modules], file=sys.stderr)")
    proc = subprocess.run([sys.executable, "-c", code, str(src), str(tmp_path / "a.docx")], cwd=REPO,
                          capture_output=True, text=True)
    assert "HEAVY []" in proc.stderr, proc.stderr
    assert (tmp_path / "a.docx").stat().st_size > 2000
