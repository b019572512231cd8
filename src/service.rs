//! What the long-running front ends share (`communique telegram` and `communique serve`): the
//! stop signals, and hot reload of the knowledge directory with its log lines. Both front ends
//! also share the library being served ([`crate::live::Shelf`]), the language toolkit
//! ([`crate::languages`]), the configuration file ([`crate::telegram::config`]) and the storages
//! ([`crate::telegram::storage`]).

use std::sync::Arc;
use std::time::Duration;

use crate::lang::Toolkit;
use crate::live::{self, Selection, Shelf};

/// SIGTERM and SIGINT (Ctrl-C), each delivery counted once.
pub struct Signals {
    #[cfg(unix)]
    term: Option<tokio::signal::unix::Signal>,
    #[cfg(unix)]
    int: Option<tokio::signal::unix::Signal>,
}

impl Signals {
    /// Listens for SIGTERM and SIGINT from now on.
    pub fn install() -> Signals {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            Signals {
                term: signal(SignalKind::terminate()).ok(),
                int: signal(SignalKind::interrupt()).ok(),
            }
        }
        #[cfg(not(unix))]
        Signals {}
    }

    /// Waits for the next signal.
    pub async fn recv(&mut self) {
        #[cfg(unix)]
        {
            async fn one(signal: &mut Option<tokio::signal::unix::Signal>) {
                match signal {
                    Some(signal) => {
                        signal.recv().await;
                    }
                    None => std::future::pending::<()>().await,
                }
            }
            tokio::select! {
                _ = one(&mut self.term) => {}
                _ = one(&mut self.int) => {}
            }
        }
        #[cfg(not(unix))]
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// Watches `dir` for changed packages, logging each reload and each rejected edit.
pub fn watch_knowledge(
    shelf: &Arc<Shelf>,
    dir: std::path::PathBuf,
    selection: Selection,
    toolkit: Toolkit,
    every: Duration,
) -> Option<live::Watching> {
    let report = |event: live::Event| match &event {
        live::Event::Reloaded { .. } => tracing::info!("{}", event),
        live::Event::Rejected { .. } | live::Event::Unreadable(_) | live::Event::Unusable(_) => {
            tracing::error!("{}", event)
        }
    };
    match live::watch(Arc::clone(shelf), dir, selection, toolkit, every, report) {
        Ok(watching) => Some(watching),
        Err(err) => {
            tracing::warn!(error = %err, "cannot watch the knowledge directory; changes need a restart");
            None
        }
    }
}
