"""The assistant's own sentences (not FAQ content) in the languages a resident can choose.

Languages are knowledge.languages' codes (`ja-easy` is やさしい日本語). Every ward language has
every sentence (tests/test_languages.py checks it, placeholders included); FAQ content comes from
the knowledge base's translations.
"""
from __future__ import annotations

from .languages import LANGUAGES, content_lang, fallback_chain  # noqa: F401  (LANGUAGES, content_lang re-exported)


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
        "notice_label": "【緊急のお知らせ】",
        "greet": "こんにちは。若葉区の窓口案内です。住民票、引っ越し、税金、ごみの出し方など、区役所の手続きについてご質問ください。",
        "goodbye": "ご利用ありがとうございました。またいつでもお聞きください。",
        "youre_welcome": "どういたしまして。ほかにもご質問があれば、お気軽にどうぞ。",
        "feedback_good": "お役に立ててよかったです。ほかにもご質問があれば、入力してください。",
        "iamabot": "わたしは若葉区の自動案内（チャットボット）です。区の公式の案内をもとにお答えしています。"
                   "職員と話したいときは「職員につないで」と入力してください。",
        "emergency": "【緊急の場合】すぐに電話してください。\n・火事・救急（けが、急病、人が倒れた）：119番\n"
                     "・事件・事故（泥棒、不審者、交通事故）：110番\n救急車を呼ぶか迷うときは、救急相談センター #7119 へ。\n"
                     "このチャットでは通報を受け付けられません。",
        "emergency_caveat": "いま急病・けが・火事・事件が起きているなら、すぐ119（消防・救急）か110（警察）に電話してください。区のご案内は次のとおりです。",
        "redirect": "このご質問は区役所ではなく、{name}の担当です。区へのご相談は {phone}（{hours}）までお電話ください。",
        "emergency_fire": "火事・救急",
        "emergency_police": "事件・事故",
        "emergency_advice": "救急相談",
        "guard_empty": "ご質問を入力してください。例：「転入届はどこで出せますか」「粗大ごみの出し方」",
        "guard_no_words": "絵文字や記号だけでは内容がわかりませんでした。お手続きについて、文章でご質問ください。例：「住民票を取りたい」",
        "guard_truncated": "メッセージが長いため、最初の{n}文字だけを読んでお答えします。",
        "pii_removed": "個人情報（電話番号・住所・マイナンバーなど）は、このチャットでは必要ありません。安全のため消してから読みました。入力しないでください。",
        "guard_apology": "申し訳ありません。ただいまシステムの不具合でお答えできません。"
                         "お急ぎの場合は区役所代表 {phone}（{hours}）までお電話ください。時間をおいてもう一度お試しいただくこともできます。",
        "guard_apology_no_phone": "申し訳ありません。ただいまシステムの不具合でお答えできません。"
                                  "お急ぎの場合は区役所の代表電話（平日の開庁時間）までお電話ください。時間をおいてもう一度お試しいただくこともできます。",
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
        "notice_label": "【だいじな おしらせ】",
        "greet": "こんにちは。わかばくの あんないです。じゅうみんひょう、ひっこし、ぜいきん、ごみ などを きいて ください。",
        "goodbye": "ありがとう ございました。また きいて ください。",
        "youre_welcome": "どういたしまして。ほかにも きいて ください。",
        "feedback_good": "よかったです。ほかにも ききたい ことが あれば かいて ください。",
        "iamabot": "わたしは わかばくの チャットボット（きかい）です。くやくしょの じょうほうで こたえます。"
                   "ひとと はなしたい ときは「しょくいんと はなしたい」と かいて ください。",
        "emergency": "【きんきゅう】すぐ でんわ して ください。\n・かじ・けが・きゅうな びょうき（きゅうきゅうしゃ）：119\n"
                     "・どろぼう・こうつうじこ（けいさつ）：110\nきゅうきゅうしゃを よぶか まよう とき：#7119\n"
                     "この チャットでは つうほう できません。",
        "emergency_caveat": "いま けが・きゅうな びょうき・かじ・じけん なら、すぐ 119 か 110 に でんわ して ください。くの あんない は つぎの とおり です。",
        "redirect": "この しつもん は くやくしょ では なく、{name} に きいて ください。くやくしょ の でんわ は {phone}（{hours}）です。",
        "emergency_fire": "かじ・きゅうきゅう",
        "emergency_police": "けいさつ",
        "emergency_advice": "きゅうきゅう そうだん",
        "guard_empty": "しつもんを かいて ください。れい：「てんにゅうとどけは どこで だせますか」「そだいごみの だしかた」",
        "guard_no_words": "えもじや きごう だけでは わかりません。ことばで しつもんを かいて ください。れい：「じゅうみんひょうが ほしい」",
        "guard_truncated": "メッセージが ながいので、はじめの {n}もじ だけ よんで こたえます。",
        "pii_removed": "でんわばんごう・じゅうしょ・マイナンバー などは ここに かかなくて だいじょうぶです。あんぜんの ために けしてから よみました。",
        "guard_apology": "ごめんなさい。いま こたえられません。いそぐ ときは くやくしょの でんわ {phone}（{hours}）に でんわ して ください。"
                         "あとで もう いちど ためして ください。",
        "guard_apology_no_phone": "ごめんなさい。いま こたえられません。いそぐ ときは くやくしょに でんわ して ください。"
                                  "あとで もう いちど ためして ください。",
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
        "notice_label": "Emergency notice:",
        "greet": "Hello. This is the Wakaba City help desk. Ask me about city office procedures such as "
                 "residence certificates, moving, taxes or garbage sorting.",
        "goodbye": "Thank you for using the help desk. Ask again any time.",
        "youre_welcome": "You're welcome. If you have another question, just ask.",
        "feedback_good": "Glad I could help. If you have another question, please type it.",
        "iamabot": "I am Wakaba City's automated help desk (a chatbot). I answer from the city's official information. "
                   "To talk to a member of staff, type \"talk to staff\".",
        "emergency": "【Emergency】Call now.\n・Fire or ambulance (injury, sudden illness, someone collapsed): 119\n"
                     "・Police (theft, suspicious person, traffic accident): 110\n"
                     "Not sure whether you need an ambulance? Call the Emergency Consultation Center #7119 (in Japanese).\n"
                     "If you cannot speak Japanese, say \"English\" at the start of the call: an interpreter may be connected.\n"
                     "This chat cannot take emergency reports.",
        "emergency_caveat": "If someone is hurt or suddenly ill, or there is a fire or a crime happening now, call 119 (fire/ambulance) or 110 (police) at once. Here is the ward's information:",
        "redirect": "This is not handled by the ward office but by {name}. For anything the ward can help with, call {phone} ({hours}).",
        "emergency_fire": "Fire / ambulance",
        "emergency_police": "Police",
        "emergency_advice": "Emergency advice",
        "guard_empty": "Please type your question, for example \"Where do I register moving in?\" or "
                       "\"How do I put out oversized garbage?\"",
        "guard_no_words": "I could not understand a message of only emoji or symbols. Please ask about a procedure in words, "
                          "for example \"I need a residence certificate\".",
        "guard_truncated": "Your message is long, so I will read only the first {n} characters.",
        "pii_removed": "Personal details (phone numbers, addresses, My Number and the like) are not needed here. For your safety I removed them before reading your message; please do not enter them.",
        "guard_apology": "Sorry, a system problem means I cannot answer right now. If it is urgent, please call the city office "
                         "at {phone} ({hours}). You can also try again a little later.",
        "guard_apology_no_phone": "Sorry, a system problem means I cannot answer right now. If it is urgent, please call the city "
                                  "office's main number during office hours. You can also try again a little later.",
        "no_translation_easy_only": "This information is not yet available in English. Here it is in simple Japanese.",
    },
    "zh": {
        "section": "负责部门",
        "phone": "电话",
        "counter": "窗口",
        "hours": "受理时间",
        "documents": "需要携带",
        "fee": "手续费",
        "url": "详细信息",
        "updated": "{date} 更新",
        "solved": "这个回答解决您的问题了吗？",
        "yes_solved": "解决了，谢谢",
        "no_solved": "没有",
        "clarify": "找到了几条相近的信息，请选择您想了解的内容。",
        "fallback": "抱歉，没有找到与您的问题相符的信息。请写上手续的名称再问一次，例如“住民票（居民证明）”“大件垃圾”。",
        "fallback_section": "与您的问题最相近的负责部门是{name}（电话 {phone}，{hours}）。",
        "handoff": "工作人员可以为您解答。请拨打区政府总机 {phone}（{hours}），我们会为您转接负责部门。",
        "handoff_after_fallbacks": "很抱歉，未能为您解答。",
        "out_of_scope": "抱歉，我只能回答有关区政府手续和服务的问题。请咨询住民票、税金、垃圾、育儿等区里的手续。",
        "feedback_bad": "很抱歉没能帮到您。请直接联系{name}（电话 {phone}，{hours}）。",
        "feedback_bad_general": "很抱歉没能帮到您。请拨打区政府总机 {phone}（{hours}）咨询。",
        "anything_else": "如果还有其他问题，请输入。",
        "nothing_to_repeat": "我还没有回答过问题。请输入您的问题。",
        "error": "抱歉，现在无法查找回答。请拨打区政府总机 {phone}（{hours}）咨询。",
        "language_set": "我将用中文为您解答。还没有中文翻译的内容，会用简单日语和英语说明。",
        "language_choose": "请选择您希望使用的语言。",
        "notice_label": "【紧急通知】",
        "greet": "您好！这里是若叶区的窗口咨询服务。关于住民票、搬家、税金、垃圾分类等区政府手续，欢迎提问。",
        "goodbye": "感谢您的使用。欢迎随时再来咨询。",
        "youre_welcome": "不客气。如果还有其他问题，请随时提问。",
        "feedback_good": "很高兴能帮到您。如果还有其他问题，请输入。",
        "iamabot": "我是若叶区的自动咨询服务（聊天机器人），根据区政府的官方信息回答问题。如需与工作人员交谈，请输入“转接工作人员”。",
        "emergency": "【紧急情况】请立即拨打电话。\n・火灾、急救（受伤、急病、有人倒下）：119\n"
                     "・案件、事故（小偷、可疑人员、交通事故）：110\n"
                     "不确定是否需要叫救护车时，可拨打急救咨询中心 #7119（日语）。\n"
                     "不会说日语时，请在电话开头说出您的语言（例如“Chinese”），可能会为您接通翻译。\n"
                     "本聊天无法受理报警。",
        "emergency_caveat": "如果现在有人受伤、突发急病，或正在发生火灾、案件，请立即拨打119（消防、急救）或110（警察）。以下是区政府的信息：",
        "redirect": "此事不由区政府办理，请咨询{name}。需要区政府帮助时，请拨打 {phone}（{hours}）。",
        "emergency_fire": "火灾、急救",
        "emergency_police": "案件、事故",
        "emergency_advice": "急救咨询",
        "guard_empty": "请输入您的问题。例如：“在哪里办理迁入登记？”“大件垃圾怎么扔？”",
        "guard_no_words": "仅凭表情符号或符号无法理解您的意思。请用文字询问有关手续的问题，例如：“我想开住民票”。",
        "guard_truncated": "您的消息较长，我只读取前{n}个字来回答。",
        "pii_removed": "本聊天不需要个人信息（电话号码、地址、个人编号等）。为了安全，我已先删除这些信息再读取您的消息，请不要输入。",
        "guard_apology": "抱歉，系统出现故障，现在无法回答。如有急事，请拨打区政府总机 {phone}（{hours}）。您也可以稍后再试。",
        "guard_apology_no_phone": "抱歉，系统出现故障，现在无法回答。如有急事，请在办公时间拨打区政府总机。您也可以稍后再试。",
        "no_translation": "这条信息还没有中文翻译。下面用简单日语和英语为您说明。",
        "no_translation_easy_only": "这条信息还没有中文翻译。下面用简单日语为您说明。",
    },
    "ko": {
        "section": "담당",
        "phone": "전화",
        "counter": "창구",
        "hours": "접수 시간",
        "documents": "준비물",
        "fee": "수수료",
        "url": "자세한 내용",
        "updated": "{date} 업데이트",
        "solved": "이 답변으로 해결되셨나요?",
        "yes_solved": "네, 해결됐어요",
        "no_solved": "아니요",
        "clarify": "비슷한 안내가 몇 가지 있습니다. 알고 싶은 내용을 골라 주세요.",
        "fallback": "죄송합니다. 질문에 맞는 안내를 찾지 못했습니다. '주민표 발급', '대형 쓰레기 신청'처럼 "
                    "절차 이름을 넣어 다시 질문해 주세요.",
        "fallback_section": "질문과 가장 가까운 담당 부서는 {name}(전화 {phone}, {hours})입니다.",
        "handoff": "직원이 답변해 드립니다. 구청 대표전화 {phone}({hours})로 전화해 주세요. 담당 부서로 연결해 드립니다.",
        "handoff_after_fallbacks": "제대로 답변해 드리지 못해 죄송합니다.",
        "out_of_scope": "죄송합니다. 구청의 절차와 서비스에 관한 질문에만 답변할 수 있습니다. "
                        "주민표, 세금, 쓰레기, 육아 등 구의 절차에 대해 물어봐 주세요.",
        "feedback_bad": "도움이 되지 못해 죄송합니다. {name}(전화 {phone}, {hours})에 직접 문의해 주세요.",
        "feedback_bad_general": "도움이 되지 못해 죄송합니다. 구청 대표전화 {phone}({hours})로 문의해 주세요.",
        "anything_else": "다른 질문이 있으시면 입력해 주세요.",
        "nothing_to_repeat": "아직 드린 답변이 없습니다. 질문을 입력해 주세요.",
        "error": "죄송합니다. 지금은 답변을 찾을 수 없습니다. 구청 대표전화 {phone}({hours})로 문의해 주세요.",
        "language_set": "한국어로 안내해 드리겠습니다. 한국어 번역이 없는 안내는 쉬운 일본어와 영어로 알려 드립니다.",
        "language_choose": "원하시는 언어를 선택해 주세요.",
        "notice_label": "[긴급 공지]",
        "greet": "안녕하세요. 와카바구 창구 안내입니다. 주민표, 이사, 세금, 쓰레기 배출 방법 등 구청 절차에 대해 질문해 주세요.",
        "goodbye": "이용해 주셔서 감사합니다. 언제든지 다시 물어봐 주세요.",
        "youre_welcome": "천만에요. 다른 질문이 있으시면 편하게 물어보세요.",
        "feedback_good": "도움이 되어 다행입니다. 다른 질문이 있으시면 입력해 주세요.",
        "iamabot": "저는 와카바구의 자동 안내(챗봇)입니다. 구의 공식 안내를 바탕으로 답변합니다. "
                   "직원과 이야기하고 싶으시면 '직원 연결해 주세요'라고 입력해 주세요.",
        "emergency": "【긴급한 경우】바로 전화해 주세요.\n・화재・구급(부상, 급한 병, 사람이 쓰러짐): 119\n"
                     "・사건・사고(도둑, 수상한 사람, 교통사고): 110\n"
                     "구급차를 불러야 할지 망설여질 때는 구급상담센터 #7119(일본어)로 전화해 주세요.\n"
                     "일본어를 못 하시면 통화 처음에 'Korean'이라고 말씀해 주세요. 통역이 연결될 수 있습니다.\n"
                     "이 채팅으로는 신고를 받을 수 없습니다.",
        "emergency_caveat": "지금 다치거나 갑자기 아픈 사람이 있거나 화재·사건이 일어나고 있다면 바로 119(소방·구급) 또는 110(경찰)에 전화하세요. 구청 안내는 다음과 같습니다:",
        "redirect": "이 문의는 구청이 아니라 {name}에서 담당합니다. 구청 상담은 {phone}({hours})로 전화해 주세요.",
        "emergency_fire": "화재・구급",
        "emergency_police": "사건・사고",
        "emergency_advice": "구급 상담",
        "guard_empty": "질문을 입력해 주세요. 예: '전입신고는 어디에서 하나요?', '대형 쓰레기 버리는 방법'",
        "guard_no_words": "이모티콘이나 기호만으로는 내용을 알 수 없었습니다. 절차에 대해 문장으로 질문해 주세요. 예: '주민표를 발급받고 싶어요'",
        "guard_truncated": "메시지가 길어서 처음 {n}자만 읽고 답변해 드립니다.",
        "pii_removed": "이 채팅에서는 개인정보(전화번호, 주소, 마이넘버 등)가 필요하지 않습니다. 안전을 위해 삭제한 뒤 메시지를 읽었습니다. 입력하지 말아 주세요.",
        "guard_apology": "죄송합니다. 지금 시스템 장애로 답변해 드릴 수 없습니다. 급하신 경우 구청 대표전화 {phone}({hours})로 "
                         "전화해 주세요. 잠시 후 다시 시도하실 수도 있습니다.",
        "guard_apology_no_phone": "죄송합니다. 지금 시스템 장애로 답변해 드릴 수 없습니다. 급하신 경우 업무 시간에 구청 대표전화로 "
                                  "전화해 주세요. 잠시 후 다시 시도하실 수도 있습니다.",
        "no_translation": "이 안내는 아직 한국어 번역이 없습니다. 쉬운 일본어와 영어로 알려 드립니다.",
        "no_translation_easy_only": "이 안내는 아직 한국어 번역이 없습니다. 쉬운 일본어로 알려 드립니다.",
    },
    "vi": {
        "section": "Bộ phận phụ trách",
        "phone": "Điện thoại",
        "counter": "Quầy",
        "hours": "Giờ tiếp nhận",
        "documents": "Cần mang theo",
        "fee": "Lệ phí",
        "url": "Thông tin chi tiết",
        "updated": "Cập nhật {date}",
        "solved": "Câu trả lời này có giải đáp được thắc mắc của bạn không?",
        "yes_solved": "Có, cảm ơn",
        "no_solved": "Không",
        "clarify": "Có một vài thông tin gần giống nhau. Vui lòng chọn nội dung bạn muốn biết.",
        "fallback": "Xin lỗi, tôi không tìm thấy thông tin phù hợp với câu hỏi của bạn. Vui lòng hỏi lại kèm tên thủ tục, "
                    "ví dụ \"giấy chứng nhận cư trú (juminhyo)\" hoặc \"rác cỡ lớn\".",
        "fallback_section": "Bộ phận gần nhất với câu hỏi của bạn là {name} (điện thoại {phone}, {hours}).",
        "handoff": "Nhân viên có thể hỗ trợ bạn. Vui lòng gọi số tổng đài của văn phòng quận {phone} ({hours}), "
                   "chúng tôi sẽ chuyển máy đến bộ phận phụ trách.",
        "handoff_after_fallbacks": "Xin lỗi vì tôi chưa trả lời được.",
        "out_of_scope": "Xin lỗi, tôi chỉ có thể trả lời các câu hỏi về thủ tục và dịch vụ của quận. "
                        "Vui lòng hỏi về giấy chứng nhận cư trú, thuế, rác, nuôi dạy con, v.v.",
        "feedback_bad": "Xin lỗi vì chưa giúp được bạn. Vui lòng liên hệ trực tiếp {name} (điện thoại {phone}, {hours}).",
        "feedback_bad_general": "Xin lỗi vì chưa giúp được bạn. Vui lòng gọi số tổng đài của văn phòng quận {phone} ({hours}).",
        "anything_else": "Nếu bạn còn câu hỏi khác, vui lòng nhập vào.",
        "nothing_to_repeat": "Tôi chưa trả lời câu hỏi nào. Vui lòng nhập câu hỏi của bạn.",
        "error": "Xin lỗi, hiện tại tôi không thể tìm câu trả lời. Vui lòng gọi số tổng đài của văn phòng quận {phone} ({hours}).",
        "language_set": "Tôi sẽ hướng dẫn bằng tiếng Việt. Nội dung chưa có bản dịch tiếng Việt sẽ được trình bày "
                        "bằng tiếng Nhật đơn giản và tiếng Anh.",
        "language_choose": "Vui lòng chọn ngôn ngữ bạn muốn dùng.",
        "notice_label": "Thông báo khẩn cấp:",
        "greet": "Xin chào. Đây là dịch vụ hướng dẫn của quận Wakaba. Bạn có thể hỏi về các thủ tục ở văn phòng quận "
                 "như giấy chứng nhận cư trú, chuyển nhà, thuế, cách bỏ rác, v.v.",
        "goodbye": "Cảm ơn bạn đã sử dụng dịch vụ. Hãy hỏi lại bất cứ lúc nào.",
        "youre_welcome": "Không có gì. Nếu còn câu hỏi khác, bạn cứ hỏi nhé.",
        "feedback_good": "Rất vui vì đã giúp được bạn. Nếu còn câu hỏi khác, vui lòng nhập vào.",
        "iamabot": "Tôi là dịch vụ hướng dẫn tự động (chatbot) của quận Wakaba, trả lời dựa trên thông tin chính thức của quận. "
                   "Nếu muốn nói chuyện với nhân viên, hãy nhập \"cho tôi gặp nhân viên\".",
        "emergency": "【Trường hợp khẩn cấp】Hãy gọi điện ngay.\n"
                     "・Hỏa hoạn, cấp cứu (bị thương, bệnh đột ngột, có người ngã gục): 119\n"
                     "・Vụ việc, tai nạn (trộm, người khả nghi, tai nạn giao thông): 110\n"
                     "Nếu không biết có nên gọi xe cấp cứu hay không, hãy gọi Trung tâm tư vấn cấp cứu #7119 (tiếng Nhật).\n"
                     "Nếu không nói được tiếng Nhật, hãy nói tên ngôn ngữ của bạn (ví dụ \"Vietnamese\") ở đầu cuộc gọi: "
                     "có thể bạn sẽ được kết nối với phiên dịch viên.\n"
                     "Cuộc trò chuyện này không tiếp nhận báo cáo khẩn cấp.",
        "emergency_caveat": "Nếu bây giờ có người bị thương, đột ngột ốm nặng, hoặc đang có hỏa hoạn hay vụ việc, hãy gọi ngay 119 (cứu hỏa, cấp cứu) hoặc 110 (cảnh sát). Thông tin của quận như sau:",
        "redirect": "Việc này không do quận phụ trách mà do {name}. Nếu cần quận hỗ trợ, hãy gọi {phone} ({hours}).",
        "emergency_fire": "Hỏa hoạn, cấp cứu",
        "emergency_police": "Vụ việc, tai nạn",
        "emergency_advice": "Tư vấn cấp cứu",
        "guard_empty": "Vui lòng nhập câu hỏi của bạn, ví dụ \"Nộp đăng ký chuyển đến ở đâu?\" hoặc \"Cách bỏ rác cỡ lớn\".",
        "guard_no_words": "Tôi không hiểu được tin nhắn chỉ có biểu tượng cảm xúc hoặc ký hiệu. Vui lòng hỏi về thủ tục bằng câu chữ, "
                          "ví dụ \"Tôi muốn lấy giấy chứng nhận cư trú\".",
        "guard_truncated": "Tin nhắn của bạn dài nên tôi chỉ đọc {n} ký tự đầu tiên để trả lời.",
        "pii_removed": "Cuộc trò chuyện này không cần thông tin cá nhân (số điện thoại, địa chỉ, mã số cá nhân My Number…). Để an toàn, tôi đã xóa chúng trước khi đọc tin nhắn. Xin đừng nhập các thông tin này.",
        "guard_apology": "Xin lỗi, hệ thống đang gặp sự cố nên hiện tại tôi không thể trả lời. Nếu cần gấp, vui lòng gọi số tổng đài "
                         "của văn phòng quận {phone} ({hours}). Bạn cũng có thể thử lại sau một lúc.",
        "guard_apology_no_phone": "Xin lỗi, hệ thống đang gặp sự cố nên hiện tại tôi không thể trả lời. Nếu cần gấp, vui lòng gọi "
                                  "số tổng đài của văn phòng quận trong giờ làm việc. Bạn cũng có thể thử lại sau một lúc.",
        "no_translation": "Thông tin này chưa có bản dịch tiếng Việt. Dưới đây là nội dung bằng tiếng Nhật đơn giản và tiếng Anh.",
        "no_translation_easy_only": "Thông tin này chưa có bản dịch tiếng Việt. Dưới đây là nội dung bằng tiếng Nhật đơn giản.",
    },
    "ne": {
        "section": "जिम्मेवार शाखा",
        "phone": "फोन",
        "counter": "काउन्टर",
        "hours": "सेवा समय",
        "documents": "लिएर आउनुपर्ने कुरा",
        "fee": "शुल्क",
        "url": "थप जानकारी",
        "updated": "{date} मा अद्यावधिक",
        "solved": "के यो जवाफले तपाईंको प्रश्नको समाधान भयो?",
        "yes_solved": "भयो, धन्यवाद",
        "no_solved": "भएन",
        "clarify": "केही मिल्दाजुल्दा जानकारी भेटिए। तपाईंले जान्न चाहेको विषय छान्नुहोस्।",
        "fallback": "माफ गर्नुहोस्, तपाईंको प्रश्नसँग मिल्ने जानकारी भेटिएन। कृपया प्रक्रियाको नाम राखेर फेरि सोध्नुहोस्, "
                    "जस्तै \"निवास प्रमाणपत्र (जुमिन्ह्यो)\" वा \"ठूलो फोहोर\"।",
        "fallback_section": "तपाईंको प्रश्नसँग सबैभन्दा नजिकको शाखा {name} हो (फोन {phone}, {hours})।",
        "handoff": "कर्मचारीले तपाईंलाई सहयोग गर्नुहुनेछ। कृपया सिटी कार्यालयको मुख्य फोन {phone} ({hours}) मा फोन गर्नुहोस्; "
                   "हामी सम्बन्धित शाखामा जोडिदिनेछौं।",
        "handoff_after_fallbacks": "राम्रोसँग जवाफ दिन नसकेकोमा माफ गर्नुहोस्।",
        "out_of_scope": "माफ गर्नुहोस्, म सिटी कार्यालयका प्रक्रिया र सेवाबारे मात्र जवाफ दिन सक्छु। "
                        "निवास प्रमाणपत्र, कर, फोहोर, बालबालिकाको हेरचाह जस्ता विषयमा सोध्नुहोस्।",
        "feedback_bad": "सहयोग गर्न नसकेकोमा माफ गर्नुहोस्। कृपया {name} (फोन {phone}, {hours}) मा सिधै सम्पर्क गर्नुहोस्।",
        "feedback_bad_general": "सहयोग गर्न नसकेकोमा माफ गर्नुहोस्। कृपया सिटी कार्यालयको मुख्य फोन {phone} ({hours}) मा सम्पर्क गर्नुहोस्।",
        "anything_else": "अरू केही प्रश्न भए लेख्नुहोस्।",
        "nothing_to_repeat": "मैले अहिलेसम्म कुनै जवाफ दिएको छैन। कृपया आफ्नो प्रश्न लेख्नुहोस्।",
        "error": "माफ गर्नुहोस्, अहिले जवाफ खोज्न सकिँदैन। कृपया सिटी कार्यालयको मुख्य फोन {phone} ({hours}) मा सम्पर्क गर्नुहोस्।",
        "language_set": "म नेपालीमा जानकारी दिनेछु। नेपाली अनुवाद नभएका जानकारी सजिलो जापानी र अंग्रेजीमा दिइनेछ।",
        "language_choose": "कृपया आफ्नो भाषा छान्नुहोस्।",
        "notice_label": "आपतकालीन सूचना:",
        "greet": "नमस्ते। यो वाकाबा सिटीको सोधपुछ सेवा हो। निवास प्रमाणपत्र, बसाइँसराइ, कर, फोहोर फाल्ने तरिका जस्ता "
                 "सिटी कार्यालयका प्रक्रियाबारे सोध्नुहोस्।",
        "goodbye": "प्रयोग गर्नुभएकोमा धन्यवाद। जुनसुकै बेला फेरि सोध्नुहोस्।",
        "youre_welcome": "केही छैन। अरू प्रश्न भए निर्धक्क सोध्नुहोस्।",
        "feedback_good": "सहयोग गर्न पाएकोमा खुसी लाग्यो। अरू प्रश्न भए लेख्नुहोस्।",
        "iamabot": "म वाकाबा सिटीको स्वचालित सोधपुछ सेवा (च्याटबट) हुँ। म सिटीको आधिकारिक जानकारीका आधारमा जवाफ दिन्छु। "
                   "कर्मचारीसँग कुरा गर्न \"कर्मचारीसँग जोडिदिनुहोस्\" लेख्नुहोस्।",
        "emergency": "【आपतकालीन अवस्थामा】तुरुन्तै फोन गर्नुहोस्।\n"
                     "・आगलागी, एम्बुलेन्स (चोटपटक, अचानक बिरामी, कोही ढलेमा): 119\n"
                     "・अपराध, दुर्घटना (चोरी, शंकास्पद व्यक्ति, सडक दुर्घटना): 110\n"
                     "एम्बुलेन्स बोलाउने कि नबोलाउने भन्ने अन्योल भए आपतकालीन परामर्श केन्द्र #7119 (जापानी भाषामा) मा फोन गर्नुहोस्।\n"
                     "जापानी बोल्न नसके फोनको सुरुमै आफ्नो भाषाको नाम (जस्तै \"English\") भन्नुहोस्; दोभाषे जोडिन सक्छ।\n"
                     "यो च्याटबाट आपतकालीन सूचना दिन मिल्दैन।",
        "emergency_caveat": "अहिले कसैलाई चोट लागेको, अचानक बिरामी भएको, वा आगलागी वा अपराध भइरहेको छ भने तुरुन्तै 119 (दमकल, एम्बुलेन्स) वा 110 (प्रहरी) मा फोन गर्नुहोस्। वार्ड कार्यालयको जानकारी यस्तो छ:",
        "redirect": "यो विषय वार्ड कार्यालयले होइन, {name} ले हेर्छ। वार्ड कार्यालयसँग परामर्शका लागि {phone} ({hours}) मा फोन गर्नुहोस्।",
        "emergency_fire": "आगलागी, एम्बुलेन्स",
        "emergency_police": "अपराध, दुर्घटना",
        "emergency_advice": "आपतकालीन परामर्श",
        "guard_empty": "कृपया आफ्नो प्रश्न लेख्नुहोस्, जस्तै \"सरेर आएको दर्ता कहाँ गर्ने?\" वा \"ठूलो फोहोर कसरी फाल्ने?\"",
        "guard_no_words": "इमोजी वा चिन्ह मात्रबाट कुरा बुझ्न सकिएन। कृपया प्रक्रियाबारे शब्दमा सोध्नुहोस्, "
                          "जस्तै \"मलाई निवास प्रमाणपत्र चाहियो\"।",
        "guard_truncated": "तपाईंको सन्देश लामो भएकाले म पहिलो {n} अक्षर मात्र पढेर जवाफ दिन्छु।",
        "pii_removed": "यहाँ व्यक्तिगत विवरण (फोन नम्बर, ठेगाना, माइ नम्बर आदि) आवश्यक छैन। सुरक्षाका लागि मैले तिनलाई हटाएर मात्र सन्देश पढेँ। कृपया ती नलेख्नुहोस्।",
        "guard_apology": "माफ गर्नुहोस्, प्रणालीमा समस्या भएकाले अहिले जवाफ दिन सकिँदैन। हतार भए सिटी कार्यालयको मुख्य फोन "
                         "{phone} ({hours}) मा फोन गर्नुहोस्। केही समयपछि फेरि प्रयास गर्न पनि सक्नुहुन्छ।",
        "guard_apology_no_phone": "माफ गर्नुहोस्, प्रणालीमा समस्या भएकाले अहिले जवाफ दिन सकिँदैन। हतार भए कार्यालय समयमा "
                                  "सिटी कार्यालयको मुख्य फोनमा फोन गर्नुहोस्। केही समयपछि फेरि प्रयास गर्न पनि सक्नुहुन्छ।",
        "no_translation": "यो जानकारीको नेपाली अनुवाद अझै छैन। तल सजिलो जापानी र अंग्रेजीमा दिइएको छ।",
        "no_translation_easy_only": "यो जानकारीको नेपाली अनुवाद अझै छैन। तल सजिलो जापानीमा दिइएको छ।",
    },
    "pt": {
        "section": "Setor responsável",
        "phone": "Telefone",
        "counter": "Guichê",
        "hours": "Horário de atendimento",
        "documents": "O que levar",
        "fee": "Taxa",
        "url": "Mais informações",
        "updated": "Atualizado em {date}",
        "solved": "Esta resposta resolveu sua dúvida?",
        "yes_solved": "Sim, obrigado",
        "no_solved": "Não",
        "clarify": "Encontrei algumas respostas parecidas. Escolha a que você procura.",
        "fallback": "Desculpe, não encontrei uma resposta para essa pergunta. Tente de novo com o nome do procedimento, "
                    "por exemplo \"atestado de residência (juminhyo)\" ou \"lixo de grande porte\".",
        "fallback_section": "O setor mais próximo da sua pergunta é {name} (telefone {phone}, {hours}).",
        "handoff": "Um funcionário pode ajudar você: ligue para a central da prefeitura, {phone} ({hours}). "
                   "A ligação será transferida para o setor responsável.",
        "handoff_after_fallbacks": "Desculpe não ter conseguido ajudar.",
        "out_of_scope": "Desculpe, só posso responder a perguntas sobre os procedimentos e serviços da prefeitura. "
                        "Pergunte sobre atestado de residência, impostos, lixo, filhos etc.",
        "feedback_bad": "Desculpe não ter ajudado. Entre em contato diretamente com {name} (telefone {phone}, {hours}).",
        "feedback_bad_general": "Desculpe não ter ajudado. Ligue para a central da prefeitura, {phone} ({hours}).",
        "anything_else": "Se tiver outra pergunta, é só digitar.",
        "nothing_to_repeat": "Ainda não respondi nada. Digite sua pergunta.",
        "error": "Desculpe, no momento não consigo buscar respostas. Ligue para a central da prefeitura, {phone} ({hours}).",
        "language_set": "Vou responder em português. O que ainda não tiver tradução será mostrado em japonês simples e em inglês.",
        "language_choose": "Escolha o seu idioma.",
        "notice_label": "Aviso de emergência:",
        "greet": "Olá! Este é o atendimento da Cidade de Wakaba. Pergunte sobre os procedimentos da prefeitura, "
                 "como atestado de residência, mudança, impostos ou separação do lixo.",
        "goodbye": "Obrigado por usar o atendimento. Volte sempre que precisar.",
        "youre_welcome": "De nada. Se tiver outra pergunta, fique à vontade.",
        "feedback_good": "Que bom que ajudou! Se tiver outra pergunta, é só digitar.",
        "iamabot": "Sou o atendimento automático (chatbot) da Cidade de Wakaba e respondo com base nas informações oficiais "
                   "da prefeitura. Para falar com um funcionário, digite \"falar com um funcionário\".",
        "emergency": "【Em caso de emergência】Ligue imediatamente.\n"
                     "・Incêndio, ambulância (ferimentos, doença súbita, alguém desmaiou): 119\n"
                     "・Crimes, acidentes (roubo, pessoa suspeita, acidente de trânsito): 110\n"
                     "Se não tiver certeza se precisa de ambulância, ligue para o Centro de Consulta de Emergência #7119 (em japonês).\n"
                     "Se não falar japonês, diga o nome do seu idioma no início da ligação (por exemplo, \"Portuguese\"): "
                     "um intérprete pode ser conectado.\n"
                     "Este chat não recebe chamados de emergência.",
        "emergency_caveat": "Se alguém está ferido ou passando mal de repente, ou há um incêndio ou crime acontecendo agora, ligue já para 119 (bombeiros/ambulância) ou 110 (polícia). Estas são as informações do distrito:",
        "redirect": "Isso não é tratado pela prefeitura do distrito, mas por {name}. Para o que o distrito pode ajudar, ligue para {phone} ({hours}).",
        "emergency_fire": "Incêndio, ambulância",
        "emergency_police": "Crimes, acidentes",
        "emergency_advice": "Consulta de emergência",
        "guard_empty": "Digite sua pergunta, por exemplo \"Onde faço a notificação de mudança para cá?\" ou "
                       "\"Como descartar lixo de grande porte?\"",
        "guard_no_words": "Não consegui entender uma mensagem só com emojis ou símbolos. Pergunte sobre um procedimento com palavras, "
                          "por exemplo \"Quero o atestado de residência\".",
        "guard_truncated": "Sua mensagem é longa, por isso vou ler apenas os primeiros {n} caracteres.",
        "pii_removed": "Dados pessoais (telefone, endereço, My Number etc.) não são necessários aqui. Por segurança, eu os apaguei antes de ler sua mensagem; por favor, não os digite.",
        "guard_apology": "Desculpe, por um problema no sistema não consigo responder agora. Se for urgente, ligue para a central "
                         "da prefeitura, {phone} ({hours}). Você também pode tentar de novo daqui a pouco.",
        "guard_apology_no_phone": "Desculpe, por um problema no sistema não consigo responder agora. Se for urgente, ligue para a "
                                  "central da prefeitura no horário de atendimento. Você também pode tentar de novo daqui a pouco.",
        "no_translation": "Esta informação ainda não foi traduzida para o português. Abaixo, ela está em japonês simples e em inglês.",
        "no_translation_easy_only": "Esta informação ainda não foi traduzida para o português. Abaixo, ela está em japonês simples.",
    },
    "es": {
        "section": "Sección responsable",
        "phone": "Teléfono",
        "counter": "Ventanilla",
        "hours": "Horario de atención",
        "documents": "Qué llevar",
        "fee": "Tarifa",
        "url": "Más información",
        "updated": "Actualizado el {date}",
        "solved": "¿Esta respuesta resolvió su consulta?",
        "yes_solved": "Sí, gracias",
        "no_solved": "No",
        "clarify": "Encontré varias respuestas parecidas. Elija la que busca.",
        "fallback": "Lo siento, no encontré una respuesta a su pregunta. Inténtelo de nuevo con el nombre del trámite, "
                    "por ejemplo \"certificado de residencia (juminhyo)\" o \"basura voluminosa\".",
        "fallback_section": "La sección más cercana a su pregunta es {name} (teléfono {phone}, {hours}).",
        "handoff": "Un funcionario puede ayudarle: llame a la central de la municipalidad, {phone} ({hours}). "
                   "Le comunicaremos con la sección responsable.",
        "handoff_after_fallbacks": "Lamento no haber podido ayudarle.",
        "out_of_scope": "Lo siento, solo puedo responder preguntas sobre los trámites y servicios de la municipalidad. "
                        "Pregunte por el certificado de residencia, impuestos, basura, crianza de hijos, etc.",
        "feedback_bad": "Lamento no haberle ayudado. Comuníquese directamente con {name} (teléfono {phone}, {hours}).",
        "feedback_bad_general": "Lamento no haberle ayudado. Llame a la central de la municipalidad, {phone} ({hours}).",
        "anything_else": "Si tiene otra pregunta, escríbala.",
        "nothing_to_repeat": "Todavía no he respondido nada. Escriba su pregunta.",
        "error": "Lo siento, ahora no puedo buscar respuestas. Llame a la central de la municipalidad, {phone} ({hours}).",
        "language_set": "Le responderé en español. Lo que aún no esté traducido se mostrará en japonés sencillo y en inglés.",
        "language_choose": "Elija su idioma.",
        "notice_label": "Aviso de emergencia:",
        "greet": "Hola. Este es el servicio de información de la Ciudad de Wakaba. Pregunte sobre los trámites municipales, "
                 "como el certificado de residencia, mudanzas, impuestos o cómo sacar la basura.",
        "goodbye": "Gracias por usar el servicio. Vuelva cuando quiera.",
        "youre_welcome": "De nada. Si tiene otra pregunta, no dude en escribirla.",
        "feedback_good": "Me alegra haberle ayudado. Si tiene otra pregunta, escríbala.",
        "iamabot": "Soy el servicio de información automático (chatbot) de la Ciudad de Wakaba y respondo con la información "
                   "oficial de la municipalidad. Para hablar con un funcionario, escriba \"hablar con un funcionario\".",
        "emergency": "【En caso de emergencia】Llame de inmediato.\n"
                     "・Incendio, ambulancia (heridas, enfermedad repentina, alguien se desmayó): 119\n"
                     "・Delitos, accidentes (robo, persona sospechosa, accidente de tráfico): 110\n"
                     "Si no está seguro de si necesita una ambulancia, llame al Centro de Consulta de Emergencias #7119 (en japonés).\n"
                     "Si no habla japonés, diga el nombre de su idioma al comenzar la llamada (por ejemplo, \"Spanish\"): "
                     "pueden comunicarle con un intérprete.\n"
                     "Este chat no recibe avisos de emergencia.",
        "emergency_caveat": "Si alguien está herido o enfermo de repente, o hay un incendio o un delito ahora mismo, llame ya al 119 (bomberos/ambulancia) o al 110 (policía). Esta es la información del distrito:",
        "redirect": "Esto no lo gestiona la oficina del distrito, sino {name}. Para lo que el distrito pueda ayudarle, llame al {phone} ({hours}).",
        "emergency_fire": "Incendio, ambulancia",
        "emergency_police": "Delitos, accidentes",
        "emergency_advice": "Consulta de emergencias",
        "guard_empty": "Escriba su pregunta, por ejemplo \"¿Dónde presento la notificación de mudanza al distrito?\" o "
                       "\"¿Cómo saco la basura voluminosa?\"",
        "guard_no_words": "No pude entender un mensaje con solo emojis o símbolos. Pregunte por un trámite con palabras, "
                          "por ejemplo \"Quiero un certificado de residencia\".",
        "guard_truncated": "Su mensaje es largo, así que solo leeré los primeros {n} caracteres.",
        "pii_removed": "Aquí no se necesitan datos personales (teléfono, dirección, My Number, etc.). Por seguridad los borré antes de leer su mensaje; por favor, no los escriba.",
        "guard_apology": "Lo siento, por un problema del sistema no puedo responder ahora. Si es urgente, llame a la central de la "
                         "municipalidad, {phone} ({hours}). También puede volver a intentarlo más tarde.",
        "guard_apology_no_phone": "Lo siento, por un problema del sistema no puedo responder ahora. Si es urgente, llame a la "
                                  "central de la municipalidad en horario de atención. También puede volver a intentarlo más tarde.",
        "no_translation": "Esta información aún no está traducida al español. A continuación se muestra en japonés sencillo y en inglés.",
        "no_translation_easy_only": "Esta información aún no está traducida al español. A continuación se muestra en japonés sencillo.",
    },
    "tl": {
        "section": "Seksiyong namamahala",
        "phone": "Telepono",
        "counter": "Counter",
        "hours": "Oras ng serbisyo",
        "documents": "Mga dapat dalhin",
        "fee": "Bayad",
        "url": "Karagdagang impormasyon",
        "updated": "Na-update noong {date}",
        "solved": "Nasagot ba nito ang tanong mo?",
        "yes_solved": "Oo, salamat",
        "no_solved": "Hindi",
        "clarify": "May ilang magkakalapit na sagot. Pakipili ang gusto mong malaman.",
        "fallback": "Paumanhin, wala akong nahanap na sagot sa tanong mo. Pakisubukan ulit gamit ang pangalan ng proseso, "
                    "halimbawa \"residence certificate (juminhyo)\" o \"malalaking basura\".",
        "fallback_section": "Ang seksiyong pinakamalapit sa tanong mo ay ang {name} (telepono {phone}, {hours}).",
        "handoff": "Matutulungan ka ng isang kawani: pakitawagan ang pangunahing numero ng city office, {phone} ({hours}). "
                   "Ikokonekta ka namin sa tamang seksiyon.",
        "handoff_after_fallbacks": "Paumanhin at hindi kita natulungan.",
        "out_of_scope": "Paumanhin, mga tanong lang tungkol sa mga proseso at serbisyo ng city office ang kaya kong sagutin. "
                        "Magtanong tungkol sa residence certificate, buwis, basura, pag-aalaga ng bata, at iba pa.",
        "feedback_bad": "Paumanhin at hindi ito nakatulong. Pakitawagan nang direkta ang {name} (telepono {phone}, {hours}).",
        "feedback_bad_general": "Paumanhin at hindi ito nakatulong. Pakitawagan ang pangunahing numero ng city office, {phone} ({hours}).",
        "anything_else": "Kung may iba ka pang tanong, i-type mo lang.",
        "nothing_to_repeat": "Wala pa akong naisasagot. Pakisulat ang tanong mo.",
        "error": "Paumanhin, hindi ako makahanap ng sagot ngayon. Pakitawagan ang pangunahing numero ng city office, {phone} ({hours}).",
        "language_set": "Sasagot ako sa Tagalog. Ang impormasyong wala pang salin ay ipapakita sa simpleng Japanese at English.",
        "language_choose": "Pakipili ang iyong wika.",
        "notice_label": "Abiso pang-emergency:",
        "greet": "Magandang araw! Ito ang help desk ng Wakaba City. Magtanong tungkol sa mga proseso sa city office, "
                 "gaya ng residence certificate, paglipat, buwis, o pagtatapon ng basura.",
        "goodbye": "Salamat sa paggamit. Magtanong ka lang ulit anumang oras.",
        "youre_welcome": "Walang anuman. Kung may iba ka pang tanong, magtanong ka lang.",
        "feedback_good": "Natutuwa akong nakatulong. Kung may iba ka pang tanong, i-type mo lang.",
        "iamabot": "Ako ang awtomatikong help desk (chatbot) ng Wakaba City. Sumasagot ako batay sa opisyal na impormasyon "
                   "ng city office. Kung gusto mong makausap ang isang kawani, i-type ang \"kausapin ang kawani\".",
        "emergency": "【Kapag may emergency】Tumawag agad.\n"
                     "・Sunog, ambulansya (sugat, biglaang sakit, may nawalan ng malay): 119\n"
                     "・Krimen, aksidente (pagnanakaw, kahina-hinalang tao, aksidente sa kalsada): 110\n"
                     "Kung hindi sigurado kung kailangan ng ambulansya, tumawag sa Emergency Consultation Center #7119 (sa Japanese).\n"
                     "Kung hindi ka marunong mag-Japanese, sabihin ang iyong wika sa simula ng tawag (halimbawa \"English\"): "
                     "maaaring ikonekta ka sa isang interpreter.\n"
                     "Hindi tumatanggap ng emergency report ang chat na ito.",
        "emergency_caveat": "Kung may nasaktan o biglang nagkasakit, o may sunog o krimen na nangyayari ngayon, tumawag agad sa 119 (bumbero/ambulansya) o 110 (pulis). Narito ang impormasyon ng ward:",
        "redirect": "Hindi ito hawak ng ward office kundi ng {name}. Para sa maitutulong ng ward, tumawag sa {phone} ({hours}).",
        "emergency_fire": "Sunog, ambulansya",
        "emergency_police": "Krimen, aksidente",
        "emergency_advice": "Konsultasyon sa emergency",
        "guard_empty": "Pakisulat ang tanong mo, halimbawa \"Saan ako magpaparehistro ng paglipat dito?\" o "
                       "\"Paano magtapon ng malalaking basura?\"",
        "guard_no_words": "Hindi ko maintindihan ang mensaheng puro emoji o simbolo. Pakitanong ang tungkol sa proseso gamit ang "
                          "mga salita, halimbawa \"Kailangan ko ng residence certificate\".",
        "guard_truncated": "Mahaba ang mensahe mo, kaya ang unang {n} character lang ang babasahin ko.",
        "pii_removed": "Hindi kailangan dito ang personal na impormasyon (numero ng telepono, address, My Number, atbp.). Para sa iyong kaligtasan, binura ko ang mga ito bago basahin ang mensahe mo; huwag na po itong ilagay.",
        "guard_apology": "Paumanhin, may problema ang system kaya hindi ako makasagot ngayon. Kung apurahan, pakitawagan ang "
                         "pangunahing numero ng city office, {phone} ({hours}). Maaari mo ring subukan ulit mamaya.",
        "guard_apology_no_phone": "Paumanhin, may problema ang system kaya hindi ako makasagot ngayon. Kung apurahan, pakitawagan "
                                  "ang pangunahing numero ng city office sa oras ng opisina. Maaari mo ring subukan ulit mamaya.",
        "no_translation": "Wala pang salin sa Tagalog ang impormasyong ito. Narito ito sa simpleng Japanese at English.",
        "no_translation_easy_only": "Wala pang salin sa Tagalog ang impormasyong ito. Narito ito sa simpleng Japanese.",
    },
}


def text(lang: str, name: str, /, **kw) -> str:
    """The sentence `name` in `lang` (falling back to English, then Japanese), formatted with kw."""
    for candidate in fallback_chain(lang):
        table = TEXTS.get(candidate)
        if table and name in table:
            return table[name].format(**kw)
    raise KeyError(name)
