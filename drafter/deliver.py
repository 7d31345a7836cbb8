"""Hand a draft over in the file the writer names: plain text, Markdown or a GB/T 9704 .docx."""

from __future__ import annotations

from .model import DrafterError

SUFFIXES = (".txt", ".md", ".docx")


def check_output_name(output: str) -> None:
    """Refuse an output name drafter cannot write a draft to (before any work is done)."""
    if not output.lower().endswith(SUFFIXES):
        raise DrafterError("输出文件应为 .txt、.md 或 .docx", output)


def as_markdown(text: str) -> str:
    """A draft as Markdown: its title a heading, every paragraph its own block."""
    lines = text.splitlines()
    return f"# {lines[0]}\n\n" + "\n\n".join(lines[1:]) + "\n"


def save_draft(text: str, output: str, author: str = "", protect: tuple[str, ...] = (),
               profile: str | None = None, fonts: str | None = None, speaker: str | None = None,
               date=None, sources: list | None = None) -> None:
    """Write ``text`` to ``output`` in the form its suffix names (never over a file in ``protect``).

    In a .docx, ``speaker`` and ``date`` (a datetime.date or 2026-03-05) of a speech are shown
    under its title when the text does not show them already, and every paragraph that borrowed
    from the corpus carries a 批注 naming its source."""
    from .write import atomic_write

    check_output_name(output)
    lowered = output.lower()
    if lowered.endswith(".docx"):
        from .export import export_raw
        from .layout import load_profile
        from .model import RawDocument
        from .reader import split_lines

        laid_out = export_raw(RawDocument(output, split_lines(text)), load_profile(profile, fonts), author,
                              speaker=speaker, date=date)
        data: str | bytes = annotate(laid_out, sources) if sources else laid_out
    elif lowered.endswith(".md"):
        data = as_markdown(text)
    else:
        data = text
    atomic_write(output, data, protect=protect)


def annotate(data: bytes, sources: list) -> bytes:
    """A .docx with a Word comment (批注) on each paragraph holding a borrowed sentence."""
    import io

    import docx

    document = docx.Document(io.BytesIO(data))
    noted: set[int] = set()
    for source in sources:
        for n, paragraph in enumerate(document.paragraphs):
            if source.text in paragraph.text and paragraph.runs and n not in noted:
                document.add_comment(paragraph.runs, text=source.note(), author="drafter", initials="D")
                noted.add(n)
                break
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def draft_for_command(brief: str | None = None, like: str | None = None, kind: str | None = None,
                      topics: tuple[str, ...] = (), meeting: str | None = None, banks: tuple[str, ...] = (),
                      seed: int | None = None, template_dir: str | None = None, output: str | None = None,
                      profile: str | None = None, fonts: str | None = None, pace: int = 200,
                      corpus: str | None = None):
    """``drafter draft``: read the brief (and the skeleton of ``like``), draft (grounded in the
    corpus at ``corpus`` when given), and write the draft to ``output`` when one is named (never
    over the brief, the skeleton or a bank)."""
    from .brief import brief_for_command
    from .draft import draft
    from .render import load_skeleton

    parsed = brief_for_command(brief, kind, topics, meeting, skeleton=bool(like))
    skeleton = load_skeleton(like) if like else None
    if output:
        check_output_name(output)
    if corpus:
        from .store import open_store

        with open_store(corpus) as store:
            result = draft(parsed, tuple(banks), seed, template_dir, skeleton, pace, brief or "<命令行>", corpus=store)
    else:
        result = draft(parsed, tuple(banks), seed, template_dir, skeleton, pace, brief or "<命令行>")
    if output:
        protect = tuple(p for p in (brief, like, *banks, corpus) if p)
        save_draft(result.text, output, parsed.org or parsed.speaker or "", protect, profile, fonts,
                   speaker=parsed.speaker, date=parsed.date, sources=result.sources)
    return result
