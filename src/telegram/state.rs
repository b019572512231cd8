//! One chat's state as the dialogue storage keeps it, and the language a chat's replies are in.
//!
//! A leaf of the bot: the storage serialises [`State`], the handlers read and write it, and
//! neither needs the other to know what a chat's state is.

use serde::{Deserialize, Serialize};

use crate::conversation::Conversation;
use crate::engine::Engine;
use crate::lang::Lang;
use crate::library::Library;

/// One chat's state. Persistent storages keep it as versioned JSON (see
/// [`super::storage::Versioned`]): a change to its shape, or to `Conversation`'s, discards old
/// stored values cleanly; raise [`super::storage::STATE_VERSION`] when old values would parse but
/// mean something else.
// A state is built once per update and stored as JSON: the unit variant being smaller than the
// conversation costs nothing worth a box (which would not change the stored shape anyway).
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub enum State {
    /// Nothing asked yet (or just reset).
    #[default]
    Start,
    /// A conversation in progress: the engine's whole [`Conversation`], stored as it is.
    Chatting { conversation: Conversation },
}

impl State {
    /// The conversation to continue.
    pub fn conversation(&self) -> Conversation {
        match self {
            State::Start => Conversation::default(),
            State::Chatting { conversation } => conversation.clone(),
        }
    }

    /// The language the chat's replies are in: the fixed choice, else the chat's language, else
    /// `hint` (the user's Telegram language), else the statement's.
    pub fn reply_lang(&self, engine: &Engine, hint: Option<Lang>) -> Lang {
        let mut conversation = self.conversation();
        conversation.lang = conversation.lang.or(hint);
        engine.reply_lang(&conversation)
    }
}

/// The language a Telegram user's app is set to, as a hint (`ms`, `id`, `en-GB`), as the
/// library's language packs read it.
pub fn language_hint(user: Option<&teloxide::types::User>, library: &Library) -> Option<Lang> {
    library.lang_of(user?.language_code.as_deref()?)
}
