//! The language crates of the workspace, wired into the core: the [`Toolkit`] every engine the
//! program builds reads with. The core knows no language by name; `communique-malay` gives it
//! Malay (a reader of Malay messages as English, and the stemmer Malay packs name).

use std::sync::Arc;

use communique_core::Toolkit;
use communique_malay::Malay;

/// The toolkit of every language crate the program has.
pub fn toolkit() -> Toolkit {
    let malay = Arc::new(Malay::new());
    Toolkit::default()
        .with_stemmer(malay.clone())
        .with_translator(malay)
}

/// The engine of one statement package, reading with [`toolkit`].
pub fn engine(knowledge: communique_core::Knowledge) -> communique_core::Engine {
    communique_core::Engine::with_toolkit(knowledge, &toolkit())
}

/// The language of `text` as the bot reads it, and the detector's confidence (0: no evidence
/// either way); `None` without a language crate that tells languages apart.
pub fn detect(text: &str) -> Option<(communique_core::Lang, f32)> {
    let tokens = communique_core::text::tokenize(text);
    toolkit()
        .translators()
        .first()
        .map(|translator| translator.detect(&tokens))
}
