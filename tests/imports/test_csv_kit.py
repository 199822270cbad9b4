"""kit.csv: the CSV edge cases files really have."""

from __future__ import annotations

import pytest

from openwfo.kit import csv as kit_csv


def test_quoted_commas_quotes_and_line_breaks_with_start_lines():
    table = kit_csv.read('a,b\n1,"x, y"\n2,"say ""hi"""\n3,"two\nlines"\n4,z\n')
    assert table.header == ["a", "b"]
    assert [(r.line, r.cells) for r in table.records] == [
        (2, ["1", "x, y"]), (3, ["2", 'say "hi"']), (4, ["3", "two\nlines"]), (6, ["4", "z"]),
    ]


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_line_ends(newline):
    table = kit_csv.read(newline.join(["a,b", "1,2", "3,4", ""]))
    assert [r.cells for r in table.records] == [["1", "2"], ["3", "4"]]
    assert [r.line for r in table.records] == [2, 3]


def test_utf8_with_and_without_bom():
    text = "name\nJosé Müller\n"
    for data in (text.encode("utf-8"), b"\xef\xbb\xbf" + text.encode("utf-8")):
        table = kit_csv.read(kit_csv.decode(data))
        assert table.header == ["name"] and table.records[0].cells == ["José Müller"]


def test_not_utf8_and_empty_are_errors():
    with pytest.raises(kit_csv.CsvError, match="UTF-8"):
        kit_csv.decode("name\nJos\xe9\n".encode("latin-1"))
    for empty in ("", "\n\n", "\ufeff"):
        with pytest.raises(kit_csv.CsvError, match="empty"):
            kit_csv.read(empty)


def test_blank_lines_are_skipped_but_counted():
    table = kit_csv.read("a\n\n1\n,\n2\n")
    assert [(r.line, r.cells) for r in table.records] == [(3, ["1"]), (5, ["2"])]


@pytest.mark.parametrize("sep", [";", "\t"])
def test_semicolon_and_tab_files_from_spreadsheets(sep):
    table = kit_csv.read(f"a{sep}b\n1{sep}\"x;y\"\n")
    assert table.header == ["a", "b"] and table.records[0].cells == ["1", "x;y"]


def test_comma_header_keeps_semicolons_inside_values():
    table = kit_csv.read("a,b\n1,x;y\n")
    assert table.records[0].cells == ["1", "x;y"]


def test_write_quotes_where_needed_and_reads_back():
    text = kit_csv.write(["a", "b"], [[1, "x, y"], [None, 'q"t']])
    assert text == 'a,b\r\n1,"x, y"\r\n,"q""t"\r\n'
    assert [r.cells for r in kit_csv.read(text).records] == [["1", "x, y"], ["", 'q"t']]
