//! communique's test support, usable by the CLI (`communique test`), the integration tests and the
//! fuzz targets without the core depending on any of them: the `.dialogue` test format
//! ([`dialogue`]: parser and runner) and what every reply must be ([`invariants`]).

pub mod dialogue;
pub mod invariants;
