"""Read a table of an SQLite database file as its pages hold it, as an administrator
with the file (and no application) would: each row with the page it is on and the
byte offset of its cell in that page.

The file format (https://www.sqlite.org/fileformat2.html): a 100-byte header, then
B-tree pages; table pages (rowid tables) and index pages (WITHOUT ROWID tables), each
a header, an array of 2-byte cell offsets, and the cells. Records are small here, so
overflow pages are not followed (a test would notice a cut record).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

LEAF_TABLE, INTERIOR_TABLE, LEAF_INDEX, INTERIOR_INDEX = 13, 5, 10, 2


@dataclass(frozen=True)
class Cell:
    page: int
    offset: int
    rowid: int | None
    values: tuple


def _varint(data: bytes, pos: int) -> tuple[int, int]:
    value = 0
    for i in range(9):
        byte = data[pos + i]
        if i == 8:
            return (value << 8) | byte, pos + 9
        value = (value << 7) | (byte & 0x7F)
        if byte < 0x80:
            return value, pos + i + 1
    raise AssertionError("unreachable")


def _record(payload: bytes) -> tuple:
    header_size, pos = _varint(payload, 0)
    types = []
    while pos < header_size:
        serial, pos = _varint(payload, pos)
        types.append(serial)
    body = header_size
    values = []
    for serial in types:
        if serial == 0:
            values.append(None)
        elif 1 <= serial <= 6:
            size = {1: 1, 2: 2, 3: 3, 4: 4, 5: 6, 6: 8}[serial]
            values.append(int.from_bytes(payload[body:body + size], "big", signed=True))
            body += size
        elif serial == 7:
            values.append(struct.unpack(">d", payload[body:body + 8])[0])
            body += 8
        elif serial in (8, 9):
            values.append(serial - 8)
        else:
            size = (serial - 12) // 2
            raw = payload[body:body + size]
            values.append(raw.decode("utf-8") if serial % 2 else raw)
            body += size
    return tuple(values)


def page_size(data: bytes) -> int:
    size = int.from_bytes(data[16:18], "big")
    return 65536 if size == 1 else size


def cells(data: bytes, root: int) -> list[Cell]:
    """Every row of the B-tree rooted at page `root`, in key order, with its place."""
    size = page_size(data)
    found: list[Cell] = []

    def walk(number: int) -> None:
        start = (number - 1) * size
        head = start + (100 if number == 1 else 0)
        kind = data[head]
        count = int.from_bytes(data[head + 3:head + 5], "big")
        interior = kind in (INTERIOR_TABLE, INTERIOR_INDEX)
        pointers = head + (12 if interior else 8)
        offsets = [int.from_bytes(data[pointers + 2 * i:pointers + 2 * i + 2], "big")
                   for i in range(count)]
        for offset in offsets:
            pos = start + offset
            if kind == INTERIOR_TABLE:
                walk(int.from_bytes(data[pos:pos + 4], "big"))
            elif kind == INTERIOR_INDEX:
                walk(int.from_bytes(data[pos:pos + 4], "big"))
                length, pos = _varint(data, pos + 4)
                found.append(Cell(number, offset, None, _record(data[pos:pos + length])))
            elif kind == LEAF_TABLE:
                length, pos = _varint(data, pos)
                rowid, pos = _varint(data, pos)
                found.append(Cell(number, offset, rowid, _record(data[pos:pos + length])))
            elif kind == LEAF_INDEX:
                length, pos = _varint(data, pos)
                found.append(Cell(number, offset, None, _record(data[pos:pos + length])))
            else:
                raise AssertionError(f"page {number}: not a B-tree page ({kind})")
        if interior:
            walk(int.from_bytes(data[head + 8:head + 12], "big"))

    walk(root)
    return found


def allocation_order(found: list[Cell]) -> list[Cell]:
    """The order in which the cells were written, as far as the file tells: page by
    page, and within a page from the highest offset down (SQLite fills a page's cell
    area from its end)."""
    return sorted(found, key=lambda c: (c.page, -c.offset))
