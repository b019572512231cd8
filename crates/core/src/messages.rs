//! The core's own messages to whoever runs the program (not the bot's phrases, which are data in
//! the language packs).

/// A package's engine could not be built, at start-up or on a reload (its thread failed): a bug,
/// never a problem of the package's files.
pub const INDEX_NOT_BUILT: &str = "its index could not be built (a bug: please report it)";
