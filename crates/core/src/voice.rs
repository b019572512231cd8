//! How the bot speaks about one statement in one language: the language pack's phrases with the
//! statement's metadata filled in.
//!
//! Every sentence the program says to a user that is not a fact's answer comes from here: the
//! engine's own replies (no-answer, clarification), the citation line, the REPL's and the Telegram
//! bot's texts. A [`Voice`] is built once per statement and language; it fills `{placeholders}` with
//! the statement's name, date, parties, topics and example questions, and with the values a phrase
//! is given. Invariant: no statement's name, party or person is written in Rust — they all come
//! from the package's `statement.toml` (or, for a voice in another language, from the package's
//! translation into it: its name, title, topic titles and questions, with `statement.toml`'s for
//! whatever the translation leaves out).

use crate::knowledge::{Kind, Knowledge, Phrases, Translation};
use crate::lang::Lang;
use crate::reply::Citation;

/// How many topic titles the `{topics}` placeholder lists.
const TOPICS_LISTED: usize = 6;

/// A language's phrases, bound to one statement.
#[derive(Debug, Clone)]
pub struct Voice {
    /// The language it speaks.
    lang: Lang,
    phrases: Phrases,
    /// The statement placeholders and their values.
    vars: Vec<(&'static str, String)>,
}

impl Voice {
    /// The voice of `knowledge`'s statement in the statement's own language.
    pub fn new(knowledge: &Knowledge) -> Voice {
        Voice::build(
            knowledge,
            knowledge.language.info.code,
            &knowledge.language.phrases,
            None,
        )
    }

    /// The voice of `knowledge`'s statement in another language: that language's `phrases`, and
    /// the statement's name, title and topics from `translation`.
    pub fn translated(
        knowledge: &Knowledge,
        lang: Lang,
        phrases: &Phrases,
        translation: &Translation,
    ) -> Voice {
        Voice::build(knowledge, lang, phrases, Some(translation))
    }

    fn build(
        knowledge: &Knowledge,
        lang: Lang,
        phrases: &Phrases,
        translation: Option<&Translation>,
    ) -> Voice {
        let phrases = phrases.clone();
        let statement = &knowledge.statement;
        let given = |own: &str, translated: Option<&str>| {
            translated
                .filter(|t| !t.trim().is_empty())
                .unwrap_or(own)
                .to_string()
        };
        let name = given(
            &statement.name,
            translation.map(|t| t.statement.name.as_str()),
        );
        let name = if name.trim().is_empty() {
            phrases.unnamed.clone()
        } else {
            name
        };
        let title = given(
            &statement.title,
            translation.map(|t| t.statement.title.as_str()),
        );
        let date = format_date(&phrases, &statement.date);
        // The parties as the voice's language writes them, when its translation gives them all.
        let parties = translation
            .map(|t| &t.statement.parties)
            .filter(|p| p.len() == statement.parties.len())
            .unwrap_or(&statement.parties);
        let full_name = phrases
            .statement
            .replace("{name}", &name)
            .replace("{date}", &date);
        // The overview's topic ("Overview") says nothing about what the statement covers.
        let overview_topic = statement
            .overview
            .as_deref()
            .and_then(|id| knowledge.fact(id))
            .map(|f| f.topic.as_str());
        // (title, question) of each topic, in the voice's language
        let topics: Vec<(&str, &str)> = knowledge
            .topics
            .iter()
            .filter(|t| Some(t.id.as_str()) != overview_topic)
            .map(|t| match translation.and_then(|tr| tr.topic(&t.id)) {
                Some(tr) => (tr.title.as_str(), tr.question.as_str()),
                None => (t.title.as_str(), t.question.as_str()),
            })
            .collect();
        let titles: Vec<String> = topics
            .iter()
            .take(TOPICS_LISTED)
            .map(|(title, _)| lowercase_first(title))
            .collect();
        let topic_list = join(&titles, &phrases.or);
        let examples: Vec<&str> = topics
            .iter()
            .map(|(_, question)| *question)
            .filter(|q| !q.trim().is_empty())
            .collect();
        let example = |n: usize| {
            examples
                .get(n)
                .or_else(|| examples.first())
                .map_or_else(String::new, |q| (*q).to_string())
        };
        let publisher = match (statement.publisher.trim(), statement.agency.trim()) {
            ("", agency) => agency.to_string(),
            (publisher, "") => publisher.to_string(),
            (publisher, agency) => format!("{publisher} ({agency})"),
        };
        let vars = vec![
            ("statement", full_name),
            ("name", name),
            ("date", date),
            ("title", title),
            ("place", statement.place.clone()),
            ("parties", join(parties, &phrases.and)),
            ("publisher", publisher),
            ("agency", statement.agency.clone()),
            ("url", statement.url.clone()),
            ("topics", topic_list),
            ("example", example(0)),
            ("example2", example(1)),
            ("example3", example(2)),
        ];
        Voice {
            lang,
            phrases,
            vars,
        }
    }

    /// The language it speaks.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// How it names the statement in a sentence ("the Malaysia–South Korea joint statement"):
    /// the `{name}` its phrases are filled with.
    pub fn name(&self) -> &str {
        self.vars
            .iter()
            .find(|(name, _)| *name == "name")
            .map_or("", |(_, value)| value.as_str())
    }

    /// The phrases, unfilled.
    pub fn phrases(&self) -> &Phrases {
        &self.phrases
    }

    /// `template` with the statement placeholders and `values` filled in.
    pub fn fill(&self, template: &str, values: &[(&str, &str)]) -> String {
        let mut out = template.to_string();
        for (name, value) in values
            .iter()
            .copied()
            .chain(self.vars.iter().map(|(n, v)| (*n, v.as_str())))
        {
            if out.contains('{') {
                out = out.replace(&format!("{{{name}}}"), value);
            }
        }
        out
    }

    /// "paragraph 8", "paragraphs 4 and 5", "paragraphs 2, 30 and 32".
    pub fn paragraphs(&self, paragraphs: &[u32]) -> String {
        let numbers: Vec<String> = paragraphs.iter().map(u32::to_string).collect();
        let citation = &self.phrases.citation;
        match numbers.as_slice() {
            [] => String::new(),
            [one] => citation.paragraph.replace("{n}", one),
            [init @ .., last] => citation
                .paragraphs
                .replace("{list}", &init.join(", "))
                .replace("{last}", last),
        }
    }

    /// The citation line of an answer: where it comes from (or is worked out from), and the
    /// verbatim excerpt if any.
    pub fn citation_line(&self, citation: &Citation) -> String {
        let phrase = if citation.derived {
            &self.phrases.citation.derived
        } else {
            &self.phrases.citation.line
        };
        let mut line = phrase.replace("{where}", &self.paragraphs(&citation.paragraphs));
        if let Some(quote) = &citation.quote {
            line.push_str(&format!(": “{quote}”"));
        }
        line
    }

    /// How a missing detail of this kind is named ("who", "how many").
    pub fn detail(&self, kind: Kind) -> &str {
        self.phrases
            .reply
            .detail
            .get(&kind)
            .map_or("", String::as_str)
    }

    /// "a, b or c".
    pub fn join_or(&self, items: &[String]) -> String {
        join(items, &self.phrases.or)
    }
}

/// `date` (`YYYY-MM-DD`) as the language writes dates; anything else as it is.
fn format_date(phrases: &Phrases, date: &str) -> String {
    let mut parts = date.splitn(3, '-');
    let (Some(year), Some(month), Some(day)) = (parts.next(), parts.next(), parts.next()) else {
        return date.to_string();
    };
    let month_name = month
        .parse::<usize>()
        .ok()
        .and_then(|m| m.checked_sub(1))
        .and_then(|m| phrases.months.get(m));
    match (month_name, day.parse::<u32>()) {
        (Some(month), Ok(day)) => phrases
            .date
            .replace("{day}", &day.to_string())
            .replace("{month}", month)
            .replace("{year}", year),
        _ => date.to_string(),
    }
}

/// "a", "a or b", "a, b or c" (with `word` for "or").
pub fn join(items: &[String], word: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} {word} {last}", init.join(", ")),
    }
}

/// The first letter upper-cased ("the FTA deadline" → "The FTA deadline").
pub fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A title as it reads inside a sentence: "Defence and security" → "defence and security", but an
/// acronym or name stays ("ASEAN and the region").
fn lowercase_first(title: &str) -> String {
    let first_word = title.split_whitespace().next().unwrap_or("");
    let is_acronym = first_word.chars().filter(|c| c.is_uppercase()).count() > 1;
    if is_acronym {
        return title.to_string();
    }
    let mut chars = title.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_lists_and_cases_titles() {
        let items = ["a".to_string(), "b".to_string(), "c".to_string()];
        assert_eq!(join(&items, "or"), "a, b or c");
        assert_eq!(join(&items[..1], "or"), "a");
        assert_eq!(
            lowercase_first("Defence and security"),
            "defence and security"
        );
        assert_eq!(lowercase_first("ASEAN and beyond"), "ASEAN and beyond");
        assert_eq!(capitalise("the FTA deadline"), "The FTA deadline");
    }
}
