//! General lexical knowledge of a language, read in place from a sorted text file: which words are
//! grammar, chatter, general or content ([`WordClass`]) and how specific each is, base forms
//! (WordNet's morphy: irregular forms, then suffix rules checked against the lexicon), related words
//! from a word's frequent senses ([`Relation`]: synonyms, hypernyms, derivations, pertainyms, places'
//! holonyms ...), antonyms, and verbs of negative events ("reject", "cancel"). The English file,
//! `knowledge/lang/en/lexicon.tsv`, is generated from WordNet 3.0 and stop-word lists by
//! `knowledge/lang/en/build/make_lexicon.py` (format, sources and licences: its README) and is kept
//! apart from any statement's own vocabulary: it knows English, not a statement.
//!
//! **Invariants: no I/O (the text is borrowed, usually from the binary's embedded knowledge); never
//! panics, whatever the text or the word; [`Lexicon::new`] costs O(1) (it checks the first and last
//! entries only, [`Lexicon::validate`] checks every line); every lookup is a binary search over the
//! sorted lines, O(log n) comparisons with no index built and at most a few small allocations (the
//! suffix candidates of morphy). A line that does not parse is treated as absent by lookups.**

use std::fmt;

use crate::numbers::Numbers;

/// Number of tab-separated fields of an entry line.
const FIELDS: usize = 8;

/// How much a word says about a question's topic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WordClass {
    /// Grammar: articles, pronouns, prepositions, auxiliaries ("the", "would", "whether").
    Function,
    /// The questioner's own life and manner, never a statement's topic: kin and friends, school and
    /// work life, feelings and attitudes, conversational acts, chat slang ("sister", "thesis",
    /// "confused", "thanks", "lol").
    Chatter,
    /// Common words of little information that can sit in a question on any topic ("thing", "way",
    /// "happen", "big", "news").
    General,
    /// Specific words that can carry a topic of their own ("semiconductor", "pineapple", "France").
    /// A word the lexicon does not know is content.
    Content,
}

/// A word's class and specificity.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WordInfo {
    pub class: WordClass,
    /// Information weight in `0.0..=1.0`: 0 for function words and chatter, low for frequent and
    /// shallow words, high for rare and deep ones; 1 for a word the lexicon does not know.
    pub weight: f32,
}

/// How a related lemma relates to the word looked up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Relation {
    /// Same sense ("job" → "occupation").
    Synonym,
    /// A broader term ("tourist" → "traveler", "bloc" → "alliance").
    Hypernym,
    /// The class a named thing is an instance of ("Seoul" → "national capital").
    InstanceOf,
    /// A narrower term in common use ("job" → "position").
    Hyponym,
    /// Same root, another part of speech ("Korean" → "Korea", "accept" → "acceptance").
    Derivation,
    /// A whole the word is part of ("Seoul" → "South Korea", "Kuala Lumpur" → "Malaysia").
    PartOf,
    /// A group the word is a member of ("Malaysian" → "Malaysia").
    MemberOf,
    /// A verb of closely related sense ("reject" → "spurn").
    VerbGroup,
    /// A verb the word's action entails.
    Entailment,
    /// An adjective of similar sense ("atomic" → "thermonuclear").
    Similar,
    /// The noun a relational adjective pertains to ("nuclear" → "nucleus").
    Pertainym,
    /// The attribute an adjective values ("big" → "size").
    Attribute,
    /// A loosely related word ("see also").
    AlsoSee,
}

impl Relation {
    fn from_code(code: u8) -> Option<Relation> {
        Some(match code {
            b's' => Relation::Synonym,
            b'h' => Relation::Hypernym,
            b'i' => Relation::InstanceOf,
            b'o' => Relation::Hyponym,
            b'd' => Relation::Derivation,
            b'w' => Relation::PartOf,
            b'b' => Relation::MemberOf,
            b'g' => Relation::VerbGroup,
            b'e' => Relation::Entailment,
            b'm' => Relation::Similar,
            b'p' => Relation::Pertainym,
            b't' => Relation::Attribute,
            b'a' => Relation::AlsoSee,
            _ => return None,
        })
    }

    /// How far a match through this relation can be trusted, before the sense decay of
    /// [`Related::weight`]: near 1 for a synonym, lower the looser the link.
    pub fn trust(self) -> f32 {
        match self {
            Relation::Synonym => 0.9,
            Relation::Derivation | Relation::Pertainym => 0.8,
            Relation::Similar | Relation::VerbGroup => 0.6,
            Relation::Hypernym | Relation::InstanceOf | Relation::PartOf => 0.5,
            Relation::MemberOf | Relation::Hyponym | Relation::Attribute => 0.4,
            Relation::AlsoSee | Relation::Entailment => 0.3,
        }
    }
}

/// Part of speech of a lemma.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PartOfSpeech {
    Noun,
    Verb,
    Adjective,
    Adverb,
}

impl PartOfSpeech {
    const ALL: [PartOfSpeech; 4] = [
        PartOfSpeech::Noun,
        PartOfSpeech::Verb,
        PartOfSpeech::Adjective,
        PartOfSpeech::Adverb,
    ];

    fn code(self) -> u8 {
        match self {
            PartOfSpeech::Noun => b'n',
            PartOfSpeech::Verb => b'v',
            PartOfSpeech::Adjective => b'a',
            PartOfSpeech::Adverb => b'r',
        }
    }

    /// Morphy's detachment rules: (suffix, replacement).
    fn rules(self) -> &'static [(&'static str, &'static str)] {
        match self {
            PartOfSpeech::Noun => &[
                ("s", ""),
                ("ses", "s"),
                ("xes", "x"),
                ("zes", "z"),
                ("ches", "ch"),
                ("shes", "sh"),
                ("men", "man"),
                ("ies", "y"),
            ],
            PartOfSpeech::Verb => &[
                ("s", ""),
                ("ies", "y"),
                ("es", "e"),
                ("es", ""),
                ("ed", "e"),
                ("ed", ""),
                ("ing", "e"),
                ("ing", ""),
            ],
            PartOfSpeech::Adjective => &[("er", ""), ("est", ""), ("er", "e"), ("est", "e")],
            PartOfSpeech::Adverb => &[],
        }
    }
}

/// One lemma related to a word.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Related<'a> {
    /// The related lemma, folded like a question's words ("prime minister", "south korea").
    pub lemma: &'a str,
    pub relation: Relation,
    /// Which of the word's frequent senses it comes from: 1 is the most frequent.
    pub sense: u8,
}

impl Related<'_> {
    /// Suggested weight of a match through this link: the relation's [`Relation::trust`], less
    /// for each later sense (×0.75 per rank).
    pub fn weight(&self) -> f32 {
        let decay = 0.75f32.powi(i32::from(self.sense.saturating_sub(1)));
        self.relation.trust() * decay
    }
}

/// A parsed line of the lexicon, borrowing its text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Entry<'a> {
    /// The word (folded: lowercase ASCII letters, digits, single spaces).
    pub key: &'a str,
    /// Parts of speech the word is a lemma of ("nv"); empty for an inflected form, slang or a stop
    /// word that WordNet lacks.
    pub pos: &'a str,
    pub class: WordClass,
    pub weight: f32,
    /// The word names an event that did not happen or was undone ("reject", "cancellation").
    pub negative: bool,
    bases: &'a str,
    relations: &'a str,
    antonyms: &'a str,
}

impl<'a> Entry<'a> {
    /// Whether the word is a lemma of `pos`.
    pub fn is(&self, pos: PartOfSpeech) -> bool {
        self.pos.as_bytes().contains(&pos.code())
    }

    /// Irregular base forms from WordNet's exception lists, and slang expansions, in order.
    pub fn bases(self) -> impl Iterator<Item = &'a str> + use<'a> {
        list(self.bases).filter_map(|b| b.get(2..))
    }

    /// Related lemmas, closest first (senses in order, synonyms first within a sense).
    pub fn related(self) -> impl Iterator<Item = Related<'a>> + use<'a> {
        list(self.relations).filter_map(parse_related)
    }

    /// Antonyms of the word's frequent senses (for a satellite adjective, its head's).
    pub fn antonyms(self) -> impl Iterator<Item = &'a str> + use<'a> {
        list(self.antonyms)
    }
}

/// A comma-separated field's items ("-" is the empty list).
fn list(field: &str) -> impl Iterator<Item = &str> {
    let field = if field == "-" { "" } else { field };
    field.split(',').filter(|s| !s.is_empty())
}

fn parse_related(item: &str) -> Option<Related<'_>> {
    let bytes = item.as_bytes();
    let relation = Relation::from_code(*bytes.first()?)?;
    let sense = bytes.get(1).filter(|b| b.is_ascii_digit())? - b'0';
    if bytes.get(2) != Some(&b':') {
        return None;
    }
    let lemma = item.get(3..).filter(|l| !l.is_empty())?;
    Some(Related {
        lemma,
        relation,
        sense,
    })
}

/// A lexicon file that does not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LexiconError {
    /// A line is not an entry; `line` counts from 1 in the whole text, header included.
    #[error("lexicon line {line}: {message}")]
    Malformed { line: usize, message: String },
    /// The text holds no entry at all.
    #[error("the lexicon has no entries")]
    Empty,
}

/// A lexicon: sorted entry lines, searched in place.
#[derive(Clone, Copy)]
pub struct Lexicon<'a> {
    /// The entry lines (the header comments stripped), each ending in '\n' but maybe the last.
    body: &'a str,
    /// Number of lines before `body` (for error line numbers).
    header_lines: usize,
    /// Where each entry line starts in `body`, when an index was built ([`Lexicon::line_starts`]):
    /// lookups then compare keys only, instead of finding line ends as they go.
    lines: Option<&'a LineIndex>,
}

/// Where the entry lines of a lexicon start, and which of them begin with each two-byte prefix:
/// a lookup searches only the few lines of its word's prefix, which lie together in the text,
/// instead of halving all hundred thousand lines, each halving a miss of the processor's cache.
#[derive(Debug, Clone, Default)]
pub struct LineIndex {
    /// The byte offset of each entry line in the body.
    starts: Numbers,
    /// For each two-byte prefix `p` (see [`prefix`]), the first line whose key's prefix is at least
    /// `p`; one more entry at the end: the number of lines.
    buckets: Numbers,
}

/// Number of two-byte prefixes.
const PREFIXES: usize = 1 << 16;

/// A key's first two bytes as a number (a missing byte counts as zero): keys sorted by bytes have
/// non-decreasing prefixes, so the lines of one prefix are consecutive.
fn prefix(key: &[u8]) -> usize {
    let byte = |at: usize| usize::from(key.get(at).copied().unwrap_or(0));
    (byte(0) << 8) | byte(1)
}

impl LineIndex {
    /// The index of the lines of `body` starting at `starts` (in order, their keys sorted
    /// bytewise; a key runs to a tab or the line's end).
    pub fn of_lines(body: &[u8], starts: Vec<u32>) -> LineIndex {
        // counts per prefix, then each prefix's first line (a running sum)
        let mut buckets = vec![0u32; PREFIXES + 1];
        for &start in &starts {
            // the key's first two bytes: a key of one byte is followed by its tab or line end
            let line = body.get(start as usize..).unwrap_or(&[]);
            let two = line.get(..2).unwrap_or(line);
            let key = match two {
                [first, b'\t' | b'\n' | b'\r'] => std::slice::from_ref(first),
                _ => two,
            };
            if let Some(count) = buckets.get_mut(prefix(key) + 1) {
                *count += 1;
            }
        }
        let mut total = 0;
        for bucket in &mut buckets {
            total += *bucket;
            *bucket = total;
        }
        LineIndex {
            starts: starts.into(),
            buckets: buckets.into(),
        }
    }

    /// Where the line of `body` whose key is `key` starts, if one does; a key runs to the first
    /// byte `ends` accepts (a tab, a line end).
    pub fn find(&self, body: &[u8], key: &[u8], ends: impl Fn(u8) -> bool) -> Option<usize> {
        // the line's key against `key`, byte by byte: no scan of the rest of the line
        let compare = |start: usize| {
            let mut line = body.get(start..).unwrap_or(&[]).iter().copied();
            for &k in key {
                match line.next() {
                    Some(b) if !ends(b) && b == k => {}
                    Some(b) if !ends(b) => return b.cmp(&k),
                    // (the line's key is a prefix of `key`)
                    _ => return std::cmp::Ordering::Less,
                }
            }
            match line.next() {
                Some(b) if !ends(b) => std::cmp::Ordering::Greater,
                _ => std::cmp::Ordering::Equal,
            }
        };
        // a binary search among the lines of the key's prefix
        let (mut low, mut high) = self.candidates(key);
        while low < high {
            let middle = low + (high - low) / 2;
            let start = self.starts.get(middle)? as usize;
            match compare(start) {
                std::cmp::Ordering::Less => low = middle + 1,
                std::cmp::Ordering::Greater => high = middle,
                std::cmp::Ordering::Equal => return Some(start),
            }
        }
        None
    }

    /// How many lines the index has.
    pub fn len(&self) -> usize {
        self.starts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// The index as its two tables: the line starts, and each prefix's first line (for a
    /// snapshot to keep; [`LineIndex::from_parts`] takes them back).
    pub fn parts(&self) -> (&Numbers, &Numbers) {
        (&self.starts, &self.buckets)
    }

    /// The index of [`LineIndex::parts`], if they have its shape (a first line for every prefix,
    /// and the lines' count after them).
    pub fn from_parts(starts: Numbers, buckets: Numbers) -> Option<LineIndex> {
        // (the last only: checking every bucket would touch pages a lookup may never need; a
        // disordered table finds nothing where it is disordered, and never reads out of bounds)
        let lines = u32::try_from(starts.len()).ok()?;
        let shaped = buckets.len() == PREFIXES + 1 && buckets.get(PREFIXES) == Some(lines);
        shaped.then_some(LineIndex { starts, buckets })
    }

    /// The lines that may hold `key` (those of its prefix), as a range of places in `starts`.
    fn candidates(&self, key: &[u8]) -> (usize, usize) {
        let p = prefix(key);
        let bound = |at: usize| self.buckets.get(at).map_or(0, |b| b as usize);
        (bound(p), bound(p + 1))
    }
}

impl fmt::Debug for Lexicon<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Lexicon")
            .field("bytes", &self.body.len())
            .finish()
    }
}

impl<'a> Lexicon<'a> {
    /// A lexicon over `text`: leading `#` comment lines, then entries sorted by key. Checks the
    /// first and last entries only (O(1)); [`Lexicon::validate`] checks everything.
    pub fn new(text: &'a str) -> Result<Lexicon<'a>, LexiconError> {
        let mut body = text;
        let mut header_lines = 0;
        while body.starts_with('#') {
            body = body.split_once('\n').map(|(_, rest)| rest).unwrap_or("");
            header_lines += 1;
        }
        let lexicon = Lexicon {
            body,
            header_lines,
            lines: None,
        };
        let trimmed = body.trim_end_matches('\n');
        if trimmed.is_empty() {
            return Err(LexiconError::Empty);
        }
        let first = trimmed.split('\n').next().unwrap_or("");
        let last = trimmed.rsplit('\n').next().unwrap_or("");
        lexicon.check_line(first, header_lines + 1)?;
        // The last line's number costs a pass over the text: counted only to report an error.
        lexicon
            .check_line(last, 0)
            .map_err(|_| {
                let number = header_lines + trimmed.matches('\n').count() + 1;
                lexicon.check_line(last, number).err()
            })
            .map_err(|err| err.unwrap_or(LexiconError::Empty))?;
        Ok(lexicon)
    }

    /// Checks every line: eight fields, well-formed values, keys strictly increasing.
    pub fn validate(&self) -> Result<usize, LexiconError> {
        let mut previous: Option<&str> = None;
        let mut count = 0;
        for (i, line) in self.body.split('\n').enumerate() {
            let number = self.header_lines + i + 1;
            if line.is_empty() && i + 1 == self.body.split('\n').count() {
                break;
            }
            let entry = self.check_line(line, number)?;
            if previous.is_some_and(|p| p.as_bytes() >= entry.key.as_bytes()) {
                return Err(LexiconError::Malformed {
                    line: number,
                    message: format!("{:?} is out of order", entry.key),
                });
            }
            previous = Some(entry.key);
            count += 1;
        }
        Ok(count)
    }

    fn check_line(&self, line: &'a str, number: usize) -> Result<Entry<'a>, LexiconError> {
        let malformed = |message: String| LexiconError::Malformed {
            line: number,
            message,
        };
        let entry = parse_entry(line).map_err(|e| malformed(e.to_string()))?;
        if let Some(bad) = entry.bases.split(',').filter(|b| *b != "-").find(|b| {
            !matches!(
                b.as_bytes(),
                [b'n' | b'v' | b'a' | b'r' | b'x', b':', _, ..]
            )
        }) {
            return Err(malformed(format!("bad base form {bad:?}")));
        }
        if let Some(bad) = list(entry.relations).find(|r| parse_related(r).is_none()) {
            return Err(malformed(format!("bad relation {bad:?}")));
        }
        Ok(entry)
    }

    /// Where each entry line starts in the text: an index for [`Lexicon::with_lines`] (one pass
    /// over the text, about a millisecond for the English lexicon).
    pub fn line_starts(&self) -> LineIndex {
        let bytes = self.body.as_bytes();
        let mut starts = Vec::with_capacity(bytes.len() / 64);
        if !bytes.is_empty() {
            starts.push(0);
        }
        starts.extend(
            memchr::memchr_iter(b'\n', bytes)
                .map(|end| end + 1)
                .filter(|&start| start < bytes.len())
                .map(|start| u32::try_from(start).unwrap_or(u32::MAX)),
        );
        LineIndex::of_lines(bytes, starts)
    }

    /// A lexicon over `body` (the entry lines, header already skipped) with its line index, not
    /// checked again: for a text a [`Lexicon::new`] has accepted before.
    pub fn indexed(body: &'a str, header_lines: usize, lines: &'a LineIndex) -> Lexicon<'a> {
        Lexicon {
            body,
            header_lines,
            lines: Some(lines),
        }
    }

    /// How many comment lines precede the entries.
    pub fn header_lines(&self) -> usize {
        self.header_lines
    }

    /// The length of the entry lines in bytes (the text without its header).
    pub fn body_len(&self) -> usize {
        self.body.len()
    }

    /// This lexicon with the index of its line starts (from [`Lexicon::line_starts`] over the
    /// same text).
    pub fn with_lines(self, lines: &'a LineIndex) -> Lexicon<'a> {
        Lexicon {
            lines: Some(lines),
            ..self
        }
    }

    /// The line starting at byte `start` of the body, without its line end.
    fn line_at(&self, start: usize) -> Option<&'a str> {
        let rest = self.body.get(start..)?;
        Some(rest.split('\n').next().unwrap_or(rest))
    }

    /// Where `entry` (an entry of this lexicon) starts in its text: with [`Lexicon::entry_at`], a
    /// way to remember an entry without borrowing the text.
    pub fn offset_of(&self, entry: &Entry<'a>) -> Option<usize> {
        (entry.key.as_ptr() as usize)
            .checked_sub(self.body.as_ptr() as usize)
            .filter(|&offset| offset < self.body.len())
    }

    /// The entry starting at `offset` of the text ([`Lexicon::offset_of`]).
    pub fn entry_at(&self, offset: usize) -> Option<Entry<'a>> {
        parse_entry(self.line_at(offset)?).ok()
    }

    /// The entry of exactly `word` (already folded), if any.
    pub fn entry(&self, word: &str) -> Option<Entry<'a>> {
        if let Some(lines) = self.lines {
            // (the key runs to the first tab)
            let start = lines.find(self.body.as_bytes(), word.as_bytes(), |b| b == b'\t')?;
            return parse_entry(self.line_at(start)?).ok();
        }
        let line = crate::text::search_sorted(self.body, word, |line| {
            line.split('\t').next().unwrap_or(line)
        })?;
        parse_entry(line).ok()
    }

    /// Base forms of `word` (folded), most likely first: irregular forms and slang expansions, the
    /// word itself if it is a lemma, then morphy's suffix rules (a candidate counts only if the
    /// lexicon has it in that part of speech). "countries" → "country", "went" → "go", "better" →
    /// "good", "better"; "kicked off" → "kick off" (a phrase's first or last word is reduced).
    /// Empty for a word the lexicon cannot place.
    pub fn lemmas(&self, word: &str) -> Vec<&'a str> {
        let mut out: Vec<&'a str> = Vec::new();
        let push = |out: &mut Vec<&'a str>, key: &'a str| {
            if !out.contains(&key) {
                out.push(key);
            }
        };
        let own = self.entry(word);
        if let Some(entry) = own {
            for base in entry.bases() {
                if let Some(b) = self.entry(base) {
                    push(&mut out, b.key);
                }
            }
            if !entry.pos.is_empty() {
                push(&mut out, entry.key);
            }
        }
        let mut candidate = String::with_capacity(word.len() + 2);
        for pos in PartOfSpeech::ALL {
            for (suffix, ending) in pos.rules() {
                let Some(stem) = word.strip_suffix(suffix).filter(|s| !s.is_empty()) else {
                    continue;
                };
                candidate.clear();
                candidate.push_str(stem);
                candidate.push_str(ending);
                if let Some(e) = self.entry(&candidate).filter(|e| e.is(pos)) {
                    push(&mut out, e.key);
                }
            }
        }
        if out.is_empty()
            && let Some((first, rest)) = word.split_once(' ')
        {
            // A phrase: reduce its first word ("kicked off") or its last ("greenhouse gases").
            let first_reduced = self.lemmas(first).into_iter().map(|base| (base, rest));
            let last_reduced = word.rsplit_once(' ').into_iter().flat_map(|(head, last)| {
                self.lemmas(last).into_iter().map(move |base| (head, base))
            });
            for (start, end) in first_reduced.chain(last_reduced) {
                candidate.clear();
                candidate.push_str(start);
                candidate.push(' ');
                candidate.push_str(end);
                if let Some(e) = self.entry(&candidate) {
                    push(&mut out, e.key);
                }
            }
        }
        out
    }

    /// The most likely base form of `word` ([`Lexicon::lemmas`], first).
    pub fn lemma(&self, word: &str) -> Option<&'a str> {
        self.lemmas(word).into_iter().next()
    }

    /// The entry that speaks for `word`: its own if it is a function word or chatter (stop-word
    /// and slang lists win), else the most general of its base forms (lowest weight: "said" reads
    /// as "say", not the adjective "said"; first on a tie).
    pub fn base_entry(&self, word: &str) -> Option<Entry<'a>> {
        let own = self.entry(word);
        if let Some(e) = own.filter(|e| matches!(e.class, WordClass::Function | WordClass::Chatter))
        {
            return Some(e);
        }
        let mut best: Option<Entry<'a>> = None;
        for key in self.lemmas(word) {
            if let Some(e) = self.entry(key)
                && best.is_none_or(|b| e.weight < b.weight)
            {
                best = Some(e);
            }
        }
        best.or(own)
    }

    /// Whether `word` is an English word the lexicon lists as it is (not only through the suffix
    /// rules, which also accept misspellings: "sined" would read as "sin" + "-ed").
    pub fn knows(&self, word: &str) -> bool {
        self.entry(word).is_some()
    }

    /// `word`'s class and weight; a word the lexicon does not know is [`WordClass::Content`] with
    /// weight 1.
    pub fn info(&self, word: &str) -> WordInfo {
        match self.base_entry(word) {
            Some(e) => WordInfo {
                class: e.class,
                weight: e.weight,
            },
            None => WordInfo {
                class: WordClass::Content,
                weight: 1.0,
            },
        }
    }

    /// `word`'s class ([`Lexicon::info`]).
    pub fn class(&self, word: &str) -> WordClass {
        self.info(word).class
    }

    /// Lemmas related to `word` (through its base form), closest first.
    pub fn related(&self, word: &str) -> impl Iterator<Item = Related<'a>> + use<'a> {
        self.base_entry(word).into_iter().flat_map(|e| e.related())
    }

    /// Antonyms of `word` (through its base form): "accept" → "reject", "agree" → "disagree".
    pub fn antonyms(&self, word: &str) -> impl Iterator<Item = &'a str> + use<'a> {
        self.base_entry(word).into_iter().flat_map(|e| e.antonyms())
    }

    /// Whether `word` names an event that did not happen or was undone ("rejected",
    /// "cancellation", "withdraw"): a question built on one may carry a false premise.
    pub fn is_negative_event(&self, word: &str) -> bool {
        self.base_entry(word).is_some_and(|e| e.negative)
    }
}

/// Why one entry line is not an entry (reported as [`LexiconError::Malformed`] with its line).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
enum EntryError {
    #[error("expected {FIELDS} tab-separated fields, {0} is missing")]
    Missing(&'static str),
    #[error("more than {FIELDS} tab-separated fields")]
    TooMany,
    #[error("key {0:?} is not a folded word")]
    Key(String),
    #[error("part of speech {0:?} is not some of n, v, a, r or -")]
    PartOfSpeech(String),
    #[error("class {0:?} is not fn, ch, ge or co")]
    Class(String),
    #[error("weight {0:?} is not a whole number 0 to 100")]
    Weight(String),
    #[error("flags {0:?} are not - or n")]
    Flags(String),
    #[error("{0} is empty (write - for none)")]
    Empty(&'static str),
}

/// Parses one entry line (fields only; [`Lexicon::validate`] checks the lists too).
fn parse_entry(line: &str) -> Result<Entry<'_>, EntryError> {
    let mut fields = line.split('\t');
    let mut next = |name: &'static str| fields.next().ok_or(EntryError::Missing(name));
    let key = next("key")?;
    let pos = next("pos")?;
    let class = next("class")?;
    let weight = next("weight")?;
    let flags = next("flags")?;
    let bases = next("base")?;
    let relations = next("relations")?;
    let antonyms = next("antonyms")?;
    if fields.next().is_some() {
        return Err(EntryError::TooMany);
    }
    let folded = |s: &str| {
        !s.is_empty()
            && !s.starts_with(' ')
            && !s.ends_with(' ')
            && !s.contains("  ")
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b' ')
    };
    if !folded(key) {
        return Err(EntryError::Key(key.to_string()));
    }
    let pos = match pos {
        "-" => "",
        p if p.bytes().all(|b| b"nvar".contains(&b)) && !p.is_empty() => p,
        p => {
            return Err(EntryError::PartOfSpeech(p.to_string()));
        }
    };
    let class = match class {
        "fn" => WordClass::Function,
        "ch" => WordClass::Chatter,
        "ge" => WordClass::General,
        "co" => WordClass::Content,
        c => return Err(EntryError::Class(c.to_string())),
    };
    let weight = match weight.parse::<u8>() {
        Ok(w) if w <= 100 => f32::from(w) / 100.0,
        _ => return Err(EntryError::Weight(weight.to_string())),
    };
    let negative = match flags {
        "-" => false,
        "n" => true,
        f => return Err(EntryError::Flags(f.to_string())),
    };
    for (name, value) in [
        ("base", bases),
        ("relations", relations),
        ("antonyms", antonyms),
    ] {
        if value.is_empty() {
            return Err(EntryError::Empty(name));
        }
    }
    Ok(Entry {
        key,
        pos,
        class,
        weight,
        negative,
        bases,
        relations,
        antonyms,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The English pack's lexicon, as the loader gives it.
    fn en() -> Lexicon<'static> {
        static LANGUAGES: std::sync::OnceLock<Vec<std::sync::Arc<crate::knowledge::Language>>> =
            std::sync::OnceLock::new();
        LANGUAGES
            .get_or_init(|| crate::knowledge::embedded_languages().unwrap())
            .iter()
            .find(|l| l.info.code.code() == "en")
            .and_then(|l| l.lexicon())
            .unwrap()
    }

    fn related(word: &str) -> Vec<(String, Relation)> {
        en().related(word)
            .map(|r| (r.lemma.to_string(), r.relation))
            .collect()
    }

    fn relates(word: &str, to: &str) -> bool {
        related(word).iter().any(|(l, _)| l == to)
    }

    #[test]
    fn every_shipped_line_parses_in_order() {
        let count = en().validate().unwrap();
        assert!(count > 20_000, "{count} entries");
    }

    #[test]
    fn finds_first_last_and_absent_keys() {
        let lexicon = en();
        assert!(lexicon.entry("country").is_some());
        assert!(lexicon.entry("zzzzzz").is_none());
        assert!(lexicon.entry("").is_none());
        assert!(lexicon.entry("0").is_none() || lexicon.entry("0").is_some());
        let tiny = Lexicon::new("a\tn\tco\t50\t-\t-\t-\t-\nb\tn\tco\t50\t-\t-\t-\t-\n").unwrap();
        assert_eq!(tiny.entry("a").map(|e| e.key), Some("a"));
        assert_eq!(tiny.entry("b").map(|e| e.key), Some("b"));
        assert!(tiny.entry("c").is_none());
        assert!(tiny.entry("0").is_none());
    }

    #[test]
    fn the_line_index_finds_what_the_plain_search_finds() {
        let plain = en();
        let index = plain.line_starts();
        let indexed = plain.with_lines(&index);
        let keys: Vec<&str> = plain
            .body
            .lines()
            .map(|line| line.split('\t').next().unwrap_or(line))
            .collect();
        for key in keys
            .iter()
            .step_by(7)
            .chain(keys.first())
            .chain(keys.last())
        {
            assert_eq!(indexed.entry(key).map(|e| e.key), Some(*key), "{key}");
            // a key cut short or lengthened is found by both or by neither
            for near in [
                &key[..key.len() - 1],
                &format!("{key}a"),
                &format!("{key}\u{7f}"),
            ] {
                let (a, b) = (plain.entry(near), indexed.entry(near));
                assert_eq!(a.map(|e| e.key), b.map(|e| e.key), "{near}");
            }
        }
        for absent in ["", "\u{0}", "zzzzzz", "\u{ff}x", "é"] {
            assert!(indexed.entry(absent).is_none(), "{absent:?}");
        }
        let tiny = Lexicon::new("a\tn\tco\t50\t-\t-\t-\t-\nab\tn\tco\t50\t-\t-\t-\t-\n").unwrap();
        let tiny_index = tiny.line_starts();
        let tiny = tiny.with_lines(&tiny_index);
        assert_eq!(tiny.entry("a").map(|e| e.key), Some("a"));
        assert_eq!(tiny.entry("ab").map(|e| e.key), Some("ab"));
        assert!(tiny.entry("b").is_none() && tiny.entry("aa").is_none());
    }

    #[test]
    fn an_entry_is_found_again_at_its_offset_with_or_without_the_line_index() {
        let plain = en();
        let index = plain.line_starts();
        let indexed = plain.with_lines(&index);
        for word in ["said", "countries", "reject", "the", "agreement"] {
            let entry = plain.base_entry(word).unwrap();
            let offset = plain.offset_of(&entry).unwrap();
            assert_eq!(plain.entry_at(offset), Some(entry), "{word}");
            assert_eq!(indexed.entry_at(offset), Some(entry), "{word}");
        }
        let elsewhere = parse_entry("said\ta\tge\t89\t-\tv:say\t-\tother").unwrap();
        assert_eq!(
            plain.offset_of(&elsewhere),
            None,
            "not an entry of this text"
        );
    }

    #[test]
    fn malformed_text_is_a_typed_error_naming_the_line() {
        assert_eq!(
            Lexicon::new("# only a header\n").unwrap_err(),
            LexiconError::Empty
        );
        let err = Lexicon::new("# header\nword\tn\tco\n").unwrap_err();
        assert!(
            matches!(err, LexiconError::Malformed { line: 2, .. }),
            "{err}"
        );
        let err = Lexicon::new("word\tn\txx\t5\t-\t-\t-\t-\n").unwrap_err();
        assert!(err.to_string().contains("class"), "{err}");
        let err = Lexicon::new("Word\tn\tco\t5\t-\t-\t-\t-\n").unwrap_err();
        assert!(err.to_string().contains("folded"), "{err}");
        let err = Lexicon::new("word\tn\tco\t500\t-\t-\t-\t-\n").unwrap_err();
        assert!(err.to_string().contains("weight"), "{err}");
        let err = Lexicon::new("word\tn\tco\t5\t-\t-\tq1:x\t-\n").unwrap_err();
        assert!(err.to_string().contains("relation"), "{err}");
        // Only the ends are checked up front; validate() finds the rest, with its line.
        let text = "a\tn\tco\t5\t-\t-\t-\t-\nb\tn\tco\t5\t-\t-\t-\nc\tn\tco\t5\t-\t-\t-\t-\n";
        let lexicon = Lexicon::new(text).unwrap();
        let err = lexicon.validate().unwrap_err();
        assert!(
            matches!(err, LexiconError::Malformed { line: 2, .. }),
            "{err}"
        );
        assert!(
            lexicon.entry("b").is_none(),
            "a malformed line reads as absent"
        );
        let unsorted = "b\tn\tco\t5\t-\t-\t-\t-\na\tn\tco\t5\t-\t-\t-\t-\n";
        let err = Lexicon::new(unsorted).unwrap().validate().unwrap_err();
        assert!(err.to_string().contains("out of order"), "{err}");
    }

    #[test]
    fn garbage_never_panics() {
        for text in [
            "\n\n\n",
            "\t\t\t\t\t\t\t\n",
            "é\tn\tco\t5\t-\t-\t-\t-",
            "a\n#b\n",
        ] {
            if let Ok(lexicon) = Lexicon::new(text) {
                let _ = lexicon.validate();
                for word in ["a", "é", "", " ", "zz", "ies", "s"] {
                    let _ = (lexicon.class(word), lexicon.lemmas(word));
                    let _ = lexicon.related(word).count() + lexicon.antonyms(word).count();
                }
            }
        }
    }

    #[test]
    fn lemmas_by_morphy() {
        let lexicon = en();
        assert_eq!(lexicon.lemma("countries"), Some("country"));
        assert_eq!(lexicon.lemma("went"), Some("go"));
        assert_eq!(lexicon.lemma("better"), Some("good"));
        assert_eq!(lexicon.lemma("medicines"), Some("medicine"));
        assert_eq!(lexicon.lemma("cooperating"), Some("cooperate"));
        assert_eq!(lexicon.lemma("kicked off"), Some("kick off"));
        assert_eq!(lexicon.lemma("greenhouse gases"), Some("greenhouse gas"));
        assert_eq!(lexicon.lemma("tmr"), Some("tomorrow"));
        assert_eq!(lexicon.lemma("qwertyuiop"), None);
    }

    #[test]
    fn generalises_through_relations() {
        for word in ["occupation", "position"] {
            assert!(relates("job", word), "job -> {word}: {:?}", related("job"));
        }
        assert!(relates("traveller", "traveler"));
        assert!(relates("visitor", "traveler"));
        assert!(relates("tourist", "traveler"));
        assert!(relates("korean", "korea"));
        assert!(relates("malaysian", "malaysia"));
        assert!(related("seoul").contains(&("south korea".to_string(), Relation::PartOf)));
        assert!(related("kuala lumpur").contains(&("malaysia".to_string(), Relation::PartOf)));
        assert!(related("putrajaya").contains(&("malaysia".to_string(), Relation::PartOf)));
        assert!(related("pyongyang").contains(&("north korea".to_string(), Relation::PartOf)));
        assert!(relates("atomic", "nuclear"));
        assert!(relates("kick off", "start"));
        assert!(relates("helm", "leadership"));
        assert!(relates("bloc", "alliance"));
        assert!(relates("apprenticeship", "position"));
        assert!(relates("medicines", "drug"));
        assert!(relates("prime minister", "premier"));
        assert!(relates("prime minister", "head of state"));
        let first = en().related("job").next().unwrap();
        assert_eq!((first.relation, first.sense), (Relation::Synonym, 1));
        assert!(first.weight() > en().related("job").last().unwrap().weight());
    }

    #[test]
    fn classes() {
        let lexicon = en();
        for word in ["the", "whether", "would", "my", "they"] {
            assert_eq!(lexicon.class(word), WordClass::Function, "{word}");
        }
        for word in [
            "sister",
            "mum",
            "uncle",
            "gf",
            "girlfriend",
            "exam",
            "homework",
            "lecturer",
            "quiz",
            "boss",
            "curious",
            "confused",
            "dumb",
            "question",
            "q",
            "sorry",
            "thanks",
            "lol",
            "haha",
            "tbh",
            "omg",
            "rn",
            "tmr",
            "thx",
            "pls",
            "bro",
            "tho",
            "friends",
        ] {
            assert_eq!(lexicon.class(word), WordClass::Chatter, "{word}");
        }
        for word in ["thing", "way", "happened", "said", "big", "people", "news"] {
            assert_eq!(lexicon.class(word), WordClass::General, "{word}");
        }
        for word in [
            "semiconductors",
            "pineapple",
            "france",
            "football",
            "nuclear",
            "korean",
            "putrajaya",
            "qwertyuiop",
        ] {
            assert_eq!(lexicon.class(word), WordClass::Content, "{word}");
        }
        let unknown = lexicon.info("qwertyuiop");
        assert_eq!(unknown.weight, 1.0);
        assert_eq!(lexicon.info("lol").weight, 0.0);
        assert!(lexicon.info("thing").weight < lexicon.info("football").weight);
    }

    #[test]
    fn antonyms_and_negative_events() {
        let lexicon = en();
        let antonyms = |w: &str| lexicon.antonyms(w).collect::<Vec<_>>();
        assert!(antonyms("accept").contains(&"reject"));
        assert!(antonyms("rejected").contains(&"accept"));
        assert!(antonyms("agree").contains(&"disagree"));
        for word in [
            "reject",
            "refused",
            "cancel",
            "abandon",
            "suspend",
            "withdrew",
            "collapse",
            "fail",
            "deny",
            "rejection",
        ] {
            assert!(lexicon.is_negative_event(word), "{word}");
        }
        for word in [
            "conclude", "complete", "finish", "sign", "support", "agree", "launch",
        ] {
            assert!(!lexicon.is_negative_event(word), "{word}");
        }
    }

    /// The README's quality figures: `make_lexicon.py --check` mirrors this lookup, so the counts
    /// of correctly classed words must match what it printed.
    #[test]
    fn class_check_lists_score_as_in_the_readme() {
        let lexicon = en();
        let score = |csv: &str| {
            let rows: Vec<(&str, &str)> = csv
                .lines()
                .filter(|l| !l.starts_with('#') && !l.is_empty())
                .map(|l| {
                    let mut f = l.split(',');
                    (f.next().unwrap(), f.next().unwrap())
                })
                .collect();
            let right = rows
                .iter()
                .filter(|(word, gold)| {
                    let got = match lexicon.class(word) {
                        WordClass::Function => "function",
                        WordClass::Chatter => "chatter",
                        WordClass::General => "general",
                        WordClass::Content => "content",
                    };
                    got == *gold
                })
                .count();
            (right, rows.len())
        };
        let check = include_str!("../../../knowledge/lang/en/build/class-check.csv");
        let holdout = include_str!("../../../knowledge/lang/en/build/class-holdout.csv");
        assert_eq!(score(check), (147, 165));
        assert_eq!(score(holdout), (51, 60));
    }
}
