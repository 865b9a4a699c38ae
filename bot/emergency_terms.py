"""The emergency keyword net: words that only a real emergency uses, in every ward language.

Shared by Rasa (bot/intent_guard.py: a message with one of these words is an emergency whatever
the intent classifier said) and the actions (actions/emergency.py: a question the
intent missed still never gets a knowledge-base answer). No Rasa or rasa_sdk import, so both venvs
can load it.
"""
from __future__ import annotations

import re

EMERGENCY_RE = re.compile(
    r"救急車|119|110番|火事です|燃えて(い|る)|倒れ(た|て)|意識が(ない|無い|ありません)|息をしていない|血が止まらない|"
    r"泥棒|空き巣|刺され|助けて(?!もら)|たすけて(?!もら)|きゅうきゅうしゃ|かじです|もえて(い|る)|たおれ(た|て)|どろぼう"
    # English
    r"|ambulance|there'?s a fire|\bon fire\b|is burning|collapsed|unconscious|not breathing|call the police"
    r"|\bburglar|\bstabbed|bleeding badly|help me!"
    # Chinese
    r"|救护车|着火了|失火了|起火了|晕倒|昏倒|没有呼吸|不省人事|有小偷|进了小偷|快报警|帮我报警|救命|倒下了|叫不醒|抽搐|血止不住|闯进"
    # Korean
    r"|구급차|불이 났|불났|쓰러졌|쓰러져|의식이 없|숨을 안 쉬|도둑이 들|경찰 불러|살려 ?주세요|불이 붙었|연기가 나요|의식을 잃었|피가 많이 나"
    # Vietnamese
    r"|xe cấp cứu|cháy nhà|đang cháy|ngất xỉu|bất tỉnh|không thở|ăn trộm|kẻ trộm|gọi cảnh sát|cứu với|cứu tôi|ngã gục|chảy nhiều máu|co giật|gọi cấp cứu đi|bị ngất"
    # Nepali
    r"|एम्बुलेन्स|आगो लाग्यो|आगलागी भयो|बेहोस|ढल्नुभयो|सास फेर्दैन|चोर पस्यो|प्रहरी बोलाउ|बचाउनुहोस्|आगो लागेको छ|सास फेर्नुहुन्न|रगत रोकिँदैन"
    # Portuguese / Spanish
    r"|ambulância|ambulancia|pegando fogo|incêndio!|desmaiou|inconsciente|não está respirando|ladrão|chamem a polícia"
    r"|chame a polícia|socorro|tem um incêndio|não se mexe|não consegue respirar|se está quemando|en llamas|se desmayó|no respira|ladrón|llamen a la policía"
    r"|llame a la policía|auxilio|hay un incendio|se incendia|no reacciona|no para de sangrar"
    # Tagalog
    r"|ambulansya|may sunog dito|may sunog sa|nasusunog ang (?!basura)|sunog!|may nahimatay|hindi makahinga|dumudugo|nawalan ng malay|hinimatay|hindi humihinga|magnanakaw|tumawag ng pulis|saklolo",
    re.IGNORECASE,
)
