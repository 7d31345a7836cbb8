"""Small builders for test inputs: texts, and .docx files with real Word numbering."""

from __future__ import annotations

from drafter.outline import outline_text


def flat(outline_or_nodes):
    """(line, level, style, number, marker, inline) of every node, in document order."""
    nodes = getattr(outline_or_nodes, "nodes", outline_or_nodes)
    out = []
    for node in nodes:
        for n in node.walk():
            out.append((n.line, n.level, n.style, n.number, n.marker, n.inline))
    return out


def markers(text: str) -> list[str]:
    """The marker texts the parser finds in ``text`` (one paragraph per line)."""
    return [m[4] for m in flat(outline_text(text))]


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

ABSTRACT_NUM = f"""
<w:abstractNum xmlns:w="{W_NS}" w:abstractNumId="90">
  <w:multiLevelType w:val="multilevel"/>
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
</w:abstractNum>
"""
NUM = f'<w:num xmlns:w="{W_NS}" w:numId="90"><w:abstractNumId w:val="90"/></w:num>'


def docx_with_word_numbering(path, items):
    """Write a .docx whose list labels are drawn by Word: ``items`` are (ilvl or None, text)."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn

    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(ABSTRACT_NUM))
    numbering.append(parse_xml(NUM))
    for ilvl, text in items:
        p = document.add_paragraph(text)
        if ilvl is not None:
            ppr = p._p.get_or_add_pPr()
            numpr = parse_xml(f'<w:numPr xmlns:w="{W_NS}"><w:ilvl w:val="{ilvl}"/><w:numId w:val="90"/></w:numPr>')
            ppr.append(numpr)
            assert ppr.find(qn("w:numPr")) is not None
    document.save(path)
    return path
