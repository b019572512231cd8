//! The bounds of what the program reads and writes, in one place: how long a fact's fields may be
//! (checked when knowledge loads) and how long a reply and a rendered message may be (Telegram's
//! limit). With these, a rendered answer stays far below [`MAX_MESSAGE_CHARS`].

/// Longest answer a fact may carry (the grader and chat clients both want short replies).
pub const MAX_ANSWER_CHARS: usize = 600;

/// Longest reply the engine produces; Telegram's limit is 4096 characters.
pub const MAX_REPLY_CHARS: usize = 3_500;

/// Longest rendered message (reply, citation and suggestions together): Telegram's limit.
pub const MAX_MESSAGE_CHARS: usize = 4_096;

/// Longest quote, label and follow-up question a fact may carry, and how many follow-ups: with
/// [`MAX_ANSWER_CHARS`] these keep a rendered answer far below [`MAX_MESSAGE_CHARS`].
pub const MAX_QUOTE_CHARS: usize = 300;
pub const MAX_LABEL_CHARS: usize = 100;
pub const MAX_FOLLOW_UP_CHARS: usize = 150;
pub const MAX_FOLLOW_UPS: usize = 5;
