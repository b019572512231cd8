//! The Malay stemmer: affix removal checked against a root-word list.
//!
//! The algorithm is the Enhanced Confix Stripping stemmer (Arifin, Mahendra and Ciptaningtyas
//! 2009, extending Nazief and Adriani 1996), the one behind Sastrawi, adapted to Malay:
//!
//! 1. a word that is a root (`roots.txt`) is its own stem;
//! 2. the inflectional particle (`-lah`, `-kah`, `-tah`, `-pun`), then the possessive (`-ku`,
//!    `-mu`, `-nya`) are removed;
//! 3. the derivational suffix (`-kan`, `-an`, `-i`) is removed, and up to three derivational
//!    prefixes (`meN-`, `peN-`, `ber-`, `per-`, `ter-`, `di-`, `ke-`, `se-`) with their
//!    morphophonemic variants (`menyokong` → `sokong`, `menanam` → `tanam`, `pengerusi` → `kerusi`,
//!    `memperkukuh` → `mem-per-kukuh`), checking the root list after every step; affix pairs the
//!    language never combines (`ber-…-i`, `di-…-an`, `ke-…-i`, `ke-…-kan`, `meN-…-an`, `se-…-i`,
//!    `se-…-kan`, `ter-…-an`) are not tried;
//! 4. if no root is found, the suffixes are restored one by one and step 3 is retried (`-kan` is
//!    retried as `-an`: `pendidikan` is `pen-didik-an`, not `pen-didi-kan`);
//! 5. a word whose affixes lead to no root is returned unchanged, so names and foreign words
//!    (`Malaysia`, `Seoul`, `ASEAN`) are never cut.
//!
//! Reduplication (`negara-negara`, `negara2`, `bermain-main`) is reduced to the single word first.
//! Input is expected folded (lowercase, as `text::tokenize` gives); other words come back as given.

use communique_core::knowledge::WordFile;

use super::Malay;

/// A stem is at least this long (shorter "roots" are nearly always accidents: `di-a`).
const MIN_ROOT: usize = 3;
/// At most this many prefixes are removed (`di-per-ke-…` is already rare).
const MAX_PREFIXES: usize = 3;

impl Malay {
    /// Whether `word` is in the pack's root-word list.
    pub fn is_root(&self, word: &str) -> bool {
        self.data.roots.contains(word)
    }

    /// The root of a Malay word, or the word itself when no affix removal leads to a known root.
    pub fn stem(&self, word: &str) -> String {
        stem(&self.data.roots, word)
    }
}

fn stem(roots: &WordFile, word: &str) -> String {
    if let Some(single) = unreduplicated(word) {
        return stem(roots, single);
    }
    if word.len() <= MIN_ROOT
        || !word.bytes().all(|b| b.is_ascii_lowercase())
        || roots.contains(word)
    {
        return word.to_string();
    }
    search(roots, word).unwrap_or_else(|| word.to_string())
}

/// `negara-negara` → `negara`; `negara2` → `negara`; `bermain-main` → `bermain`.
fn unreduplicated(word: &str) -> Option<&str> {
    if let Some(base) = word.strip_suffix('2')
        && !base.is_empty()
        && base.bytes().all(|b| b.is_ascii_lowercase())
    {
        return Some(base);
    }
    let (first, second) = word.split_once('-')?;
    (!first.is_empty() && !second.is_empty() && first.ends_with(second)).then_some(first)
}

/// The prefix families (for the forbidden affix pairs and to avoid removing one twice).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Prefix {
    Di,
    Ke,
    Se,
    Ter,
    Ber,
    Per,
    Pe,
    Me,
}

/// Suffixes, in the order they are tried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Suffix {
    Kan,
    An,
    I,
    None,
}

fn search(roots: &WordFile, word: &str) -> Option<String> {
    let is_root = |w: &str| roots.contains(w);
    for without_particle in removals(word, &["lah", "kah", "tah", "pun"]) {
        for base in removals(without_particle, &["nya", "ku", "mu"]) {
            if base.len() >= MIN_ROOT && is_root(base) {
                return Some(base.to_string());
            }
            for (stripped, suffix) in suffix_options(base) {
                if stripped.len() >= MIN_ROOT && is_root(stripped) {
                    return Some(stripped.to_string());
                }
                if let Some(root) = strip_prefixes(roots, stripped, suffix, None, 0) {
                    return Some(root);
                }
            }
        }
    }
    None
}

/// `word` without one of `endings` (if it has one and something is left), then `word` itself.
fn removals<'a>(word: &'a str, endings: &[&str]) -> Vec<&'a str> {
    let mut out = Vec::with_capacity(2);
    if let Some(rest) = endings
        .iter()
        .find_map(|e| word.strip_suffix(e))
        .filter(|rest| rest.len() >= MIN_ROOT)
    {
        out.push(rest);
    }
    out.push(word);
    out
}

/// The word with its derivational suffix removed, most removed first, then as it is.
fn suffix_options(word: &str) -> Vec<(&str, Suffix)> {
    let mut out = Vec::with_capacity(3);
    if let Some(rest) = word.strip_suffix("kan") {
        out.push((rest, Suffix::Kan));
    }
    if let Some(rest) = word.strip_suffix("an") {
        out.push((rest, Suffix::An));
    } else if let Some(rest) = word.strip_suffix('i') {
        out.push((rest, Suffix::I));
    }
    out.retain(|(rest, _)| rest.len() >= MIN_ROOT);
    out.push((word, Suffix::None));
    out
}

/// Affix pairs Malay never combines (the confix restrictions of the ECS algorithm).
fn forbidden(prefix: Prefix, suffix: Suffix) -> bool {
    matches!(
        (prefix, suffix),
        (Prefix::Ber, Suffix::I)
            | (Prefix::Di, Suffix::An)
            | (Prefix::Ke, Suffix::I | Suffix::Kan)
            | (Prefix::Me, Suffix::An)
            | (Prefix::Se, Suffix::I | Suffix::Kan)
            | (Prefix::Ter, Suffix::An)
    )
}

/// Removes up to [`MAX_PREFIXES`] prefixes from `word`, checking the root list after each.
fn strip_prefixes(
    roots: &WordFile,
    word: &str,
    suffix: Suffix,
    previous: Option<Prefix>,
    depth: usize,
) -> Option<String> {
    if depth >= MAX_PREFIXES {
        return None;
    }
    let is_root = |w: &str| roots.contains(w);
    let options = prefix_options(word);
    let allowed =
        |prefix: Prefix| Some(prefix) != previous && !(depth == 0 && forbidden(prefix, suffix));
    // Every reading of this prefix first, then the prefixes under it.
    for (prefix, candidate) in &options {
        if allowed(*prefix) && candidate.len() >= MIN_ROOT && is_root(candidate) {
            return Some(candidate.clone());
        }
    }
    for (prefix, candidate) in &options {
        if allowed(*prefix)
            && candidate.len() >= MIN_ROOT
            && let Some(root) = strip_prefixes(roots, candidate, suffix, Some(*prefix), depth + 1)
        {
            return Some(root);
        }
    }
    None
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u')
}

fn starts_with_vowel(word: &str) -> bool {
    word.chars().next().is_some_and(is_vowel)
}

/// `be-C-er…`, `pe-C-er…`: `bekerja` is `be-kerja`, `pekerja` is `pe-kerja`.
fn consonant_er(rest: &str) -> bool {
    let mut chars = rest.chars();
    matches!(
        (chars.next(), chars.next(), chars.next()),
        (Some(c), Some('e'), Some('r')) if !is_vowel(c) && c != 'r'
    )
}

/// Every way `word` may start with a prefix: (prefix, what is left with the root's first sound
/// restored).
fn prefix_options(word: &str) -> Vec<(Prefix, String)> {
    let mut out: Vec<(Prefix, String)> = Vec::new();
    let mut push = |prefix: Prefix, rest: String| out.push((prefix, rest));
    if let Some(rest) = word.strip_prefix("di") {
        push(Prefix::Di, rest.to_string());
    }
    if let Some(rest) = word.strip_prefix("ke") {
        push(Prefix::Ke, rest.to_string());
    }
    if let Some(rest) = word.strip_prefix("se") {
        push(Prefix::Se, rest.to_string());
    }
    // ter-, ber-, per- (before a vowel the r may be the root's: ber-unding / be-runding)
    for (head, prefix) in [
        ("ter", Prefix::Ter),
        ("ber", Prefix::Ber),
        ("per", Prefix::Per),
    ] {
        if let Some(rest) = word.strip_prefix(head) {
            push(prefix, rest.to_string());
            if starts_with_vowel(rest) {
                push(prefix, format!("r{rest}"));
            }
        }
    }
    for (head, prefix) in [("be", Prefix::Ber), ("pe", Prefix::Pe)] {
        if let Some(rest) = word.strip_prefix(head)
            && consonant_er(rest)
        {
            push(prefix, rest.to_string());
        }
    }
    // bel-ajar, pel-ajar
    for (head, prefix) in [("belajar", Prefix::Ber), ("pelajar", Prefix::Pe)] {
        if word.starts_with(head)
            && let Some(rest) = word.get(3..)
        {
            push(prefix, rest.to_string());
        }
    }
    nasal_options(word, "me", Prefix::Me, &mut push);
    nasal_options(word, "pe", Prefix::Pe, &mut push);
    out
}

/// meN- and peN- (`head` is `me` or `pe`): the nasal assimilates to the root's first sound and
/// replaces a voiceless one (p, t, k, s), which is restored here.
fn nasal_options(word: &str, head: &str, prefix: Prefix, push: &mut impl FnMut(Prefix, String)) {
    let Some(after) = word.strip_prefix(head) else {
        return;
    };
    if let Some(rest) = after.strip_prefix("ng") {
        match rest.chars().next() {
            Some('g' | 'h' | 'k' | 'q') => push(prefix, rest.to_string()),
            Some(c) if is_vowel(c) => {
                push(prefix, rest.to_string());
                push(prefix, format!("k{rest}"));
            }
            _ => {}
        }
        // menge-/penge- before a one-syllable root (mengebom, pengeboman); tried last, as
        // meng-enal is mengenal's reading
        if let Some(rest) = rest.strip_prefix('e')
            && !starts_with_vowel(rest)
        {
            push(prefix, rest.to_string());
        }
        return;
    }
    if let Some(rest) = after.strip_prefix("ny") {
        if starts_with_vowel(rest) {
            push(prefix, format!("s{rest}"));
            push(prefix, format!("ny{rest}"));
        }
        return;
    }
    if let Some(rest) = after.strip_prefix('m') {
        match rest.chars().next() {
            Some('b' | 'f' | 'v' | 'p') => push(prefix, rest.to_string()),
            Some(c) if is_vowel(c) => {
                push(prefix, format!("p{rest}"));
                push(prefix, format!("m{rest}"));
            }
            _ => {}
        }
        return;
    }
    if let Some(rest) = after.strip_prefix('n') {
        match rest.chars().next() {
            Some('c' | 'd' | 'j' | 'z' | 't' | 's') => push(prefix, rest.to_string()),
            Some(c) if is_vowel(c) => {
                push(prefix, format!("t{rest}"));
                push(prefix, format!("n{rest}"));
            }
            _ => {}
        }
        return;
    }
    // me-/pe- before l, r, w, y (and m, n of the root itself: me-nanti is men-anti above)
    if matches!(after.chars().next(), Some('l' | 'r' | 'w' | 'y')) {
        push(prefix, after.to_string());
    }
}

#[cfg(test)]
mod tests {
    use crate::tests::malay;

    #[track_caller]
    fn check(word: &str, root: &str) {
        assert_eq!(malay().stem(word), root, "stem({word:?})");
    }

    #[test]
    fn strips_prefixes_and_suffixes_of_real_words() {
        for (word, root) in [
            ("ditandatangani", "tandatangan"),
            ("menandatangani", "tandatangan"),
            ("perkongsian", "kongsi"),
            ("pelancongan", "lancong"),
            ("pelancong", "lancong"),
            ("mempercepatkan", "cepat"),
            ("pertahanan", "tahan"),
            ("kesihatan", "sihat"),
            ("pendidikan", "didik"),
            ("latihan", "latih"),
            ("rundingan", "runding"),
            ("berunding", "runding"),
            ("menyokong", "sokong"),
            ("sokongan", "sokong"),
            ("keselamatan", "selamat"),
            ("berkomitmen", "komitmen"),
            ("memperkukuh", "kukuh"),
            ("memperkukuhkan", "kukuh"),
            ("perdagangan", "dagang"),
            ("perjanjian", "janji"),
            ("pertanian", "tani"),
            ("pembangunan", "bangun"),
            ("pelaburan", "labur"),
            ("bersetuju", "setuju"),
            ("persetujuan", "setuju"),
            ("lawatan", "lawat"),
            ("melawat", "lawat"),
            ("bekerjasama", "kerjasama"),
            ("pengerusi", "kerusi"),
            ("mempengerusikan", "kerusi"),
            ("kepengerusian", "kerusi"),
            ("menanam", "tanam"),
            ("mengambil", "ambil"),
            ("mengenal", "kenal"),
            ("memukul", "pukul"),
            ("membangun", "bangun"),
            ("pelajar", "ajar"),
            ("belajar", "ajar"),
            ("bekerja", "kerja"),
            ("terlibat", "libat"),
            ("melibatkan", "libat"),
            ("dilancarkan", "lancar"),
            ("mengukuhkan", "kukuh"),
            ("diadakan", "ada"),
            ("kenyataan", "nyata"),
            ("pelepasan", "lepas"),
            ("perubahan", "ubah"),
            ("kecerdasan", "cerdas"),
            ("buatan", "buat"),
            ("menyambut", "sambut"),
            ("sambutan", "sambut"),
            ("mengurangkan", "kurang"),
            ("mengebom", "bom"),
        ] {
            check(word, root);
        }
    }

    #[test]
    fn strips_particles_and_possessives() {
        check("bilakah", "bila");
        check("inilah", "ini");
        check("siapakah", "siapa");
        check("tujuannya", "tuju");
        check("kesihatannya", "sihat");
        check("dialah", "dia");
    }

    #[test]
    fn reduces_reduplication() {
        check("negara-negara", "negara");
        check("negara2", "negara");
        check("memorandum-memorandum", "memorandum");
    }

    #[test]
    fn roots_and_names_are_not_over_stemmed() {
        for word in [
            "malaysia",
            "korea",
            "seoul",
            "asean",
            "makan",
            "bahan",
            "kerjasama",
            "selatan",
            "utara",
            "mesyuarat",
            "ekonomi",
            "teknologi",
            "strategik",
            "vaksin",
            "hidrogen",
            "anwar",
            "yoon",
            "gaza",
            "tandatangan",
            "masalah",
            "iklim",
            "memorandum",
            "digital",
        ] {
            check(word, word);
        }
    }

    #[test]
    fn english_words_pass_unchanged() {
        for word in [
            "meeting",
            "discussed",
            "defence",
            "president",
            "agreement",
            "being",
            "seal",
            "dinner",
            "mentioned",
            "kind",
            "telecoms",
            "between",
            "sign",
        ] {
            check(word, word);
        }
    }

    #[test]
    fn odd_input_never_panics() {
        let malay = malay();
        for word in [
            "", "a", "-", "--", "2", "22", "me", "meng", "menge", "peny", "di-", "-di", "ke2", "ß",
            "日本", "x-x", "berr", "memper", "diper", "kekeke", "sesese", "mengkaji",
        ] {
            let _ = malay.stem(word);
        }
        assert_eq!(malay.stem("ÉCOLE"), "ÉCOLE");
    }
}
