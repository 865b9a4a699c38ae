/* madoguchi chat widget: one script tag on any ward page, talking to Rasa's REST webhook.
 *
 *   <script src="/widget/madoguchi-widget.js" data-server="http://localhost:5005" data-lang="ja"
 *           data-phone="03-0555-1111" defer></script>
 *
 * Options (data- attributes): server (Rasa's base URL; default: this page's origin), lang (first
 * language), phone and hours (the ward's number shown when the server is unreachable), tts (the voice
 * service's base URL for "read aloud"), max (characters per message; the server cuts at 500),
 * open ("true": start with the panel open).
 *
 * Plain JS, no build step, no CDN. Everything from the bot or the resident is inserted with
 * textContent / text nodes: no HTML is ever parsed from data (no injection from either side).
 */
(function () {
  "use strict";
  const script = document.currentScript;
  if (!script || window.madoguchiWidget) return; // one widget per page
  const data = script.dataset;
  const cfg = {
    server: (data.server || "").replace(/\/+$/, ""), // "" = same origin (a proxy in front of Rasa)
    tts: (data.tts || "").replace(/\/+$/, ""),
    phone: data.phone || "03-0555-1111",
    hours: data.hours || "",
    max: Math.max(1, parseInt(data.max, 10) || 500), // bot/channels.py MAX_INPUT_CHARS
    open: data.open === "true",
  };
  const TIMEOUT_MS = 30000; // the server's own guard answers after 15 s

  // The ward's languages: code sent to Rasa → name in that language.
  const LANGS = [
    ["ja", "日本語"], ["ja-easy", "やさしい日本語"], ["en", "English"], ["zh", "中文"], ["ko", "한국어"],
    ["vi", "Tiếng Việt"], ["ne", "नेपाली"], ["pt", "Português"], ["es", "Español"], ["tl", "Tagalog"],
  ];
  const HTML_LANG = { "ja-easy": "ja" }; // a valid BCP 47 tag for the lang attribute
  const LATIN = ["en", "vi", "pt", "es", "tl"];

  // The widget's own words in each language ({hours} is only filled in Japanese: data-hours is Japanese).
  const UI = {
    ja: {
      launcher: "チャットで質問", title: "若葉区 窓口案内", close: "閉じる", language: "言語", apply: "切り替え",
      furigana: "ふりがな", large: "文字を大きく", contrast: "白黒反転", restart: "最初から",
      input: "ご質問", placeholder: "例：粗大ごみを出したい", send: "送信", count: "{n} / {max} 文字",
      full: "（上限です）", log: "会話", you: "あなた：", bot: "窓口案内：", busy: "回答を探しています…",
      greeting: "若葉区のお手続きについてご質問ください。例：「住民票を取りたい」「粗大ごみを出したい」",
      restarted: "新しい会話を始めました。", speak: "読み上げ", stop: "停止",
      unreachable: "ただいま窓口案内につながりません。お急ぎの場合は区役所代表 {phone}{hours}にお電話ください。",
      note: "氏名・住所・マイナンバーなどの個人情報は入力しないでください。急病・火事は119、事件は110へ。",
      section: "担当", phone: "電話", counter: "窓口", hours: "受付時間", documents: "必要なもの", fee: "手数料",
      source: "区のページで詳しく見る", updated: "{date} 更新", quick: "選択肢", newtab: "（新しいタブで開きます）",
    },
    "ja-easy": {
      launcher: "チャットで しつもん", title: "わかばく まどぐち あんない", close: "とじる", language: "ことば",
      apply: "かえる", furigana: "ふりがな", large: "もじを おおきく", contrast: "しろくろ", restart: "はじめから",
      input: "しつもん", placeholder: "れい：おおきい ごみを すてたい", send: "おくる", count: "{n} / {max} もじ",
      full: "（これ いじょう かけません）", log: "かいわ", you: "あなた：", bot: "まどぐち：",
      busy: "さがして います…", greeting: "くやくしょの てつづきに ついて しつもん して ください。",
      restarted: "あたらしく はじめました。", speak: "よみあげ", stop: "とめる",
      unreachable: "いま つながりません。くやくしょの でんわ {phone}{hours}に でんわ して ください。",
      note: "なまえや じゅうしょは かかないで ください。びょうき・かじは 119、じけんは 110 へ。",
      section: "たんとう", phone: "でんわ", counter: "まどぐち", hours: "じかん", documents: "もっていく もの",
      fee: "おかね", source: "くわしく みる", updated: "{date} こうしん", quick: "えらぶ",
      newtab: "（あたらしい タブで ひらきます）",
    },
    en: {
      launcher: "Ask in chat", title: "Wakaba City help desk", close: "Close", language: "Language", apply: "Change",
      furigana: "Furigana", large: "Larger text", contrast: "High contrast", restart: "Start over",
      input: "Your question", placeholder: "e.g. How do I throw away oversized garbage?", send: "Send",
      count: "{n} / {max} characters", full: " (limit reached)", log: "Conversation", you: "You: ",
      bot: "Help desk: ", busy: "Looking for an answer…",
      greeting: "Ask about the city's procedures and services, for example \"residence certificate\".",
      restarted: "A new conversation has started.", speak: "Read aloud", stop: "Stop",
      unreachable: "The help desk cannot be reached right now. If it is urgent, please call the city office at {phone}.",
      note: "Please do not enter personal details such as your name, address or My Number. Emergencies: 119 (fire, ambulance), 110 (police).",
      section: "Section", phone: "Phone", counter: "Counter", hours: "Hours", documents: "What to bring", fee: "Fee",
      source: "More on the city's page", updated: "Updated {date}", quick: "Choices", newtab: " (opens in a new tab)",
    },
    zh: {
      launcher: "聊天咨询", title: "若叶区 咨询窗口", close: "关闭", language: "语言", apply: "切换",
      furigana: "假名注音", large: "放大文字", contrast: "高对比度", restart: "重新开始",
      input: "您的问题", placeholder: "例：我想扔大件垃圾", send: "发送", count: "{n} / {max} 字",
      full: "（已达上限）", log: "对话", you: "您：", bot: "咨询窗口：", busy: "正在查找答案…",
      greeting: "请咨询区政府的手续和服务，例如“住民票”。", restarted: "已开始新的对话。", speak: "朗读", stop: "停止",
      unreachable: "目前无法连接咨询窗口。如有急事，请致电区政府总机 {phone}。",
      note: "请勿输入姓名、地址、个人编号等个人信息。火灾、急救请拨119，报警请拨110。",
      section: "负责部门", phone: "电话", counter: "窗口", hours: "受理时间", documents: "需要携带", fee: "手续费",
      source: "在区政府网页查看详情", updated: "{date} 更新", quick: "选项", newtab: "（在新标签页打开）",
    },
    ko: {
      launcher: "채팅으로 질문", title: "와카바구 안내 창구", close: "닫기", language: "언어", apply: "변경",
      furigana: "후리가나", large: "글자 크게", contrast: "고대비", restart: "처음부터",
      input: "질문", placeholder: "예: 대형 쓰레기를 버리고 싶어요", send: "보내기", count: "{n} / {max}자",
      full: " (최대입니다)", log: "대화", you: "나: ", bot: "안내 창구: ", busy: "답변을 찾고 있습니다…",
      greeting: "구의 절차와 서비스에 대해 질문해 주세요. 예: \"주민표\"", restarted: "새 대화를 시작했습니다.",
      speak: "읽어 주기", stop: "정지",
      unreachable: "지금은 안내 창구에 연결할 수 없습니다. 급한 경우 구청 대표 전화 {phone}로 전화해 주세요.",
      note: "이름, 주소, 마이넘버 등 개인정보는 입력하지 마세요. 화재·구급은 119, 사건은 110.",
      section: "담당", phone: "전화", counter: "창구", hours: "접수 시간", documents: "필요한 것", fee: "수수료",
      source: "구 홈페이지에서 자세히 보기", updated: "{date} 갱신", quick: "선택지", newtab: " (새 탭에서 열림)",
    },
    vi: {
      launcher: "Hỏi qua chat", title: "Quầy hướng dẫn quận Wakaba", close: "Đóng", language: "Ngôn ngữ",
      apply: "Đổi", furigana: "Furigana", large: "Chữ lớn", contrast: "Tương phản cao", restart: "Bắt đầu lại",
      input: "Câu hỏi của bạn", placeholder: "Ví dụ: Tôi muốn vứt rác cỡ lớn", send: "Gửi",
      count: "{n} / {max} ký tự", full: " (đã đạt giới hạn)", log: "Hội thoại", you: "Bạn: ",
      bot: "Quầy hướng dẫn: ", busy: "Đang tìm câu trả lời…",
      greeting: "Hãy hỏi về thủ tục và dịch vụ của quận, ví dụ \"phiếu cư trú\".",
      restarted: "Đã bắt đầu cuộc hội thoại mới.", speak: "Đọc to", stop: "Dừng",
      unreachable: "Hiện không thể kết nối với quầy hướng dẫn. Nếu cần gấp, vui lòng gọi tổng đài văn phòng quận {phone}.",
      note: "Vui lòng không nhập thông tin cá nhân như họ tên, địa chỉ, mã số cá nhân. Cháy, cấp cứu: 119; cảnh sát: 110.",
      section: "Bộ phận phụ trách", phone: "Điện thoại", counter: "Quầy", hours: "Giờ tiếp nhận",
      documents: "Cần mang theo", fee: "Lệ phí", source: "Xem chi tiết trên trang của quận",
      updated: "Cập nhật {date}", quick: "Lựa chọn", newtab: " (mở trong thẻ mới)",
    },
    ne: {
      launcher: "च्याटमा सोध्नुहोस्", title: "वाकाबा सिटी सोधपुछ", close: "बन्द गर्नुहोस्", language: "भाषा",
      apply: "परिवर्तन", furigana: "फुरिगाना", large: "ठूला अक्षर", contrast: "उच्च कन्ट्रास्ट",
      restart: "फेरि सुरु गर्नुहोस्", input: "तपाईंको प्रश्न", placeholder: "उदाहरण: ठूलो फोहोर फाल्न चाहन्छु",
      send: "पठाउनुहोस्", count: "{n} / {max} अक्षर", full: " (सीमा पुग्यो)", log: "कुराकानी", you: "तपाईं: ",
      bot: "सोधपुछ: ", busy: "उत्तर खोज्दै…",
      greeting: "कार्यालयका प्रक्रिया र सेवाबारे सोध्नुहोस्, जस्तै \"बसोबास प्रमाणपत्र\"।",
      restarted: "नयाँ कुराकानी सुरु भयो।", speak: "पढेर सुनाउनुहोस्", stop: "रोक्नुहोस्",
      unreachable: "अहिले सोधपुछमा जडान हुन सकेन। जरुरी भए कार्यालयको मुख्य नम्बर {phone} मा फोन गर्नुहोस्।",
      note: "नाम, ठेगाना, माइ नम्बर जस्ता व्यक्तिगत विवरण नलेख्नुहोस्। आगलागी/एम्बुलेन्स 119, प्रहरी 110।",
      section: "जिम्मेवार शाखा", phone: "फोन", counter: "काउन्टर", hours: "समय", documents: "ल्याउनुपर्ने कुरा",
      fee: "शुल्क", source: "कार्यालयको पेजमा थप हेर्नुहोस्", updated: "{date} मा अद्यावधिक", quick: "विकल्पहरू",
      newtab: " (नयाँ ट्याबमा खुल्छ)",
    },
    pt: {
      launcher: "Pergunte no chat", title: "Atendimento da cidade de Wakaba", close: "Fechar", language: "Idioma",
      apply: "Mudar", furigana: "Furigana", large: "Texto maior", contrast: "Alto contraste", restart: "Recomeçar",
      input: "Sua pergunta", placeholder: "Ex.: Quero jogar fora lixo de grande porte", send: "Enviar",
      count: "{n} / {max} caracteres", full: " (limite atingido)", log: "Conversa", you: "Você: ",
      bot: "Atendimento: ", busy: "Procurando a resposta…",
      greeting: "Pergunte sobre os procedimentos e serviços da cidade, por exemplo \"atestado de residência\".",
      restarted: "Uma nova conversa começou.", speak: "Ler em voz alta", stop: "Parar",
      unreachable: "Não é possível conectar ao atendimento agora. Se for urgente, ligue para a prefeitura: {phone}.",
      note: "Não digite dados pessoais como nome, endereço ou My Number. Emergências: 119 (incêndio, ambulância), 110 (polícia).",
      section: "Setor", phone: "Telefone", counter: "Balcão", hours: "Horário", documents: "O que levar",
      fee: "Taxa", source: "Mais informações na página da cidade", updated: "Atualizado em {date}",
      quick: "Opções", newtab: " (abre em nova aba)",
    },
    es: {
      launcher: "Pregunte por chat", title: "Atención de la ciudad de Wakaba", close: "Cerrar", language: "Idioma",
      apply: "Cambiar", furigana: "Furigana", large: "Texto más grande", contrast: "Alto contraste",
      restart: "Empezar de nuevo", input: "Su pregunta", placeholder: "Ej.: Quiero tirar basura voluminosa",
      send: "Enviar", count: "{n} / {max} caracteres", full: " (límite alcanzado)", log: "Conversación",
      you: "Usted: ", bot: "Atención: ", busy: "Buscando la respuesta…",
      greeting: "Pregunte sobre los trámites y servicios de la ciudad, por ejemplo \"certificado de residencia\".",
      restarted: "Ha comenzado una nueva conversación.", speak: "Leer en voz alta", stop: "Detener",
      unreachable: "Ahora no se puede conectar con el servicio de atención. Si es urgente, llame a la oficina de la ciudad: {phone}.",
      note: "No escriba datos personales como nombre, dirección o My Number. Emergencias: 119 (incendio, ambulancia), 110 (policía).",
      section: "Sección", phone: "Teléfono", counter: "Ventanilla", hours: "Horario", documents: "Qué llevar",
      fee: "Tarifa", source: "Más información en la página de la ciudad", updated: "Actualizado el {date}",
      quick: "Opciones", newtab: " (se abre en una pestaña nueva)",
    },
    tl: {
      launcher: "Magtanong sa chat", title: "Help desk ng Wakaba City", close: "Isara", language: "Wika",
      apply: "Palitan", furigana: "Furigana", large: "Mas malaking teksto", contrast: "Mataas na contrast",
      restart: "Magsimula muli", input: "Ang tanong mo", placeholder: "Hal.: Gusto kong magtapon ng malaking basura",
      send: "Ipadala", count: "{n} / {max} karakter", full: " (naabot na ang limit)", log: "Usapan",
      you: "Ikaw: ", bot: "Help desk: ", busy: "Naghahanap ng sagot…",
      greeting: "Magtanong tungkol sa mga proseso at serbisyo ng city office, halimbawa \"residence certificate\".",
      restarted: "Nagsimula ang bagong usapan.", speak: "Basahin nang malakas", stop: "Itigil",
      unreachable: "Hindi maabot ang help desk ngayon. Kung apurahan, tumawag sa city office sa {phone}.",
      note: "Huwag ilagay ang personal na impormasyon tulad ng pangalan, address o My Number. Emergency: 119 (sunog, ambulansya), 110 (pulis).",
      section: "Seksyon", phone: "Telepono", counter: "Counter", hours: "Oras", documents: "Dapat dalhin",
      fee: "Bayad", source: "Higit pa sa page ng city", updated: "Na-update noong {date}",
      quick: "Mga pagpipilian", newtab: " (bubukas sa bagong tab)",
    },
  };

  // Storage may be disabled (private mode, policies): the widget then simply forgets.
  const store = {
    get(area, key) { try { return window[area].getItem("madoguchi." + key); } catch (e) { return null; } },
    set(area, key, value) { try { window[area].setItem("madoguchi." + key, value); } catch (e) { /* ignore */ } },
    del(area, key) { try { window[area].removeItem("madoguchi." + key); } catch (e) { /* ignore */ } },
  };
  const newSender = () => "web-" + (window.crypto && crypto.randomUUID ? crypto.randomUUID()
    : Math.random().toString(36).slice(2) + Date.now().toString(36));

  const knownLang = (code) => LANGS.some((l) => l[0] === code);
  const state = {
    sender: store.get("localStorage", "sender") || newSender(),
    lang: knownLang(store.get("localStorage", "lang")) ? store.get("localStorage", "lang")
      : (knownLang(data.lang) ? data.lang : "ja"),
    furigana: store.get("localStorage", "furigana") === "1",
    large: store.get("localStorage", "large") === "1",
    contrast: store.get("localStorage", "contrast") === "1",
    ttsOk: false,
    sending: false,
  };
  store.set("localStorage", "sender", state.sender);
  // The transcript lives in sessionStorage: it survives a reload, but not closing the tab on a shared
  // library or office terminal. The sender id (Rasa's conversation) is kept in localStorage.
  let transcript = [];
  try { transcript = JSON.parse(store.get("sessionStorage", "log") || "[]"); } catch (e) { transcript = []; }
  if (!Array.isArray(transcript)) transcript = [];

  const t = (key, vars, lang) => {
    const table = UI[lang || state.lang] || UI.en;
    let s = key in table ? table[key] : UI.en[key];
    for (const k in vars || {}) s = s.split("{" + k + "}").join(String(vars[k]));
    return s;
  };
  const htmlLang = (code) => HTML_LANG[code] || code;
  // The language of a text from the bot, for the lang attribute (screen readers pick their voice by it).
  // The assistant's fixed sentences fall back to English for languages that have none of their own.
  function textLang(text) {
    const s = String(text);
    if (/[\u3040-\u30ff]/.test(s)) return "ja";
    if (/[\uac00-\ud7af]/.test(s)) return "ko";
    if (/[\u0900-\u097f]/.test(s)) return "ne";
    if (/[\u4e00-\u9fff]/.test(s)) return state.lang === "zh" ? "zh" : "ja";
    if (LATIN.includes(state.lang) && !/\b(the|please|you|your|is|are|I)\b/.test(s)) return state.lang;
    return "en";
  }

  // --- DOM helpers: elements and text only, never innerHTML. ---
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const k in attrs || {}) {
      if (attrs[k] === null || attrs[k] === undefined || attrs[k] === false) continue;
      if (k === "class") node.className = attrs[k];
      else if (k.startsWith("on")) node.addEventListener(k.slice(2), attrs[k]);
      else node.setAttribute(k, attrs[k] === true ? "" : attrs[k]);
    }
    for (const c of children) if (c !== null && c !== undefined) node.append(c); // strings become text nodes
    return node;
  }
  // Only http(s) links leave the page; javascript:, data: and the like are shown as text.
  function safeUrl(url) {
    try {
      const u = new URL(String(url), location.href);
      return u.protocol === "http:" || u.protocol === "https:" ? u.href : null;
    } catch (e) { return null; }
  }
  const telHref = (phone) => "tel:" + String(phone).replace(/[^0-9+#]/g, "").replace("#", "%23"); // #7119
  // A new tab is announced (and shown) in the link text; the opened page gets no handle on this one.
  function extLink(url, label, lang) {
    const href = safeUrl(url);
    if (!href) return document.createTextNode(label || String(url));
    return el("a", { href, target: "_blank", rel: "noopener noreferrer" }, label || href,
      el("span", { class: "mdg-newtab", lang: htmlLang(lang || state.lang) }, t("newtab", null, lang)));
  }
  // Web addresses (ASCII only, trailing punctuation left out), Japanese phone numbers and 119/110.
  const LINKABLE = /(https?:\/\/[A-Za-z0-9\-._~:/?#[\]@!$&*+,;=%]*[A-Za-z0-9\-_~/#=&%])|(\b0\d{1,4}-\d{1,4}-\d{3,4}\b)|(\b11[09](?=番|[\s(（)）:：、。,.]|$))/g;
  function linkify(text) {
    const s = String(text);
    const frag = document.createDocumentFragment();
    let last = 0;
    s.replace(LINKABLE, (m, url, phone, emergency, at) => {
      frag.append(s.slice(last, at));
      frag.append(url ? extLink(url) : el("a", { href: telHref(m) }, m));
      last = at + m.length;
      return m;
    });
    frag.append(s.slice(last));
    return frag;
  }

  // --- The page structure. ---
  const ids = { panel: "mdg-panel", title: "mdg-title", input: "mdg-input", count: "mdg-count", lang: "mdg-lang" };
  const ui = {};
  ui.launcher = el("button", { type: "button", class: "mdg-launcher", "aria-expanded": "false", "aria-controls": ids.panel,
    onclick: () => setOpen(ui.panel.hidden) });
  ui.title = el("h2", { id: ids.title, class: "mdg-title" });
  ui.close = el("button", { type: "button", class: "mdg-btn mdg-close", onclick: () => setOpen(false) });
  ui.langLabel = el("label", { for: ids.lang });
  ui.langSelect = el("select", { id: ids.lang, class: "mdg-select" },
    ...LANGS.map(([code, name]) => el("option", { value: code, lang: htmlLang(code) }, name)));
  // A separate button, not onchange: arrow keys on a select must not switch the language (WCAG 3.2.2).
  ui.langApply = el("button", { type: "submit", class: "mdg-btn" });
  ui.langForm = el("form", { class: "mdg-langform", onsubmit: (e) => { e.preventDefault(); chooseLanguage(ui.langSelect.value); } },
    ui.langLabel, ui.langSelect, ui.langApply);
  const toggle = (key) => el("button", { type: "button", class: "mdg-btn mdg-toggle", "data-toggle": key,
    onclick: () => setToggle(key, !state[key]) });
  ui.furigana = toggle("furigana");
  ui.large = toggle("large");
  ui.contrast = toggle("contrast");
  ui.restart = el("button", { type: "button", class: "mdg-btn", onclick: restart });
  ui.log = el("div", { class: "mdg-log", role: "log", "aria-live": "polite", tabindex: "0" });
  ui.status = el("p", { class: "mdg-status", role: "status" });
  ui.inputLabel = el("label", { for: ids.input, class: "mdg-label" });
  ui.input = el("textarea", { id: ids.input, class: "mdg-input", rows: "2", maxlength: String(cfg.max),
    "aria-describedby": ids.count, autocomplete: "off" });
  ui.count = el("p", { id: ids.count, class: "mdg-count" });
  ui.send = el("button", { type: "submit", class: "mdg-btn mdg-primary" });
  ui.form = el("form", { class: "mdg-form", onsubmit: (e) => { e.preventDefault(); submitInput(); } },
    ui.inputLabel, ui.input, el("div", { class: "mdg-formrow" }, ui.count, ui.send));
  ui.note = el("p", { class: "mdg-note" });
  ui.panel = el("section", { id: ids.panel, class: "mdg-panel", "aria-labelledby": ids.title, hidden: true },
    el("div", { class: "mdg-head" }, ui.title, ui.close),
    el("div", { class: "mdg-tools" }, ui.langForm, ui.furigana, ui.large, ui.contrast, ui.restart),
    ui.log, ui.status, ui.form, ui.note);
  ui.root = el("div", { class: "mdg-root" }, ui.panel, ui.launcher);

  // --- Chrome text, switches and open/close. ---
  function applyUi() {
    const r = ui.root;
    r.setAttribute("lang", htmlLang(state.lang));
    r.classList.toggle("mdg-large", state.large);
    r.classList.toggle("mdg-contrast", state.contrast);
    ui.launcher.textContent = t("launcher");
    ui.title.textContent = t("title");
    ui.close.textContent = t("close");
    ui.langLabel.textContent = t("language");
    ui.langSelect.value = state.lang;
    ui.langApply.textContent = t("apply");
    for (const key of ["furigana", "large", "contrast"]) {
      ui[key].textContent = t(key);
      ui[key].setAttribute("aria-pressed", String(state[key]));
    }
    ui.restart.textContent = t("restart");
    ui.log.setAttribute("aria-label", t("log"));
    ui.inputLabel.textContent = t("input");
    ui.input.placeholder = t("placeholder");
    ui.send.textContent = t("send");
    ui.note.textContent = t("note");
    updateCount();
  }
  function setToggle(key, on) {
    state[key] = on;
    store.set("localStorage", key, on ? "1" : "0");
    applyUi();
    if (key === "furigana") for (const p of ui.log.querySelectorAll(".mdg-a")) renderAnswerText(p, answers.get(p));
  }
  function setOpen(open) {
    ui.panel.hidden = !open;
    ui.launcher.setAttribute("aria-expanded", String(open));
    ui.root.classList.toggle("mdg-open", open);
    store.set("sessionStorage", "open", open ? "1" : "0");
    (open ? ui.input : ui.launcher).focus();
    if (open) scrollToEnd();
  }
  ui.panel.addEventListener("keydown", (e) => { if (e.key === "Escape") setOpen(false); });

  function updateCount() {
    if (ui.input.value.length > cfg.max) ui.input.value = ui.input.value.slice(0, cfg.max); // pasted text, old browsers
    const n = ui.input.value.length;
    ui.count.textContent = t("count", { n, max: cfg.max }) + (n >= cfg.max ? t("full") : "");
    ui.count.classList.toggle("mdg-full", n >= cfg.max);
  }
  ui.input.addEventListener("input", updateCount);
  ui.input.addEventListener("keydown", (e) => {
    // Enter sends; Shift+Enter is a new line; Enter that confirms an IME conversion must not send.
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
      e.preventDefault();
      submitInput();
    }
  });

  // --- Messages. ---
  const answers = new WeakMap(); // answer paragraph → its payload (to re-render on the furigana switch)
  function scrollToEnd() { ui.log.scrollTop = ui.log.scrollHeight; }
  function reveal(node) { ui.log.scrollTop = Math.max(0, node.offsetTop - ui.log.offsetTop - 8); }
  const srLabel = (key) => el("span", { class: "mdg-sr", lang: htmlLang(state.lang) }, t(key));

  function userMessage(text) {
    return el("div", { class: "mdg-msg mdg-user" }, srLabel("you"), el("p", {}, text));
  }
  function botMessage(text, lang) {
    return el("div", { class: "mdg-msg mdg-bot" }, srLabel("bot"),
      el("p", { lang: lang || textLang(text) }, linkify(text)));
  }
  function quickReplies(buttons, label) {
    return el("div", { class: "mdg-quick", role: "group", "aria-label": label || t("quick") },
      ...buttons.filter((b) => b && b.title && b.payload).map((b) => el("button", {
        type: "button", class: "mdg-btn mdg-choice", lang: textLang(b.title),
        onclick: () => send(String(b.payload), String(b.title)),
      }, String(b.title))));
  }
  // 119 / 110 / #7119 as large call links (a phone dials them; a computer offers its phone app).
  function callLinks(numbers) {
    const links = numbers.filter((n) => n && /^[#0-9]+$/.test(String(n.number))).map((n) =>
      el("a", { href: telHref(n.number), class: "mdg-call", lang: textLang(n.for || "") },
        el("strong", {}, String(n.number)), " ", String(n.for || "")));
    return el("div", { class: "mdg-msg mdg-bot mdg-calls" }, srLabel("bot"), ...links);
  }
  function unreachable() {
    const jaHours = (state.lang === "ja" || state.lang === "ja-easy") && cfg.hours ? "（" + cfg.hours + "）" : "";
    const msg = botMessage(t("unreachable", { phone: cfg.phone, hours: jaHours }), htmlLang(state.lang));
    msg.classList.add("mdg-error");
    return msg;
  }

  // Content comes in Japanese when there is no translation (easy Japanese, then English when the entry
  // has it: content_langs says so): kana in the answer means it starts in Japanese.
  const KANA = /[\u3040-\u30ff]/;
  const contentLang = (payload) => (KANA.test(payload.answer || "") ? "ja" : htmlLang(payload.lang || state.lang));
  function otherLang(payload) { // the language of a paragraph without kana
    if (Array.isArray(payload.content_langs)) return payload.content_langs.includes("en") ? "en" : "ja";
    return htmlLang(payload.lang === "ja-easy" ? "ja" : payload.lang || "ja");
  }

  // The answer's text, as ruby (furigana on) or plain text, each paragraph tagged with its language.
  function renderAnswerText(p, payload) {
    p.textContent = "";
    const text = String(payload.answer || "");
    const ruby = Array.isArray(payload.ruby) ? payload.ruby.filter(Array.isArray) : [];
    // Readings only where the segments are this very text (a translated answer has none, and gets none).
    const useRuby = state.furigana && ruby.length && ruby.map((seg) => String(seg[0])).join("") === text;
    const segs = useRuby ? ruby.map((seg) => [String(seg[0]), seg[1] ? String(seg[1]) : null]) : [[text, null]];
    const paras = []; // [end offset, lang]
    const sep = /\n{2,}/g;
    let start = 0;
    for (let m; (m = sep.exec(text)); start = m.index + m[0].length) paras.push([m.index + m[0].length, text.slice(start, m.index)]);
    paras.push([text.length + 1, text.slice(start)]);
    const langAt = (i) => { const q = paras.find((x) => i < x[0]); return KANA.test(q[1]) ? "ja" : otherLang(payload); };
    const base = p.getAttribute("lang");
    let target = p, targetLang = base;
    const put = (node, lang) => {
      if (lang !== targetLang) { target = lang === base ? p : p.appendChild(el("span", { lang })); targetLang = lang; }
      target.append(node);
    };
    let at = 0;
    for (const [surface, reading] of segs) {
      if (reading) {
        put(el("ruby", {}, surface, el("rp", {}, "("), el("rt", {}, reading), el("rp", {}, ")")), langAt(at));
      } else { // cut at paragraph ends, so that each piece takes its paragraph's language
        let from = 0;
        for (const [end] of paras) {
          if (end <= at + from || from >= surface.length) continue;
          const to = Math.min(surface.length, end - at);
          put(linkify(surface.slice(from, to)), langAt(at + from));
          from = to;
        }
      }
      at += surface.length;
    }
  }

  function answerCard(a) {
    const sec = a.section && typeof a.section === "object" ? a.section : {};
    const uiLang = UI[a.lang] ? a.lang : state.lang; // labels in the answer's language
    const cLang = contentLang(a);
    const L = (key, vars) => t(key, vars, uiLang);
    const fact = (key, value) => (value ? el("div", {}, el("dt", {}, L(key)), el("dd", { lang: cLang }, value)) : null);
    const p = el("p", { class: "mdg-a", lang: cLang });
    answers.set(p, a);
    renderAnswerText(p, a);
    const docs = Array.isArray(a.documents) && a.documents.length
      ? [el("p", { class: "mdg-docs" }, L("documents")),
        el("ul", { lang: cLang }, ...a.documents.map((d) => el("li", {}, String(d))))] : [];
    const sep = cLang === "ja" ? "。" : ". ";
    const speak = el("button", { type: "button", class: "mdg-btn mdg-speak", hidden: !state.ttsOk,
      onclick: (e) => readAloud(e.currentTarget, [a.answer, sec.name, sec.phone].filter(Boolean).join(sep),
        cLang === "ja" ? (a.lang === "ja-easy" ? "ja-easy" : "ja") : cLang) }, L("speak"));
    speak.dataset.lang = uiLang;
    return el("article", { class: "mdg-msg mdg-bot mdg-answer", lang: htmlLang(uiLang) },
      srLabel("bot"),
      a.question ? el("p", { class: "mdg-q", lang: cLang }, String(a.question)) : null,
      p,
      el("dl", { class: "mdg-facts" },
        fact("section", sec.name ? String(sec.name) : null),
        fact("phone", sec.phone ? el("a", { href: telHref(sec.phone) }, String(sec.phone)) : null),
        fact("counter", sec.counter ? String(sec.counter) : null),
        fact("hours", sec.hours ? String(sec.hours) : null),
        fact("fee", a.fee ? String(a.fee) : null)),
      ...docs,
      a.url && safeUrl(a.url) ? el("p", { class: "mdg-src" }, extLink(a.url, L("source"), uiLang)) : null,
      a.updated ? el("p", { class: "mdg-updated" }, L("updated", { date: String(a.updated) })) : null,
      speak);
  }

  // One renderer per payload type (bot/messages.py Kind). The action sends this widget (metadata.channel
  // "web") each reply once: its payload, with everything shown, and a text only for what the payload
  // does not carry (the emergency guidance). A marker (the form text channels get: the type without the
  // content, which came as text) renders as nothing.
  const has = (c, key) => typeof c[key] === "string" && c[key] !== "";
  const said = (c) => (has(c, "message") ? [botMessage(c.message)] : []);
  function choices(c) { // faq_clarify: the question, and the candidates as quick replies
    const msg = botMessage(c.message);
    const buttons = (Array.isArray(c.candidates) ? c.candidates : []).filter((x) => x && typeof x === "object")
      .map((x) => ({ title: x.question, payload: x.payload }));
    if (buttons.length) msg.append(quickReplies(buttons, c.message));
    return msg;
  }
  function guideQuestion(c) { // 手続きナビ: one question, its answers and the controls as quick replies
    const msg = botMessage(c.message);
    if (has(c, "hint")) msg.append(el("p", { class: "mdg-hint" }, c.hint));
    const buttons = (Array.isArray(c.options) ? c.options : []).filter((x) => x && typeof x === "object");
    if (buttons.length) msg.append(quickReplies(buttons, c.message));
    return msg;
  }

  function guideChecklist(c) { // 手続きナビ: the procedures by counter, in the order to go
    const uiLang = UI[c.lang] ? c.lang : state.lang;
    const L = (key, vars) => t(key, vars, uiLang);
    const groups = (Array.isArray(c.groups) ? c.groups : []).filter((g) => g && typeof g === "object");
    const list = el("ol", { class: "mdg-checklist" }, ...groups.map((g) => el("li", {},
      el("h3", {}, `${g.name || ""}（${g.counter || ""}）`),
      el("p", {}, g.phone ? el("a", { href: telHref(g.phone) }, String(g.phone)) : null, g.hours ? ` ${g.hours}` : ""),
      el("ul", {}, ...(Array.isArray(g.items) ? g.items : []).map((i) => el("li", {},
        el("strong", {}, String(i.title || "")),
        i.deadline_text ? el("p", { class: i.overdue ? "mdg-deadline mdg-overdue" : "mdg-deadline" }, String(i.deadline_text)) : null,
        ...(Array.isArray(i.notes) ? i.notes : []).map((n) => el("p", { class: "mdg-note" }, "※" + String(n))),
        Array.isArray(i.documents) && i.documents.length ? el("p", {}, L("documents") + " " + i.documents.join("、")) : null,
        i.fee ? el("p", {}, L("fee") + ": " + String(i.fee)) : null,
        i.url && safeUrl(i.url) ? el("p", { class: "mdg-src" }, extLink(i.url, L("source"), uiLang)) : null))))));
    const msg = el("article", { class: "mdg-msg mdg-bot mdg-guide", lang: htmlLang(uiLang) }, srLabel("bot"),
      el("p", {}, String(c.message || "")), list,
      c.print_url && safeUrl(c.print_url) ? el("p", {}, extLink(c.print_url, String(c.print_label || ""), uiLang)) : null);
    if (has(c, "change_payload")) msg.append(quickReplies([{ title: c.change_label, payload: c.change_payload }], c.message));
    return msg;
  }

  const RENDER = {
    guide_question: (c) => (has(c, "message") ? [guideQuestion(c)] : []),
    guide_checklist: (c) => (Array.isArray(c.groups) ? [guideChecklist(c)] : []),
    faq_answer: (c) => (has(c, "answer")
      ? [has(c, "note") ? botMessage(c.note, htmlLang(c.lang || state.lang)) : null, answerCard(c)] : []),
    faq_clarify: (c) => (has(c, "message") ? [choices(c)] : []),
    faq_redirect: said,
    faq_fallback: said,
    handoff: said, // asked for a person, or after repeated misses: the ward's number (a tel: link)
    notice: (c) => said(c).map((n) => { n.classList.add("mdg-notice"); return n; }),
    emergency: (c) => (Array.isArray(c.numbers) ? [callLinks(c.numbers)] : []),
    language: said, // post() remembers c.lang; ActionChangeLanguage sends its confirmation as text
  };

  // One turn of Rasa's replies → nodes.
  function renderReplies(replies) {
    const nodes = [];
    for (const m of replies) {
      if (!m || typeof m !== "object") continue;
      if (typeof m.text === "string" && m.text) {
        const msg = botMessage(m.text);
        if (Array.isArray(m.buttons) && m.buttons.length) msg.append(quickReplies(m.buttons, m.text));
        nodes.push(msg);
      }
      const c = m.custom && typeof m.custom === "object" ? m.custom : null;
      if (c && Object.prototype.hasOwnProperty.call(RENDER, c.type)) nodes.push(...RENDER[c.type](c).filter(Boolean));
    }
    return nodes;
  }

  function show(entry) {
    // Choices belong to the turn they came with: a new message from the resident retires them.
    if (entry.who === "user") for (const q of ui.log.querySelectorAll(".mdg-quick")) q.remove();
    const nodes = entry.who === "user" ? [userMessage(entry.text)]
      : entry.who === "error" ? [unreachable()] : renderReplies(entry.replies || []);
    for (const n of nodes) ui.log.append(n);
    if (state.ttsOk) for (const b of ui.log.querySelectorAll(".mdg-speak")) b.hidden = false;
    return nodes[0];
  }
  function record(entry) {
    transcript.push(entry);
    transcript = transcript.slice(-60);
    store.set("sessionStorage", "log", JSON.stringify(transcript));
    return show(entry);
  }
  function greet() {
    ui.log.textContent = "";
    ui.log.append(botMessage(t("greeting"), htmlLang(state.lang)));
  }

  // --- Talking to Rasa. ---
  async function post(message) {
    const ctrl = new AbortController();
    const timer = setTimeout(() => ctrl.abort(), TIMEOUT_MS);
    try {
      const r = await fetch(cfg.server + "/webhooks/rest/webhook", {
        method: "POST", headers: { "Content-Type": "application/json" }, signal: ctrl.signal,
        // The widget's language goes with every message; the actions take a change of it as the
        // resident's choice (actions/language.py: client_choice), so no hidden turn is needed.
        body: JSON.stringify({ sender: state.sender, message, metadata: { lang: state.lang, channel: "web" } }),
      });
      if (!r.ok) return null;
      const replies = await r.json();
      if (!Array.isArray(replies)) return null;
      return replies;
    } catch (e) {
      return null;
    } finally {
      clearTimeout(timer);
    }
  }

  async function send(message, shown) {
    if (state.sending) return;
    const sender = state.sender;
    state.sending = true;
    ui.log.setAttribute("aria-busy", "true");
    ui.status.textContent = t("busy");
    record({ who: "user", text: shown });
    ui.input.focus(); // the button that sent this may just have been removed
    scrollToEnd();
    const replies = await post(message);
    if (sender !== state.sender) return; // "start over" while waiting: that conversation's reply is dropped
    ui.status.textContent = "";
    ui.log.removeAttribute("aria-busy");
    state.sending = false;
    const first = record(replies === null ? { who: "error" } : { who: "bot", replies });
    if (first) reveal(first);
  }

  function submitInput() {
    const text = ui.input.value.trim().slice(0, cfg.max);
    if (!text || state.sending) return;
    ui.input.value = "";
    updateCount();
    send(text, text);
  }

  function chooseLanguage(code) {
    if (!knownLang(code) || state.sending) return;
    state.lang = code;
    store.set("localStorage", "lang", code);
    applyUi();
    const name = LANGS.find((l) => l[0] === code)[1];
    send('/change_language{"language":"' + code + '"}', name);
  }

  function restart() {
    state.sending = false;
    ui.log.removeAttribute("aria-busy");
    state.sender = newSender();
    store.set("localStorage", "sender", state.sender);
    store.del("sessionStorage", "log");
    transcript = [];
    greet();
    ui.status.textContent = t("restarted");
    ui.input.focus();
  }

  // --- Read aloud through the voice service's TTS, only when it answers. ---
  const ttsUrl = (text, lang) => cfg.tts + "/tts?text=" + encodeURIComponent(text) + "&lang=" + encodeURIComponent(lang);
  let playing = null;
  function readAloud(button, text, lang) {
    const wasThis = playing && playing.button === button;
    if (playing) { playing.audio.pause(); playing.button.textContent = t("speak", null, playing.button.dataset.lang); playing = null; }
    if (wasThis) return;
    const audio = new Audio(ttsUrl(text.slice(0, 500), lang));
    playing = { audio, button };
    button.textContent = t("stop", null, button.dataset.lang);
    const done = () => {
      if (playing && playing.audio === audio) { playing = null; button.textContent = t("speak", null, button.dataset.lang); }
    };
    audio.addEventListener("ended", done);
    audio.addEventListener("error", done);
    audio.play().catch(done);
  }
  function probeTts() {
    if (!cfg.tts || !safeUrl(cfg.tts)) return;
    // An audio element, not fetch: it needs no CORS headers from the voice service.
    const audio = new Audio();
    const timer = setTimeout(() => { audio.removeAttribute("src"); audio.load(); }, 10000);
    audio.preload = "metadata";
    audio.addEventListener("loadedmetadata", () => {
      clearTimeout(timer);
      state.ttsOk = true;
      for (const b of ui.log.querySelectorAll(".mdg-speak")) b.hidden = false;
    }, { once: true });
    audio.src = ttsUrl("はい", "ja");
  }

  // --- Start. ---
  function start() {
    if (!document.querySelector("link[data-madoguchi]")) {
      document.head.append(el("link", { rel: "stylesheet", href: new URL("madoguchi-widget.css", script.src).href,
        "data-madoguchi": "" }));
    }
    applyUi();
    greet();
    for (const entry of transcript) show(entry);
    document.body.append(ui.root);
    if (cfg.open || store.get("sessionStorage", "open") === "1") {
      ui.panel.hidden = false;
      ui.launcher.setAttribute("aria-expanded", "true");
      ui.root.classList.add("mdg-open");
      scrollToEnd();
    }
    probeTts();
  }
  window.madoguchiWidget = { open: () => setOpen(true), restart };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
