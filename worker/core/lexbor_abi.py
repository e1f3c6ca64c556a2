"""Lexbor's chunked HTML parser through its C API, as selectolax ships it.

selectolax has no way to bound a parse, but its extension module exports
Lexbor's symbols, and Lexbor has a chunked parser. Its accessors cover the
parser, tokenizer, document and arrays; the fields it has none for are read at
fixed offsets (x86-64 and aarch64 layouts), which worker.core.html_probe
self-tests against the accessors before it trusts them.
"""

from __future__ import annotations

import ctypes
import logging

from worker.errors import WorkerError

log = logging.getLogger(__name__)

# ---------------------------------------------------------------------------
# The probe: Lexbor's tree builder run chunk by chunk through its C API.
#
# selectolax has no way to bound a parse, but its extension module exports
# Lexbor's symbols, and Lexbor has a chunked parser. Its accessors cover the
# parser, tokenizer, document and arrays; the fields it has none for are read at
# these offsets (x86-64 and aarch64 layouts; Lexbor treats them as ABI). The
# self-test checks every one against the accessors and a known document first.
TREE_TOKENIZER = 0  # lxb_html_tree_t.tkz_ref
TREE_DOCUMENT = 8  # lxb_html_tree_t.document
TREE_OPEN_ELEMENTS = 32  # lxb_html_tree_t.open_elements
TREE_ACTIVE_FORMATTING = 40  # lxb_html_tree_t.active_formatting
ARRAY_LENGTH = 16  # lexbor_array_t.length
TOKENIZER_MRAW = 56  # lxb_html_tokenizer_t.mraw
TOKENIZER_TOKEN = 64  # lxb_html_tokenizer_t.token
TOKENIZER_TREE = 96  # lxb_html_tokenizer_t.tree
TOKEN_ATTR_FIRST = 32  # lxb_html_token_t.attr_first
TOKEN_ATTR_LAST = 40  # lxb_html_token_t.attr_last
ATTR_NEXT = 56  # lxb_html_token_attr_t.next
MRAW_MEM = 0  # lexbor_mraw_t.mem
MEM_CHUNK = 0  # lexbor_mem_t.chunk, the newest, where allocation goes on
MEM_CHUNK_FIRST = 8  # lexbor_mem_t.chunk_first
MEM_CHUNK_LENGTH = 24  # lexbor_mem_t.chunk_length
CHUNK_LENGTH = 8  # lexbor_mem_chunk_t.length
CHUNK_SIZE = 16  # lexbor_mem_chunk_t.size
CHUNK_PREV = 32  # lexbor_mem_chunk_t.prev

P = ctypes.c_void_p
SIZE = ctypes.c_size_t
STATUS = ctypes.c_uint
SIGNATURES: dict[str, tuple[type | None, list[type]]] = {
    "lxb_html_parser_create": (P, []),
    "lxb_html_parser_init": (STATUS, [P]),
    "lxb_html_parser_destroy": (P, [P]),
    "lxb_html_parser_tree_noi": (P, [P]),
    "lxb_html_parser_tokenizer_noi": (P, [P]),
    "lxb_html_parser_dom_opt_set_noi": (None, [P, ctypes.c_uint]),
    "lxb_html_parse_chunk_begin": (P, [P]),
    "lxb_html_parse_chunk_process": (STATUS, [P, P, SIZE]),
    "lxb_html_parse_chunk_end": (STATUS, [P]),
    "lxb_html_document_destroy": (P, [P]),
    "lxb_html_document_mraw_noi": (P, [P]),
    "lxb_html_document_mraw_text_noi": (P, [P]),
    "lxb_html_tokenizer_tree_noi": (P, [P]),
    "lxb_html_tokenizer_mraw_noi": (P, [P]),
    "lexbor_array_length_noi": (SIZE, [P]),
    "lexbor_mem_chunk_length_noi": (SIZE, [P]),
    "lexbor_mem_current_length_noi": (SIZE, [P]),
    "lexbor_mem_current_size_noi": (SIZE, [P]),
}


class ProbeUnavailableError(WorkerError):
    """This selectolax's Lexbor is not the one the probe was written against."""


def pointer_at(address: int) -> int:
    return ctypes.c_void_p.from_address(address).value or 0


class Arena:
    """Bytes taken by one of the document's memory pools (nodes, or text and
    attribute values). Pools only grow, by chunks appended to a list."""

    def __init__(self, mem: int) -> None:
        self.mem = mem
        self.newest = ctypes.c_void_p.from_address(mem + MEM_CHUNK)
        self.seen = 0
        self.total = 0

    def size(self) -> int:
        """Bytes of all chunks so far; only chunks added since the last call are read."""
        newest = self.newest.value or 0
        if newest != self.seen:
            chunk = newest
            while chunk and chunk != self.seen:
                self.total += SIZE.from_address(chunk + CHUNK_SIZE).value
                chunk = pointer_at(chunk + CHUNK_PREV)
            self.seen = newest
        return self.total

    def chunks(self) -> tuple[int, int]:
        """(chunks found from the newest back to the first, chunk_length)."""
        count, chunk = 0, self.newest.value or 0
        first = pointer_at(self.mem + MEM_CHUNK_FIRST)
        while chunk:
            count += 1
            if chunk == first:
                break
            chunk = pointer_at(chunk + CHUNK_PREV)
        return count, SIZE.from_address(self.mem + MEM_CHUNK_LENGTH).value


class Run:
    """One chunked parse, with live views of the fields the bounds are about."""

    def __init__(self, lib: ctypes.CDLL, options: int = 0) -> None:
        self.lib = lib
        self.document = 0
        self.parser = lib.lxb_html_parser_create() or 0
        if not self.parser:
            raise MemoryError("lexbor parser")
        if lib.lxb_html_parser_init(self.parser) != 0:
            self.close()
            raise MemoryError("lexbor parser")
        lib.lxb_html_parser_dom_opt_set_noi(self.parser, options)
        self.document = lib.lxb_html_parse_chunk_begin(self.parser) or 0
        if not self.document:
            self.close()
            raise MemoryError("lexbor document")
        self.tree = lib.lxb_html_parser_tree_noi(self.parser) or 0
        self.tokenizer = lib.lxb_html_parser_tokenizer_noi(self.parser) or 0
        if not (self.tree and self.tokenizer):
            self.close()
            raise ProbeUnavailableError("lexbor parser without tree or tokenizer")

    def attach(self) -> None:
        """Views of the fields read by offset; only once the layout is known good."""
        self.open_elements = pointer_at(self.tree + TREE_OPEN_ELEMENTS)
        self.active_formatting = pointer_at(self.tree + TREE_ACTIVE_FORMATTING)
        self.depth = SIZE.from_address(self.open_elements + ARRAY_LENGTH)
        self.formatting = SIZE.from_address(self.active_formatting + ARRAY_LENGTH)
        self.mems = []
        for mraw in (
            self.lib.lxb_html_document_mraw_noi(self.document) or 0,
            self.lib.lxb_html_document_mraw_text_noi(self.document) or 0,
        ):
            self.mems.append(pointer_at(mraw + MRAW_MEM) if mraw else 0)
        self.arenas = [Arena(mem) for mem in self.mems if mem]
        self.token = ctypes.c_void_p.from_address(self.tokenizer + TOKENIZER_TOKEN)

    def feed(self, address: int, size: int) -> bool:
        status: int = self.lib.lxb_html_parse_chunk_process(self.parser, address, size)
        return status == 0

    def pending_attributes(self, limit: int) -> int:
        """Attributes of the tag being read (up to ``limit`` + 1 are counted)."""
        token = self.token.value
        attr = pointer_at(token + TOKEN_ATTR_FIRST) if token else 0
        count = 0
        while attr and count <= limit:
            count += 1
            attr = pointer_at(attr + ATTR_NEXT)
        return count

    def close(self) -> None:
        lib = self.lib
        if self.document:
            lib.lxb_html_parse_chunk_end(self.parser)
            lib.lxb_html_document_destroy(self.document)
            self.document = 0
        if self.parser:
            lib.lxb_html_parser_destroy(self.parser)
            self.parser = 0
