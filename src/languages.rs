//! The language crates of the workspace, wired into the core: the [`Toolkit`] every engine the
//! program builds reads with. The core knows no language by name; `communique-malay` gives it
//! Malay (a reader of Malay messages as English, and the stemmer Malay packs name), built from the
//! loaded language packs: the embedded ones, or those of `--knowledge DIR` laid over them, so a
//! knowledge directory's own `lang/ms/` changes how Malay is read.

use std::sync::Arc;

use communique_core::knowledge::{Knowledge, Language, LoadError, embedded_languages};
use communique_core::{Engine, Lang, Toolkit};
use communique_malay::{ENGLISH, MALAY, Malay, MalayError};

/// Why the language crates cannot read with the loaded packs.
#[derive(Debug, Clone, thiserror::Error)]
pub enum LanguagesError {
    /// The Malay pack cannot be read with (a table or section it needs is missing).
    #[error(transparent)]
    Malay(#[from] MalayError),
    /// The embedded language packs do not load (a broken build).
    #[error(transparent)]
    Load(#[from] LoadError),
}

/// The toolkit of every language crate the program has, reading with `languages` (the packs the
/// knowledge was loaded with): Malay when there is a Malay pack and the pack its dictionary
/// translates into. Its tables are indexed on first use, or at once by [`Toolkit::warm_up`].
pub fn toolkit(languages: &[Arc<Language>]) -> Result<Toolkit, LanguagesError> {
    let find = |code: Lang| languages.iter().find(|l| l.info.code == code);
    let mut toolkit = Toolkit::default();
    if let Some(malay) = find(MALAY) {
        let malay = with_built_in_reader(malay)?;
        let into = malay.reader.as_ref().map_or(ENGLISH, |r| r.into);
        if let Some(target) = find(into) {
            let malay = Arc::new(Malay::new(&malay, target)?);
            toolkit = toolkit.with_stemmer(malay.clone()).with_translator(malay);
        }
    }
    Ok(toolkit)
}

/// The Malay pack `malay`, with what it lacks of a reader's parts (its roots, dictionary,
/// shorthand and `[reader]` section) taken from the built-in Malay pack: a knowledge directory's
/// `lang/ms/` written before those were part of the knowledge format reads Malay as before, and
/// one that has them reads with its own.
fn with_built_in_reader(malay: &Arc<Language>) -> Result<Arc<Language>, LoadError> {
    let complete = malay.roots.is_some()
        && malay.dictionary.is_some()
        && malay.reader.is_some()
        && !malay.shorthand.is_empty();
    if complete {
        return Ok(Arc::clone(malay));
    }
    let built_in = embedded_languages()?;
    let Some(built_in) = built_in.iter().find(|l| l.info.code == malay.info.code) else {
        return Ok(Arc::clone(malay));
    };
    let mut pack = Language::clone(malay);
    if pack.roots.is_none() {
        pack.roots.clone_from(&built_in.roots);
    }
    if pack.dictionary.is_none() {
        pack.dictionary.clone_from(&built_in.dictionary);
    }
    if pack.reader.is_none() {
        pack.reader.clone_from(&built_in.reader);
    }
    if pack.shorthand.is_empty() {
        pack.shorthand.clone_from(&built_in.shorthand);
    }
    Ok(Arc::new(pack))
}

/// The language packs `knowledge` was loaded with (its own and its translations'), over the
/// embedded ones for the languages it does not name.
pub fn languages_of(knowledge: &Knowledge) -> Result<Vec<Arc<Language>>, LoadError> {
    let mut languages = embedded_languages()?;
    let own = std::iter::once(&knowledge.language)
        .chain(knowledge.translations.iter().map(|(_, language)| language));
    for language in own {
        languages.retain(|l| l.info.code != language.info.code);
        languages.push(Arc::clone(language));
    }
    Ok(languages)
}

/// The engine of one statement package, reading with the [`toolkit`] of its packs.
pub fn engine(knowledge: Knowledge) -> Result<Engine, LanguagesError> {
    let toolkit = toolkit(&languages_of(&knowledge)?)?;
    Ok(Engine::with_toolkit(knowledge, &toolkit))
}

/// The language of `text` as `toolkit` reads it, and the detector's confidence (0: no evidence
/// either way); `None` without a language crate that tells languages apart.
pub fn detect(toolkit: &Toolkit, text: &str) -> Option<(Lang, f32)> {
    let tokens = communique_core::text::tokenize(text);
    toolkit
        .translators()
        .first()
        .map(|translator| translator.detect(&tokens))
}
