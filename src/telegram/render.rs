//! Replies as Telegram messages: HTML text and inline keyboards.
//!
//! Invariants: every piece of dynamic text (answers, quotes, questions, titles) goes through
//! [`escape`], so the only tags in a message are the ones written here (`<b>`, `<i>`, `<a>`), and
//! every message's text stays under Telegram's 4,096-character limit (counted in UTF-16 units, as
//! Telegram counts) because the plain text is cut *before* it is escaped and tagged. Button data
//! stays within Telegram's 64 bytes.

use teloxide::types::{
    InlineKeyboardButton, InlineKeyboardMarkup, InlineQueryResult, InlineQueryResultArticle,
    InputMessageContent, InputMessageContentText, ParseMode,
};

use crate::knowledge::{Knowledge, Topic};
use crate::lang::Lang;
use crate::messages as msg;
use crate::reply::{Reply, ReplyKind};
use crate::voice::{Voice, capitalise};

/// Telegram's limit for a message's text after entity parsing.
pub const TELEGRAM_MAX_TEXT: usize = 4_096;

/// The visible text budget we allow ourselves (room for the citation and headings).
const ANSWER_BUDGET: usize = 3_600;
/// Longest question echoed above a button's answer.
const ECHO_BUDGET: usize = 200;

/// Telegram's limit for callback data.
pub const MAX_CALLBACK_DATA: usize = 64;

/// Callback data prefixes: a topic (`t:<topic id>`), a suggested follow-up (`s:<index>`, whose
/// question is the button's own text), a clarification choice (`c:<fact id>`), a reply language
/// (`l:<code>` or `l:auto`), a statement to use (`u:<package id>`). With several statements,
/// topics and choices name their statement when it fits (`t:<package id>/<topic id>`,
/// `c:<package id>/<fact id>`).
pub const TOPIC_PREFIX: &str = "t:";
pub const LANG_PREFIX: &str = "l:";
pub const SUGGESTION_PREFIX: &str = "s:";
pub const CHOICE_PREFIX: &str = "c:";
pub const STATEMENT_PREFIX: &str = "u:";

/// One message to send.
#[derive(Debug, Clone, PartialEq)]
pub struct Outgoing {
    /// HTML, ready for `parse_mode = HTML`.
    pub html: String,
    pub keyboard: Option<InlineKeyboardMarkup>,
}

/// Escapes `<`, `>`, `&` and `"` for Telegram's HTML parse mode.
pub fn escape(text: &str) -> String {
    teloxide::utils::html::escape(text)
}

/// How Telegram measures length: UTF-16 code units.
pub fn telegram_len(text: &str) -> usize {
    text.encode_utf16().count()
}

/// `text` cut to at most `max` UTF-16 units on a character boundary, marked with an ellipsis
/// when cut.
pub fn fit(text: &str, max: usize) -> String {
    if telegram_len(text) <= max {
        return text.to_string();
    }
    let budget = max.saturating_sub(telegram_len(msg::TG_TRUNCATED));
    let mut used = 0;
    let mut out = String::new();
    for c in text.chars() {
        used += c.len_utf16();
        if used > budget {
            break;
        }
        out.push(c);
    }
    out.push_str(msg::TG_TRUNCATED);
    out
}

/// An engine reply as a message; `asked` is the question a button press asked, echoed on top so
/// the chat shows what was asked.
pub fn reply(reply: &Reply, asked: Option<&str>, voice: &Voice) -> Outgoing {
    library_reply(reply, asked, voice, false)
}

/// `data` under `prefix`, naming `statement` when `qualify` and it fits in the callback data.
fn button_data(prefix: &str, statement: Option<&str>, id: &str, qualify: bool) -> String {
    if let Some(statement) = statement.filter(|_| qualify) {
        let data = format!("{prefix}{statement}/{id}");
        if data.len() <= MAX_CALLBACK_DATA {
            return data;
        }
    }
    format!("{prefix}{id}")
}

/// A library's reply as a message: [`reply`], with the statements it offers as buttons and, when
/// `many` statements are served, choice buttons that name their statement.
pub fn library_reply(reply: &Reply, asked: Option<&str>, voice: &Voice, many: bool) -> Outgoing {
    let mut html = String::new();
    if let Some(question) = asked {
        let line = voice.fill(
            &voice.phrases().telegram.asked,
            &[("question", &fit(question, ECHO_BUDGET))],
        );
        html.push_str(&format!("<b>{}</b>\n\n", escape(&line)));
    }
    html.push_str(&escape(&fit(&reply.answer, ANSWER_BUDGET)));
    if let Some(citation) = &reply.source
        && reply.kind == ReplyKind::Answer
    {
        html.push_str(&format!(
            "\n\n<i>{}</i>",
            escape(&fit(&voice.citation_line(citation), 300))
        ));
    }
    let mut rows: Vec<Vec<InlineKeyboardButton>> = Vec::new();
    for choice in &reply.choices {
        let data = button_data(
            CHOICE_PREFIX,
            reply.statement.as_deref(),
            &choice.fact,
            many,
        );
        if data.len() <= MAX_CALLBACK_DATA {
            rows.push(vec![InlineKeyboardButton::callback(
                capitalise(&choice.label),
                data,
            )]);
        }
    }
    for statement in &reply.statements {
        let data = format!("{STATEMENT_PREFIX}{}", statement.id);
        if data.len() <= MAX_CALLBACK_DATA {
            rows.push(vec![InlineKeyboardButton::callback(
                fit(&capitalise(&statement.name), 120),
                data,
            )]);
        }
    }
    for (i, suggestion) in reply.suggestions.iter().enumerate() {
        rows.push(vec![InlineKeyboardButton::callback(
            fit(suggestion, 120),
            format!("{SUGGESTION_PREFIX}{i}"),
        )]);
    }
    Outgoing {
        html,
        keyboard: (!rows.is_empty()).then(|| InlineKeyboardMarkup::new(rows)),
    }
}

/// Telegram's limit for a deep link's start parameter, which allows only `A-Z a-z 0-9 _ -`.
pub const MAX_START_PARAMETER: usize = 64;

/// Whether `payload` can be a deep link's start parameter.
pub fn is_start_parameter(payload: &str) -> bool {
    (1..=MAX_START_PARAMETER).contains(&payload.len())
        && payload
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// The start parameter of a deep link to `reply`'s answer: its fact id, prefixed with its
/// statement's id and `_` when `many` statements are served; `None` for a reply that answers
/// from no fact, or whose ids do not fit a start parameter.
pub fn deep_link_payload(reply: &Reply, many: bool) -> Option<String> {
    if reply.kind != ReplyKind::Answer {
        return None;
    }
    let fact = reply.fact.as_deref()?;
    let payload = match (many, reply.statement.as_deref()) {
        (true, Some(statement)) => format!("{statement}_{fact}"),
        (true, None) => return None,
        (false, _) => fact.to_string(),
    };
    is_start_parameter(&payload).then_some(payload)
}

/// `https://t.me/<bot>?start=<payload>`: opens a chat with the bot, which answers `payload`.
pub fn deep_link(bot: &str, payload: &str) -> Option<url::Url> {
    let bot_ok = !bot.is_empty() && bot.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    if !bot_ok || !is_start_parameter(payload) {
        return None;
    }
    format!("https://t.me/{bot}?start={payload}").parse().ok()
}

/// A "share" button for `reply`: Telegram's share link for the deep link to its answer (the
/// person picks a chat; whoever taps the link there gets the same answer from the bot).
pub fn share_button(
    reply: &Reply,
    voice: &Voice,
    bot: &str,
    many: bool,
) -> Option<InlineKeyboardButton> {
    let link = deep_link(bot, &deep_link_payload(reply, many)?)?;
    let encoded: String = url::form_urlencoded::byte_serialize(link.as_str().as_bytes()).collect();
    let share: url::Url = format!("https://t.me/share/url?url={encoded}")
        .parse()
        .ok()?;
    Some(InlineKeyboardButton::url(
        fit(&voice.fill(&voice.phrases().telegram.share, &[]), 120),
        share,
    ))
}

/// `out` with `button` on a row of its own, last.
pub fn with_button(mut out: Outgoing, button: Option<InlineKeyboardButton>) -> Outgoing {
    if let Some(button) = button {
        let mut rows = out.keyboard.map(|k| k.inline_keyboard).unwrap_or_default();
        rows.push(vec![button]);
        out.keyboard = Some(InlineKeyboardMarkup::new(rows));
    }
    out
}

/// Inline mode's result for `question` (`@bot question` in any chat): one article whose message is
/// the question in bold, the answer and its citation; under it, a button that opens the bot on the
/// same answer (when the answer has a fact and `bot` is known).
pub fn inline_result(
    reply: &Reply,
    question: &str,
    voice: &Voice,
    bot: &str,
    many: bool,
    label: Option<&str>,
) -> InlineQueryResult {
    let mut html = format!(
        "<b>{}</b>\n\n{}",
        escape(&fit(question, ECHO_BUDGET)),
        escape(&fit(&reply.answer, ANSWER_BUDGET))
    );
    let citation = reply
        .source
        .as_ref()
        .filter(|_| reply.kind == ReplyKind::Answer)
        .map(|c| voice.citation_line(c));
    if let Some(citation) = &citation {
        html.push_str(&format!("\n\n<i>{}</i>", escape(&fit(citation, 300))));
    }
    let mut content = InputMessageContentText::new(html);
    content.parse_mode = Some(ParseMode::Html);
    let title = label.map_or_else(|| fit(&reply.answer, 64), |l| fit(&capitalise(l), 64));
    let mut description = fit(&reply.answer, 200);
    if let Some(citation) = &citation {
        description = fit(&format!("{description} ({citation})"), 300);
    }
    let mut article =
        InlineQueryResultArticle::new("answer", title, InputMessageContent::Text(content))
            .description(description);
    let open = deep_link_payload(reply, many).and_then(|payload| deep_link(bot, &payload));
    if let Some(link) = open {
        article = article.reply_markup(InlineKeyboardMarkup::new(vec![vec![
            InlineKeyboardButton::url(
                fit(&voice.fill(&voice.phrases().telegram.open_bot, &[]), 120),
                link,
            ),
        ]]));
    }
    InlineQueryResult::Article(article)
}

/// Plain text (a phrase of the bot's voice) as a message.
pub fn text(text: &str) -> Outgoing {
    Outgoing {
        html: escape(&fit(text, ANSWER_BUDGET)),
        keyboard: None,
    }
}

/// `/topics`: the heading and one button per topic of the statement `id` (`topics` in the voice's
/// language; the buttons name the statement when `many` are served).
pub fn topics(id: &str, topics: &[Topic], voice: &Voice, many: bool) -> Outgoing {
    let rows: Vec<Vec<InlineKeyboardButton>> = topics
        .iter()
        .map(|t| (t, button_data(TOPIC_PREFIX, Some(id), &t.id, many)))
        .filter(|(_, data)| data.len() <= MAX_CALLBACK_DATA)
        .map(|(t, data)| vec![InlineKeyboardButton::callback(fit(&t.title, 120), data)])
        .collect();
    Outgoing {
        html: escape(&voice.fill(&voice.phrases().telegram.topics, &[])),
        keyboard: (!rows.is_empty()).then(|| InlineKeyboardMarkup::new(rows)),
    }
}

/// `/statements`: the heading, one line per statement, and one button per statement.
pub fn statements(heading: &str, lines: &[String], ids: &[String]) -> Outgoing {
    let mut text = heading.to_string();
    for line in lines {
        text.push_str(&format!("\n• {line}"));
    }
    let rows: Vec<Vec<InlineKeyboardButton>> = lines
        .iter()
        .zip(ids)
        .map(|(line, id)| (line, format!("{STATEMENT_PREFIX}{id}")))
        .filter(|(_, data)| data.len() <= MAX_CALLBACK_DATA)
        .map(|(line, data)| {
            vec![InlineKeyboardButton::callback(
                fit(&capitalise(line), 120),
                data,
            )]
        })
        .collect();
    Outgoing {
        html: escape(&fit(&text, ANSWER_BUDGET)),
        keyboard: (!rows.is_empty()).then(|| InlineKeyboardMarkup::new(rows)),
    }
}

/// `/source`: title in bold, publisher and date, and the link.
pub fn source(knowledge: &Knowledge, voice: &Voice) -> Outgoing {
    let s = &knowledge.statement;
    let text = voice.fill(&voice.phrases().telegram.source, &[("title", "\u{0}")]);
    // The title is bolded, so it is escaped separately and put where the marker was.
    let mut html = escape(&fit(&text, 1_000))
        .replace('\u{0}', &format!("<b>{}</b>", escape(&fit(&s.title, 300))));
    if s.url.starts_with("https://") || s.url.starts_with("http://") {
        html.push_str(&format!(
            "\n<a href=\"{}\">{}</a>",
            escape(&s.url),
            escape(&fit(&s.url, 300))
        ));
    }
    Outgoing {
        html,
        keyboard: None,
    }
}

/// `/lang`: which language replies are in now (`current`, `None` for automatic), and one button
/// per choice: automatic, then each of `languages`.
pub fn lang_choice(voice: &Voice, current: Option<Lang>, languages: &[Lang]) -> Outgoing {
    let phrases = &voice.phrases().lang;
    let name = |lang: Lang| lang_name(voice, lang);
    let now = current.map_or_else(|| phrases.auto.clone(), name);
    let mut rows = vec![vec![InlineKeyboardButton::callback(
        fit(&phrases.auto, 120),
        format!("{LANG_PREFIX}auto"),
    )]];
    for &lang in languages {
        rows.push(vec![InlineKeyboardButton::callback(
            fit(&capitalise(&name(lang)), 120),
            format!("{LANG_PREFIX}{}", lang.code()),
        )]);
    }
    Outgoing {
        html: escape(&voice.fill(&phrases.prompt, &[("current", &now)])),
        keyboard: Some(InlineKeyboardMarkup::new(rows)),
    }
}

/// The reply language chosen (`None`: automatic), said in `voice`.
pub fn lang_set(voice: &Voice, chosen: Option<Lang>) -> Outgoing {
    let phrases = &voice.phrases().lang;
    let said = match chosen {
        Some(lang) => voice.fill(&phrases.set, &[("language", &lang_name(voice, lang))]),
        None => voice.fill(&phrases.set_auto, &[]),
    };
    text(&said)
}

/// How `voice`'s language names `lang`.
fn lang_name(voice: &Voice, lang: Lang) -> String {
    voice
        .phrases()
        .lang
        .names
        .get(lang.code())
        .cloned()
        .unwrap_or_else(|| lang.code().to_string())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::reply::{Choice, Citation};

    fn voice() -> Voice {
        Voice::new(&Knowledge::embedded().unwrap())
    }

    fn answer(text: &str) -> Reply {
        Reply {
            kind: ReplyKind::Answer,
            answer: text.to_string(),
            fact: Some("f".to_string()),
            score: 1.0,
            related: Vec::new(),
            source: Some(Citation {
                paragraphs: vec![8],
                quote: Some("a <quote> & more".to_string()),
                derived: false,
            }),
            suggestions: vec!["What about <b>trade</b>?".to_string()],
            choices: Vec::new(),
            lang: Lang::known(*b"en"),
            statement: None,
            statements: Vec::new(),
        }
    }

    #[test]
    fn escapes_everything_dynamic() {
        let out = reply(&answer("x < y & <b>z</b>"), Some("why <i>?"), &voice());
        assert_eq!(
            out.html,
            "<b>You asked: why &lt;i&gt;?</b>\n\nx &lt; y &amp; &lt;b&gt;z&lt;/b&gt;\n\n<i>Source: joint statement, paragraph 8: “a &lt;quote&gt; &amp; more”</i>"
        );
        let keyboard = out.keyboard.unwrap_or_else(|| panic!("suggestion buttons"));
        assert_eq!(
            keyboard.inline_keyboard[0][0].text,
            "What about <b>trade</b>?"
        );
    }

    #[test]
    fn long_text_is_cut_before_escaping_and_stays_under_the_limit() {
        let long = "&".repeat(10_000);
        let out = reply(&answer(&long), Some(&"😀".repeat(5_000)), &voice());
        // Each `&amp;` counts as one character once Telegram parses the entities.
        let visible = out
            .html
            .replace("&amp;", "&")
            .replace("<b>", "")
            .replace("</b>", "");
        assert!(
            telegram_len(&visible) < TELEGRAM_MAX_TEXT,
            "{}",
            telegram_len(&visible)
        );
        assert!(out.html.contains("&amp;…"));
    }

    #[test]
    fn the_language_choice_offers_automatic_and_each_language() {
        let engine = crate::Engine::new(Knowledge::embedded().unwrap());
        let out = lang_choice(
            engine.voice_in(Lang::known(*b"ms")),
            Some(Lang::known(*b"en")),
            &engine.languages(),
        );
        assert!(
            out.html.contains("Sekarang: bahasa Inggeris"),
            "{}",
            out.html
        );
        let keyboard = out.keyboard.unwrap();
        let data: Vec<String> = keyboard
            .inline_keyboard
            .iter()
            .flatten()
            .map(|b| match &b.kind {
                teloxide::types::InlineKeyboardButtonKind::CallbackData(d) => d.clone(),
                _ => String::new(),
            })
            .collect();
        assert_eq!(data, ["l:auto", "l:en", "l:ms"]);
        let set = lang_set(
            engine.voice_in(Lang::known(*b"ms")),
            Some(Lang::known(*b"ms")),
        );
        assert_eq!(
            set.html,
            "Mulai sekarang saya menjawab dalam bahasa Melayu."
        );
    }

    #[test]
    fn fit_counts_utf16_and_keeps_characters_whole() {
        assert_eq!(fit("abc", 3), "abc");
        assert_eq!(fit("abcd", 3), "ab…");
        assert_eq!(fit("😀😀😀", 4), "😀…");
    }

    #[test]
    fn choices_become_buttons_with_short_data() {
        let mut r = answer("Do you mean a or b?");
        r.kind = ReplyKind::Clarify;
        r.suggestions.clear();
        r.choices = vec![
            Choice {
                fact: "a".into(),
                label: "the a".into(),
            },
            Choice {
                fact: "x".repeat(80),
                label: "too long".into(),
            },
        ];
        let out = reply(&r, None, &voice());
        assert!(
            !out.html.contains("Source:"),
            "a clarification cites no single paragraph"
        );
        let keyboard = out.keyboard.unwrap_or_else(|| panic!("choice buttons"));
        assert_eq!(keyboard.inline_keyboard.len(), 1);
        assert_eq!(keyboard.inline_keyboard[0][0].text, "The a");
    }
}
