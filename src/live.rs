//! Hot reload: the library being served ([`Shelf`]) is swapped whole when its packages change on
//! disk, and an edit that does not load is reported while the previous good version keeps serving.
//!
//! The knowledge directory is polled ([`Watcher::poll`], on a thread of its own with [`watch`]):
//! each look reads the size and modification time of every package's files and of the language
//! packs (a few hundred `stat` calls for a hundred packages, well under a millisecond). Polling
//! needs no dependency, works the same on every file system (network mounts and container bind
//! mounts included, where change notifications are unreliable) and sees editors' save-by-rename
//! like any other change. A change is acted on once the files have stayed the same for one more
//! look, so a package saved file by file is read when its last file is written.
//!
//! Only changed packages are read again, fully validated off to the side, and built over the
//! language index the others share; unchanged packages keep their engines. A package that fails
//! to load keeps its previous version (a new package that fails is left out) and is not read again
//! until its files change. A changed language pack reloads every package. The new library replaces
//! the old in one step: a message is answered by one library from start to end.
//!
//! Invariants: the shelf always holds a library that loaded completely; a reload never blocks
//! readers for longer than swapping an `Arc`; nothing here panics.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime};

use crate::core::snapshot::Snapshot as KnowledgeSnapshot;
use crate::engine::{Engine, Index, LanguageIndex, LanguageLayer};
use crate::knowledge::files::{
    is_package, package_dirs, read_languages_over_embedded, read_library, read_package,
};
use crate::knowledge::{
    FILES, Knowledge, LANGUAGE_DIR, Language, LoadError, OPTIONAL_FILES, Problem,
    embedded_languages,
};

use crate::lang::Toolkit;
use crate::languages::{self, LanguagesError};
use crate::library::{
    Library, UnknownStatement, build_engines, build_engines_over, gather_engines, side_by_side,
};
use crate::messages as msg;

/// What the program serves: the engines of the loaded statement packages, and the toolkit they
/// read with (built from the language packs they were loaded with).
#[derive(Debug)]
pub struct Loaded {
    pub engines: Vec<Arc<Engine>>,
    pub toolkit: Toolkit,
}

/// Why the knowledge cannot be served.
#[derive(Debug, Clone, thiserror::Error)]
pub enum LiveError {
    /// A package or language pack does not load.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// The language packs load but a language crate cannot read with them.
    #[error(transparent)]
    Languages(#[from] LanguagesError),
}

/// Reads and builds the engines of every statement package in `dir` (a package, or a directory of
/// them), each package read, validated and indexed on its own thread as cores allow (the language
/// packs read once, and indexed once per language); `None`: the packages compiled into the
/// binary. The language crates read with the same packs (a directory's own `lang/` over the
/// embedded ones). The problems of every package that does not load, together.
pub fn load(dir: Option<&Path>) -> Result<Loaded, LiveError> {
    let Some(dir) = dir else {
        // The built-in knowledge as the build loaded it; parsed afresh when the build could not
        // (the loader then says why) or the snapshot does not read.
        return match communique_snapshot::embedded() {
            Some(Ok(snapshot)) => load_snapshot(snapshot),
            _ => load_beside(|languages| Knowledge::embedded_with_later(languages)),
        };
    };
    if is_package(dir) {
        return load_beside(|languages| Ok(vec![read_package(dir, languages())?]));
    }
    let packages = if dir.is_dir() {
        package_dirs(dir)?
    } else {
        Vec::new()
    };
    if packages.is_empty() {
        // Not a directory, or one without packages: the loader says which.
        let knowledge = read_library(dir)?;
        let toolkit = languages::toolkit(&embedded_languages()?)?;
        let engines = build_engines(knowledge, &toolkit)?;
        return Ok(Loaded { engines, toolkit });
    }
    let languages = read_languages_over_embedded(dir)?;
    let toolkit = languages::toolkit(&languages)?;
    let indexes: Vec<Arc<LanguageIndex>> = languages
        .iter()
        .map(|l| Arc::new(LanguageIndex::new(l, &toolkit)))
        .collect();
    let built = side_by_side(packages.clone(), |path| {
        let knowledge = read_package(&path, &languages)?;
        let index = indexes
            .iter()
            .find(|i| Arc::ptr_eq(i.language(), &knowledge.language));
        Ok(Arc::new(match index {
            Some(index) => Engine::with_language(knowledge, index),
            None => Engine::with_toolkit(knowledge, &toolkit),
        }))
    });
    let names = packages.iter().map(|p| p.display().to_string()).collect();
    let engines = gather_engines(built, names)?;
    Ok(Loaded { engines, toolkit })
}

/// The engines of the packages `parse` reads with the embedded language packs, in two halves side
/// by side: the packages are parsed on a second thread while this one parses the language packs
/// and builds the toolkit and the languages' shared index layers; `parse` asks for the packs
/// (waiting for them) only once a package's own files are parsed.
fn load_beside(
    parse: impl for<'a> FnOnce(&'a dyn Fn() -> &'a [Arc<Language>]) -> Result<Vec<Knowledge>, LoadError>
    + Send,
) -> Result<Loaded, LiveError> {
    let (send, receive) = std::sync::mpsc::sync_channel::<Vec<Arc<Language>>>(1);
    let (prepared, packages) = std::thread::scope(|scope| {
        let packages = scope.spawn(move || {
            // No packs (they failed to load, reported below): the package's own problems only.
            let received = std::cell::OnceCell::new();
            let languages = || {
                received
                    .get_or_init(|| receive.recv().unwrap_or_default())
                    .as_slice()
            };
            parse(&languages)
        });
        let prepared = embedded_languages().map(|languages| {
            // (a closed channel only means the parse is over: it needed no packs)
            let _ = send.send(languages.clone());
            prepare(&languages, Vec::new())
        });
        drop(send);
        (prepared, packages.join())
    });
    let ready = prepared?;
    let packages = packages.unwrap_or_else(|_| {
        Err(LoadError {
            problems: vec![Problem {
                file: "knowledge".to_string(),
                line: None,
                message: msg::LOAD_THREAD_FAILED.to_string(),
            }],
        })
    })?;
    let (toolkit, indexes) = ready?;
    build_beside(toolkit, indexes, |toolkit, indexes| {
        build_engines_over(packages, toolkit, indexes.to_vec())
    })
}

/// The engines of a snapshot of the built-in knowledge: loaded, checked and indexed when the
/// binary was built, so only what the snapshot does not keep is left to build.
fn load_snapshot(snapshot: KnowledgeSnapshot) -> Result<Loaded, LiveError> {
    let KnowledgeSnapshot {
        languages,
        packages,
        language_layers,
        index_layers,
    } = snapshot;
    let (toolkit, indexes) = prepare(&languages, language_layers)?;
    build_beside(toolkit, indexes, |toolkit, indexes| {
        // Every package's index, over its language's shared layer (or, when the snapshot lacks
        // one, every engine built from its knowledge).
        let kept: Option<Vec<(Arc<LanguageIndex>, Index)>> = packages
            .iter()
            .zip(index_layers)
            .map(|(knowledge, layer)| {
                let shared = indexes
                    .iter()
                    .find(|i| Arc::ptr_eq(i.language(), &knowledge.language))?;
                Some((
                    Arc::clone(shared),
                    Index::from_layer(layer?, knowledge, shared)?,
                ))
            })
            .collect();
        let Some(kept) = kept else {
            return build_engines_over(packages, toolkit, indexes.to_vec());
        };
        // (one statement: its engine's other parts are built on the spare core)
        let alone = packages.len() == 1;
        let engines = packages
            .into_iter()
            .zip(kept)
            .map(|(knowledge, (shared, index))| {
                Arc::new(if alone {
                    Engine::with_index_beside(knowledge, &shared, index)
                } else {
                    Engine::with_index(knowledge, &shared, index)
                })
            });
        Ok(engines.collect())
    })
}

/// The engines `build` makes with `toolkit` over the languages' shared index layers `indexes`,
/// while what the translators read every message with, and the languages' places, are made ready
/// on the spare core (not on the main thread before, or on the first question).
fn build_beside(
    toolkit: Toolkit,
    indexes: Vec<Arc<LanguageIndex>>,
    build: impl FnOnce(&Toolkit, &[Arc<LanguageIndex>]) -> Result<Vec<Arc<Engine>>, LoadError>,
) -> Result<Loaded, LiveError> {
    let engines = std::thread::scope(|scope| {
        scope.spawn(|| {
            toolkit.prepare();
            indexes.iter().for_each(|index| index.warm_up());
        });
        build(&toolkit, &indexes)
    })?;
    Ok(Loaded { engines, toolkit })
}

/// The toolkit of `languages`, and the shared index layers of the languages statements are
/// written in (from `layers`, a snapshot's, where it keeps them). A language the toolkit reads
/// by translating it into another (Malay, read as English) gets none ahead: statements are
/// written in the languages translated into, and an index a statement does need is built with
/// its engine ([`build_engines_over`]).
fn prepare(
    languages: &[Arc<Language>],
    layers: Vec<Option<LanguageLayer>>,
) -> Result<(Toolkit, Vec<Arc<LanguageIndex>>), LanguagesError> {
    let toolkit = languages::toolkit(languages)?;
    let translated: Vec<_> = toolkit.translators().iter().map(|t| t.source()).collect();
    let layers = layers.into_iter().chain(std::iter::repeat_with(|| None));
    let indexes = languages
        .iter()
        .zip(layers)
        .filter(|(l, _)| !translated.contains(&l.info.code))
        .map(|(l, layer)| {
            let kept = layer.and_then(|layer| LanguageIndex::from_layer(layer, l, &toolkit));
            Arc::new(kept.unwrap_or_else(|| LanguageIndex::new(l, &toolkit)))
        })
        .collect();
    Ok((toolkit, indexes))
}

/// The library being served; readers take the current one, a reload swaps it.
#[derive(Debug)]
pub struct Shelf {
    current: RwLock<Arc<Library>>,
}

impl Shelf {
    pub fn new(library: Library) -> Shelf {
        Shelf {
            current: RwLock::new(Arc::new(library)),
        }
    }

    /// The library now being served (answer one message with one library).
    pub fn library(&self) -> Arc<Library> {
        match self.current.read() {
            Ok(guard) => Arc::clone(&guard),
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }

    /// Serves `library` from now on.
    pub fn swap(&self, library: Library) {
        let library = Arc::new(library);
        match self.current.write() {
            Ok(mut guard) => *guard = library,
            Err(poisoned) => *poisoned.into_inner() = library,
        }
    }
}

/// Which loaded statements to serve, and which one conversations start in.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// Package ids, in the order to serve them; empty: every package.
    pub statements: Vec<String>,
    /// The home statement; `None`: the implicit one (see [`Library`]).
    pub home: Option<String>,
}

/// A selection naming a statement that is not loaded.
#[derive(Debug, Clone, thiserror::Error)]
pub enum SelectError {
    #[error("{0} (named in telegram.statements); the loaded ones are: {1}")]
    Statement(UnknownStatement, String),
    #[error("{0} (named in telegram.home); the served ones are: {1}")]
    Home(UnknownStatement, String),
    #[error("{0}")]
    Load(LoadError),
}

/// The library of `engines` that `selection` asks for.
pub fn select(engines: Vec<Arc<Engine>>, selection: &Selection) -> Result<Library, SelectError> {
    let chosen = choose(engines, &selection.statements)?;
    let library = Library::from_engines(chosen);
    let ids = ids_of(&library);
    library
        .with_home(selection.home.as_deref())
        .map_err(|e| SelectError::Home(e, ids))
}

fn choose(engines: Vec<Arc<Engine>>, wanted: &[String]) -> Result<Vec<Arc<Engine>>, SelectError> {
    if wanted.is_empty() {
        return Ok(engines);
    }
    let loaded = engines
        .iter()
        .map(|e| e.knowledge().id.clone())
        .collect::<Vec<_>>()
        .join(", ");
    let mut by_id: BTreeMap<String, Arc<Engine>> = engines
        .into_iter()
        .map(|e| (e.knowledge().id.clone(), e))
        .collect();
    wanted
        .iter()
        .map(|id| {
            by_id
                .remove(id)
                .ok_or_else(|| SelectError::Statement(UnknownStatement(id.clone()), loaded.clone()))
        })
        .collect()
}

fn ids_of(library: &Library) -> String {
    library
        .entries()
        .iter()
        .map(|e| e.id().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// What a reload did, for the front end's log.
#[derive(Debug, Clone)]
pub enum Event {
    /// A new library is served.
    Reloaded {
        added: Vec<String>,
        changed: Vec<String>,
        removed: Vec<String>,
        took: Duration,
    },
    /// A package's edit does not load; its previous version (if any) keeps serving.
    Rejected { package: PathBuf, error: LoadError },
    /// The knowledge directory cannot be read as a whole (the library keeps serving).
    Unreadable(LoadError),
    /// The changed language packs load, but a language crate cannot read with them (the library
    /// keeps serving with the previous packs).
    Unusable(LanguagesError),
}

impl std::fmt::Display for Event {
    /// The words of the event, for a log.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let list = |ids: &[String]| {
            if ids.is_empty() {
                "none".to_string()
            } else {
                ids.join(", ")
            }
        };
        match self {
            Event::Reloaded {
                added,
                changed,
                removed,
                took,
            } => f.write_str(
                &msg::RELOAD_DONE
                    .replace("{ms}", &took.as_millis().to_string())
                    .replace("{added}", &list(added))
                    .replace("{changed}", &list(changed))
                    .replace("{removed}", &list(removed)),
            ),
            Event::Rejected { package, error } => write!(
                f,
                "{}\n{error}",
                msg::RELOAD_REJECTED.replace("{package}", &package.display().to_string())
            ),
            Event::Unreadable(error) => write!(f, "{}\n{error}", msg::RELOAD_UNREADABLE),
            Event::Unusable(error) => write!(f, "{}\n{error}", msg::RELOAD_UNREADABLE),
        }
    }
}

/// The size and modification time of each file of a package (or of the language packs).
type Stamp = Vec<(PathBuf, u64, Option<SystemTime>)>;

/// What the knowledge directory looked like.
#[derive(Debug, Clone, Default, PartialEq)]
struct Snapshot {
    languages: Stamp,
    packages: BTreeMap<PathBuf, Stamp>,
}

/// Watches a knowledge directory and builds the library anew when it changes.
#[derive(Debug)]
pub struct Watcher {
    dir: PathBuf,
    selection: Selection,
    /// What the engines of the packages read again are built with.
    toolkit: Toolkit,
    /// What the served library was loaded from (a rejected package counts as loaded).
    loaded: Snapshot,
    /// What the last look saw.
    last: Snapshot,
    /// The package directory each served statement was read from.
    origins: BTreeMap<String, PathBuf>,
}

impl Watcher {
    /// A watcher of `dir` for a library just loaded from it.
    pub fn new(dir: &Path, selection: Selection, toolkit: Toolkit, library: &Library) -> Watcher {
        let snapshot = look(dir);
        let origins = package_paths(dir)
            .into_iter()
            .filter_map(|path| Some((id_of(&path)?, path)))
            .filter(|(id, _)| library.entry(id).is_some())
            .collect();
        Watcher {
            dir: dir.to_path_buf(),
            selection,
            toolkit,
            loaded: snapshot.clone(),
            last: snapshot,
            origins,
        }
    }

    /// Looks at the directory once. When it changed and has stayed the same since the last look,
    /// returns the library to serve next (unchanged packages keep their engines) and what
    /// happened; otherwise nothing.
    pub fn poll(&mut self, current: &Library) -> (Option<Library>, Vec<Event>) {
        let now = look(&self.dir);
        let settled = now == self.last;
        self.last = now.clone();
        if !settled || now == self.loaded {
            return (None, Vec::new());
        }
        let started = Instant::now();
        let mut events = Vec::new();
        let languages = if now.languages == self.loaded.languages {
            Ok(languages_of(current))
        } else {
            read_languages_over_embedded(&self.dir)
        };
        let languages = match languages {
            Ok(languages) => languages,
            Err(error) => {
                self.loaded.languages = now.languages.clone();
                return (None, vec![Event::Unreadable(error)]);
            }
        };
        let all = now.languages != self.loaded.languages;
        // Changed language packs: the language crates read with the new ones.
        let toolkit = if all {
            match languages::toolkit(&languages) {
                Ok(toolkit) => toolkit,
                Err(error) => {
                    self.loaded.languages = now.languages.clone();
                    return (None, vec![Event::Unusable(error)]);
                }
            }
        } else {
            self.toolkit.clone()
        };
        let mut engines: Vec<(PathBuf, Arc<Engine>)> = Vec::new();
        let mut fresh: Vec<(PathBuf, Knowledge)> = Vec::new();
        let (mut added, mut changed) = (Vec::new(), Vec::new());
        for (path, stamp) in &now.packages {
            let old = self
                .origins
                .iter()
                .find(|(_, p)| *p == path)
                .and_then(|(id, _)| current.entry(id))
                .map(|e| Arc::clone(e.engine()));
            let unchanged = !all && self.loaded.packages.get(path) == Some(stamp);
            match (old, unchanged) {
                (Some(engine), true) => engines.push((path.clone(), engine)),
                (None, true) => {}
                (old, false) => match read_package(path, &languages) {
                    Ok(knowledge) => {
                        let id = knowledge.id.clone();
                        if old.is_some() {
                            changed.push(id);
                        } else {
                            added.push(id);
                        }
                        fresh.push((path.clone(), knowledge));
                    }
                    Err(error) => {
                        events.push(Event::Rejected {
                            package: path.clone(),
                            error,
                        });
                        if let Some(engine) = old {
                            engines.push((path.clone(), engine));
                        }
                    }
                },
            }
        }
        let (paths, knowledge): (Vec<PathBuf>, Vec<Knowledge>) = fresh.into_iter().unzip();
        match build_engines(knowledge, &toolkit) {
            Ok(built) => engines.extend(paths.into_iter().zip(built)),
            Err(error) => {
                events.push(Event::Unreadable(error));
                self.loaded = now;
                return (None, events);
            }
        }
        engines.sort_by(|a, b| a.0.cmp(&b.0));
        let removed: Vec<String> = current
            .entries()
            .iter()
            .map(|e| e.id().to_string())
            .filter(|id| !engines.iter().any(|(_, e)| e.knowledge().id == *id))
            .collect();
        self.loaded = now;
        if added.is_empty() && changed.is_empty() && removed.is_empty() {
            return (None, events);
        }
        let library = match self.assemble(engines) {
            Ok(library) => library,
            Err(error) => {
                events.push(error);
                return (None, events);
            }
        };
        self.toolkit = toolkit;
        events.push(Event::Reloaded {
            added,
            changed,
            removed,
            took: started.elapsed(),
        });
        (Some(library), events)
    }

    /// The library of `engines` (by package path) that the selection asks for.
    fn assemble(&mut self, engines: Vec<(PathBuf, Arc<Engine>)>) -> Result<Library, Event> {
        self.origins = engines
            .iter()
            .map(|(path, e)| (e.knowledge().id.clone(), path.clone()))
            .collect();
        let mut engines: Vec<Arc<Engine>> = engines.into_iter().map(|(_, e)| e).collect();
        if !self.selection.statements.is_empty() {
            let wanted = &self.selection.statements;
            engines.retain(|e| wanted.contains(&e.knowledge().id));
            engines.sort_by_key(|e| wanted.iter().position(|w| *w == e.knowledge().id));
        }
        if engines.is_empty() {
            return Err(Event::Unreadable(LoadError {
                problems: vec![crate::knowledge::Problem {
                    file: self.dir.display().to_string(),
                    line: None,
                    message: msg::RELOAD_NOTHING_LEFT.to_string(),
                }],
            }));
        }
        let library = Library::from_engines(engines);
        library.warm_up();
        // A home that is gone falls back to the implicit one rather than stopping the reload.
        let home = self
            .selection
            .home
            .as_deref()
            .filter(|id| library.entry(id).is_some());
        library.with_home(home).map_err(|e| {
            Event::Unreadable(LoadError {
                problems: vec![crate::knowledge::Problem {
                    file: self.dir.display().to_string(),
                    line: None,
                    message: e.to_string(),
                }],
            })
        })
    }
}

/// The language packs `library`'s statements are written in and translated into (shared, so that
/// packages read again use the same packs).
fn languages_of(library: &Library) -> Vec<Arc<Language>> {
    let mut languages: Vec<Arc<Language>> = Vec::new();
    for entry in library.entries() {
        let knowledge = entry.engine().knowledge();
        let own = std::iter::once(&knowledge.language)
            .chain(knowledge.translations.iter().map(|(_, language)| language));
        for language in own {
            if !languages.iter().any(|l| Arc::ptr_eq(l, language)) {
                languages.push(Arc::clone(language));
            }
        }
    }
    languages
}

/// The package directories of `dir` (itself, when it is a package).
fn package_paths(dir: &Path) -> Vec<PathBuf> {
    if is_package(dir) {
        return vec![dir.to_path_buf()];
    }
    package_dirs(dir).unwrap_or_default()
}

/// A package's id as the loader names it: its directory's name.
fn id_of(path: &Path) -> Option<String> {
    path.file_name()
        .map(|name| name.to_string_lossy().into_owned())
}

/// The stamps of everything a library is loaded from under `dir`.
fn look(dir: &Path) -> Snapshot {
    let languages = if is_package(dir) {
        Stamp::new()
    } else {
        let mut stamp = Stamp::new();
        stamp_tree(&dir.join(LANGUAGE_DIR), &mut stamp);
        stamp
    };
    let packages = package_paths(dir)
        .into_iter()
        .map(|path| {
            let stamp = FILES
                .iter()
                .chain(OPTIONAL_FILES.iter())
                .map(|name| stamp_file(&path.join(name)))
                .collect();
            (path, stamp)
        })
        .collect();
    Snapshot {
        languages,
        packages,
    }
}

fn stamp_file(path: &Path) -> (PathBuf, u64, Option<SystemTime>) {
    match std::fs::metadata(path) {
        Ok(meta) => (path.to_path_buf(), meta.len(), meta.modified().ok()),
        Err(_) => (path.to_path_buf(), u64::MAX, None),
    }
}

/// Every file under `dir`, sorted.
fn stamp_tree(dir: &Path, stamp: &mut Stamp) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            stamp_tree(&path, stamp);
        } else {
            stamp.push(stamp_file(&path));
        }
    }
}

/// Polls `dir` every `every` on a thread of its own, serving each new library from `shelf`;
/// `report` hears every event. Stops when the handle is dropped.
pub fn watch(
    shelf: Arc<Shelf>,
    dir: PathBuf,
    selection: Selection,
    toolkit: Toolkit,
    every: Duration,
    report: impl Fn(Event) + Send + 'static,
) -> std::io::Result<Watching> {
    let stop = Arc::new(AtomicBool::new(false));
    let stopping = Arc::clone(&stop);
    let mut watcher = Watcher::new(&dir, selection, toolkit, &shelf.library());
    let thread = std::thread::Builder::new()
        .name("knowledge-reload".to_string())
        .spawn(move || {
            while !stopping.load(Ordering::Relaxed) {
                std::thread::sleep(every);
                let (library, events) = watcher.poll(&shelf.library());
                if let Some(library) = library {
                    shelf.swap(library);
                }
                for event in events {
                    report(event);
                }
            }
        })?;
    Ok(Watching {
        stop,
        thread: Some(thread),
    })
}

/// A running [`watch`]; dropping it stops the polling thread after its current look (without
/// waiting for it).
#[derive(Debug)]
pub struct Watching {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Watching {
    /// Stops the polling thread and waits for it to end.
    pub fn stop(mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Watching {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}
