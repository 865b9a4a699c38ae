"""Search decisions on the sample knowledge base, and cross-lingual retrieval."""
import pytest

from knowledge.index import build
from knowledge.kb import load_entries, load_ward, published
from knowledge.search import DEFAULT_THRESHOLDS, Retriever, decide


@pytest.mark.parametrize("query,entry_id", [
    ("ソファーを捨てたいんだけど", "gomi-006"),
    ("結婚することになったので届けを出したいです。何を持っていけばいい？", "juminhyo-015"),
    ("転入届はどこで出せますか", "hikkoshi-001"),
])
def test_clear_questions_are_answered_with_the_right_entry(sample_retriever, query, entry_id):
    r = sample_retriever.search(query)
    assert r.decision == "answer", r.to_dict()
    assert [h.entry.id for h in r.candidates] == [entry_id]


@pytest.mark.parametrize("query", ["明日の天気は？", "近くのおいしいラーメン屋を教えて", "What's the weather tomorrow?"])
def test_questions_the_ward_does_not_answer_fall_back(sample_retriever, query):
    assert sample_retriever.search(query).decision == "fallback"


def test_a_vague_question_asks_which_one(sample_retriever):
    r = sample_retriever.search("証明書がほしい")
    assert r.decision == "clarify"
    ids = [h.entry.id for h in r.candidates]
    assert 2 <= len(ids) <= 3 and len(set(ids)) == len(ids)


@pytest.mark.parametrize("query", [
    "Where do I submit my moving-in notification after arriving in Wakaba?",
    "Tôi mới chuyển đến quận Wakaba, phải nộp giấy báo chuyển đến ở đâu?",
])
def test_english_and_vietnamese_questions_find_the_japanese_entry(sample_retriever, query):
    r = sample_retriever.search(query, k=5)
    assert "hikkoshi-001" in [h.entry.id for h in r.hits[:3]], r.to_dict()
    assert r.decision in ("answer", "clarify")


def test_cross_lingual_without_any_translation(tiny_kb, embedder, tmp_path):
    """A Vietnamese question matches Japanese-only entries (no Vietnamese text in the index)."""
    ward = load_ward(tiny_kb)
    build(published(load_entries(tiny_kb, ward)), ward, tmp_path, embedder)
    r = Retriever(tmp_path, embedder=embedder)
    assert r.search("Tôi muốn vứt bỏ một chiếc ghế sofa lớn").hits[0].entry.id == "tiny-002"
    assert r.search("Quiero una copia de mi certificado de residencia").hits[0].entry.id == "tiny-001"


@pytest.mark.parametrize("query", ["", "   ", "\n\t"])
def test_empty_questions_fall_back_without_searching(sample_retriever, query):
    r = sample_retriever.search(query)
    assert r.decision == "fallback" and r.hits == []


def test_a_10000_character_message_is_cut_not_refused(sample_retriever):
    r = sample_retriever.search("粗大ごみの出し方を教えてください。" * 600)
    assert len(r.query) == 1000 and r.hits[0].entry.id.startswith("gomi-")


def test_jsonl_shape_is_stable(sample_retriever):
    d = sample_retriever.search("住民票の写しがほしい", k=3).to_dict()
    assert set(d) == {"query", "decision", "lang", "results"} and d["lang"] == "ja"
    assert len(d["results"]) == 3 and set(d["results"][0]) == {"id", "score"}


def test_decide_rules():
    th = {**DEFAULT_THRESHOLDS, "fallback": 0.8, "margin": 0.02, "fallback_by_lang": {"ja": 0.9}}
    assert decide([0.85, 0.7], th, "en") == ("answer", 1)
    assert decide([0.85, 0.7], th, "ja") == ("fallback", 0)  # Japanese needs more
    assert decide([0.95, 0.94, 0.935, 0.90], th, "ja") == ("clarify", 3)
    assert decide([0.95, 0.94, 0.90], th, "ja") == ("clarify", 2)
    assert decide([], th) == ("fallback", 0)


def test_spoken_questions_are_decided_with_the_transcript_thresholds():
    th = {**DEFAULT_THRESHOLDS, "fallback": 0.9, "margin": 0.02, "spoken": {"fallback": 0.86, "answer": 0.97}}
    assert decide([0.95, 0.90, 0.85], th, "ja") == ("answer", 1)                 # as text: confident
    assert decide([0.95, 0.90, 0.85], th, "ja", spoken=True) == ("clarify", 2)   # heard: choose among the near ones
    assert decide([0.88, 0.80], th, "ja", spoken=True) == ("clarify", 1)         # one near procedure: "is it this?"
    assert decide([0.85], th, "ja", spoken=True) == ("fallback", 0)
    assert decide([0.98, 0.90], th, "ja", spoken=True) == ("answer", 1)
    assert decide([0.95, 0.90], th, "en", spoken=True) == ("answer", 1)          # measured on Japanese only


def test_cli_search_jsonl_with_a_queries_file(sample_index, tmp_path):
    import json
    import subprocess
    import sys

    from support import REPO

    qf = tmp_path / "q.txt"
    qf.write_text("粗大ごみの申し込み方法を教えてください\n\n明日の天気は？\n", encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "knowledge", "search", "--index", str(sample_index), "--k", "2",
                          "--jsonl", "--queries-file", str(qf)], cwd=REPO, capture_output=True, text=True, check=True)
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert [r["query"] for r in rows] == ["粗大ごみの申し込み方法を教えてください", "明日の天気は？"]
    assert rows[0]["decision"] == "answer" and rows[0]["results"][0]["id"].startswith("gomi-")
    assert rows[1]["decision"] == "fallback" and len(rows[1]["results"]) == 2


@pytest.mark.parametrize("query, entry_id", [
    ("じつ いん の とうろく を したい です", "juminhyo-018"),      # kana with spaces, the entry writes 印鑑登録/実印
    ("いんかんとうろくしょうめいしょ が ほしい", "juminhyo-020"),
])
def test_hiragana_questions_find_the_kanji_entry(sample_retriever, query, entry_id):
    r = sample_retriever.search(query)
    assert r.decision in ("answer", "clarify") and entry_id in [h.entry.id for h in r.candidates], r.to_dict()


@pytest.mark.parametrize("query, entry_id", [
    ("inkan touroku wo shitai", "juminhyo-018"),
    ("sodai gomi no mōshikomi", "gomi-006"),                 # macrons are long vowels
])
def test_romaji_questions_are_read_as_kana(sample_retriever, query, entry_id):
    r = sample_retriever.search(query)
    assert r.lang == "ja" and entry_id in [h.entry.id for h in r.candidates], r.to_dict()


def test_a_matter_the_ward_does_not_handle_is_redirected(sample_retriever):
    r = sample_retriever.search("パスポートの申請はどこでできますか")
    assert r.decision == "redirect" and r.redirect.id == "passport", r.to_dict()
    # …but a ward question that mentions a passport is the ward's: its entry speaks of passports
    r = sample_retriever.search("海外から引っ越してきました。転入の届出にパスポートは必要ですか")
    assert r.decision != "redirect", r.to_dict()


@pytest.mark.parametrize("query, redirect_id", [
    ("パスポートを作りたい", "passport"),              # the moving-in entry lists a passport: answered with it before
    ("失業保険をもらいたい", "employment"),            # the health-insurance reduction for the unemployed, before
    ("I want to start an electricity contract for my new flat", "utilities"),
])
def test_a_question_nearer_a_redirect_than_any_entry_is_redirected_even_over_an_answer(sample_retriever, query,
                                                                                       redirect_id):
    r = sample_retriever.search(query)
    assert r.decision == "redirect" and r.redirect.id == redirect_id, r.to_dict()


def test_ward_questions_that_resemble_a_redirect_are_still_answered(sample_retriever):
    # lost My Number card (the ward's) is near "lost my wallet" (the police's)
    for query, entry_id in [("マイナンバーカードをなくしました", "mynumber-012"),
                            ("国民健康保険を失業したので安くしたい", "kokuho-008")]:
        r = sample_retriever.search(query)
        assert r.decision != "redirect" and r.hits[0].entry.id == entry_id, r.to_dict()
