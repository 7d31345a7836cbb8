"""Issue 16, inputs: one guarded entry for every file (regular files only, size caps, bounded
standard input) and text in every encoding a writer's machine produces, kept exactly."""

import codecs
import io
import os
import socket

import pytest
from conftest import REPO

from drafter.model import DrafterError
from drafter.reader import decode_text, encode_text, read_bytes, read_config_text, read_input, read_path

NASTY = REPO / "tests" / "nasty"
SPEECH = "关于做好安全生产工作的讲话\n同志们：\n一、提高认识\n我们要认真学习贯彻会议精神，做好各项工作。\n二、压实责任\n"


def test_fifo_is_refused_at_once_not_waited_on(tmp_path):
    fifo = tmp_path / "讲话.txt"
    os.mkfifo(fifo)
    with pytest.raises(DrafterError, match="不是普通文件") as err:
        read_path(str(fifo))  # without O_NONBLOCK and fstat this would wait for a writer forever
    assert err.value.path == str(fifo)


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "/dev/null"])
def test_devices_are_refused_directly_and_through_a_link(tmp_path, device):
    link = tmp_path / "看似讲话.txt"
    link.symlink_to(device)
    for path in (device, str(link)):
        with pytest.raises(DrafterError, match="不是普通文件"):
            read_path(path)


def test_socket_directory_and_link_loop(tmp_path):
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(tmp_path / "s.txt"))
    loop = tmp_path / "loop.txt"
    loop.symlink_to(loop)
    with pytest.raises(DrafterError, match=r"无法读取|不是普通文件"):
        read_path(str(tmp_path / "s.txt"))
    with pytest.raises(DrafterError, match="无法读取"):
        read_path(str(loop))
    with pytest.raises(DrafterError, match="文件夹"):
        read_input(str(tmp_path), "版式文件")
    sock.close()


def test_size_cap_names_the_limit(tmp_path):
    path = tmp_path / "大.txt"
    path.write_bytes(SPEECH.encode() * 100)
    with pytest.raises(DrafterError, match=r"过大.*上限为 1 KB"):
        read_input(str(path), limit=1024)


def test_endless_standard_input_is_cut_off(monkeypatch):
    class Endless(io.RawIOBase):
        def readable(self):
            return True

        def readinto(self, buffer):
            buffer[:] = b"\x00" * len(buffer)
            return len(buffer)

    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BufferedReader(Endless())))
    with pytest.raises(DrafterError, match="标准输入超过"):
        read_input("-", limit=1 << 20)


@pytest.mark.parametrize("name,encoding", [
    ("utf16be-bom.txt", "utf-16-be+bom"), ("utf16le-nobom.txt", "utf-16-le"), ("utf16be-nobom.txt", "utf-16-be"),
    ("big5.txt", "cp950"), ("gb18030.txt", "gb18030"),
])
def test_encodings_are_read_and_kept_exactly(name, encoding):
    data = (NASTY / name).read_bytes()
    text, found = decode_text(data, name)
    assert found == encoding
    assert "一、提高" in text and "安全" in text
    assert encode_text(text, found) == data, "writing back gives the same bytes"


def test_big5_is_not_read_as_gbk_mojibake():
    raw = read_path(str(NASTY / "big5.txt"))
    assert raw.lines[0] == "關於做好安全生產工作的講話"


def test_utf16_without_bom_is_text_not_binary():
    assert read_path(str(NASTY / "utf16le-nobom.txt")).lines[:3] == ["关于做好安全生产工作的讲话", "同志们：", "一、提高认识"]


@pytest.mark.parametrize("name,message", [
    ("truncated-utf8.txt", r"UTF-8 文本在第 7 行第 \d+ 列（第 \d+ 字节）不完整"),
    ("damaged-utf8.txt", r"UTF-8 文本在第 3 行第 \d+ 列（第 \d+ 字节）有无效字节"),
    ("blank.txt", "文件是空的"), ("bom-only.txt", "文件是空的"),
])
def test_damaged_or_empty_text_is_one_error_with_a_place(name, message):
    with pytest.raises(DrafterError, match=message) as err:
        read_path(str(NASTY / name))
    assert err.value.path.endswith(name) and "\n" not in str(err.value)


def test_utf16_bom_with_an_odd_byte_says_where():
    data = codecs.BOM_UTF16_LE + SPEECH.encode("utf-16-le") + b"\x00"
    with pytest.raises(DrafterError, match=r"UTF-16 文本.*不完整"):
        read_bytes(data, "x.txt")


def test_config_text_accepts_utf16_and_empty(tmp_path):
    profile = tmp_path / "p.toml"
    profile.write_bytes("[page]\ntop_mm = 30\n".encode("utf-16"))
    assert read_config_text(str(profile), "版式文件") == "[page]\ntop_mm = 30\n"
    profile.write_bytes(b"")
    assert read_config_text(str(profile), "版式文件") == ""
