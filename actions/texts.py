"""The assistant's own sentences (not FAQ content) in the languages a resident can choose.

`ja-easy` is やさしい日本語 (plain Japanese for residents still learning it). Languages without their
own sentences here use English, while FAQ content comes in the resident's language when the
knowledge base has a translation.
"""
from __future__ import annotations

LANGUAGES = {
    "ja": "日本語",
    "ja-easy": "やさしい日本語",
    "en": "English",
    "zh": "中文",
    "ko": "한국어",
    "vi": "Tiếng Việt",
}

TEXTS: dict[str, dict[str, str]] = {
    "ja": {
        "section": "担当",
        "phone": "電話",
        "counter": "窓口",
        "hours": "受付時間",
        "documents": "必要なもの",
        "fee": "手数料",
        "url": "詳しくは",
        "updated": "{date} 更新",
        "solved": "この回答で解決しましたか？",
        "yes_solved": "はい、解決しました",
        "no_solved": "いいえ",
        "clarify": "いくつか近いご案内があります。知りたいものを選んでください。",
        "fallback": "申し訳ありません。ご質問に合うご案内が見つかりませんでした。"
                    "「住民票 取り方」「粗大ごみ 申し込み」のように、手続きの名前を入れて言い換えてみてください。",
        "fallback_section": "近い内容の担当は {name}（電話 {phone}、{hours}）です。",
        "handoff": "職員がお答えします。区役所の代表電話 {phone}（{hours}）にお電話ください。担当の課におつなぎします。",
        "handoff_after_fallbacks": "うまくお答えできず申し訳ありません。",
        "out_of_scope": "申し訳ありません。区役所の手続きやサービス以外のご質問にはお答えできません。"
                        "住民票、税金、ごみ、子育てなど、区のお手続きについてお聞きください。",
        "feedback_bad": "お役に立てず申し訳ありません。{name}（電話 {phone}、{hours}）に直接お問い合わせください。",
        "feedback_bad_general": "お役に立てず申し訳ありません。区役所の代表電話 {phone}（{hours}）にお問い合わせください。",
        "anything_else": "ほかにご質問があれば、入力してください。",
        "nothing_to_repeat": "まだお伝えした回答がありません。ご質問を入力してください。",
        "error": "申し訳ありません。ただいま回答を探せません。区役所の代表電話 {phone}（{hours}）にお問い合わせください。",
        "language_set": "日本語でご案内します。",
        "language_choose": "ご希望の言語を選んでください。",
    },
    "ja-easy": {
        "section": "たんとう",
        "phone": "でんわ",
        "counter": "まどぐち",
        "hours": "じかん",
        "documents": "もっていく もの",
        "fee": "おかね",
        "url": "くわしく",
        "updated": "{date} こうしん",
        "solved": "わかりましたか？",
        "yes_solved": "はい",
        "no_solved": "いいえ",
        "clarify": "どれですか？ えらんで ください。",
        "fallback": "ごめんなさい。こたえが みつかりませんでした。ちがう ことばで もう いちど かいて ください。",
        "fallback_section": "{name}（でんわ {phone}）に きいて ください。",
        "handoff": "くやくしょの でんわ {phone}（{hours}）に でんわ して ください。",
        "handoff_after_fallbacks": "ごめんなさい。",
        "out_of_scope": "ごめんなさい。くやくしょの てつづき だけ こたえられます。",
        "feedback_bad": "ごめんなさい。{name}（でんわ {phone}）に きいて ください。",
        "feedback_bad_general": "ごめんなさい。くやくしょの でんわ {phone} に きいて ください。",
        "anything_else": "ほかに ききたい ことは ありますか？",
        "nothing_to_repeat": "まだ こたえて いません。しつもんを かいて ください。",
        "error": "ごめんなさい。いま こたえられません。くやくしょの でんわ {phone} に でんわ して ください。",
        "language_set": "やさしい にほんごで こたえます。",
        "language_choose": "ことばを えらんで ください。",
    },
    "en": {
        "section": "Section",
        "phone": "Phone",
        "counter": "Counter",
        "hours": "Hours",
        "documents": "What to bring",
        "fee": "Fee",
        "url": "More information",
        "updated": "Updated {date}",
        "solved": "Did this answer your question?",
        "yes_solved": "Yes, thank you",
        "no_solved": "No",
        "clarify": "I found several close answers. Please choose the one you mean.",
        "fallback": "Sorry, I could not find an answer to that. Please try again with the name of the procedure, "
                    "for example \"residence certificate\" or \"oversized garbage\".",
        "fallback_section": "The section closest to your question is {name} (phone {phone}, {hours}).",
        "handoff": "A member of staff can help you: please call the city office at {phone} ({hours}).",
        "handoff_after_fallbacks": "Sorry that I could not help.",
        "out_of_scope": "Sorry, I can only answer questions about the city's procedures and services.",
        "feedback_bad": "Sorry this did not help. Please contact {name} directly (phone {phone}, {hours}).",
        "feedback_bad_general": "Sorry this did not help. Please call the city office at {phone} ({hours}).",
        "anything_else": "If you have another question, please type it.",
        "nothing_to_repeat": "I have not answered anything yet. Please type your question.",
        "error": "Sorry, I cannot look up answers right now. Please call the city office at {phone} ({hours}).",
        "language_set": "I will answer in English where a translation is available.",
        "language_choose": "Please choose your language.",
    },
}


def text(lang: str, name: str, /, **kw) -> str:
    """The sentence `name` in `lang` (falling back to English, then Japanese), formatted with kw."""
    for candidate in (lang, "en" if lang not in ("ja", "ja-easy") else "ja", "ja"):
        table = TEXTS.get(candidate)
        if table and name in table:
            return table[name].format(**kw)
    raise KeyError(name)


def content_lang(lang: str) -> str:
    """The language FAQ content is taken from: Japanese for both Japanese variants."""
    return "ja" if lang in ("ja", "ja-easy") else lang
