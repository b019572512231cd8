//! The API's handlers: `POST /v1/ask` and the read-only routes, and the JSON errors.
//!
//! `POST /v1/ask` takes `{"q": "...", "session": "...", "lang": "auto|en|ms", "statement": "id",
//! "choice": "fact id"}` (only `q` is required) and answers with the batch protocol's reply object
//! ([`crate::render::json`]'s fields) plus `session` and, for a reply with a source, `citation`:
//! the source line as the REPL and the bot show it, in the reply's language.
//!
//! - `session`: the id an earlier reply returned; without one (or with one the storage does not
//!   have) a new session starts and its id comes back.
//! - `lang`: `auto` lets each question choose the reply language; a code fixes it, from this
//!   question on (as `--lang` and `/lang` do).
//! - `statement`: answer from this statement (it becomes the session's statement in use).
//! - `choice`: a clarification's choice (the fact id of one of its `choices`), with the choice's
//!   label as `q`; a choice that is no fact reads `q` as a question.

use std::sync::Arc;
use std::time::Instant;

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::App;
use super::sessions::{Loaded, SessionId};
use crate::conversation::Conversation;
use crate::lang::Lang;
use crate::library::{Library, Routed, Routing};
use crate::messages as msg;
use crate::reply::Reply;
use crate::telegram::handlers::State as ChatState;

/// A refusal: the status, a stable code for programs, and a message for people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
}

impl ApiError {
    fn new(status: StatusCode, code: &'static str, message: String) -> ApiError {
        ApiError {
            status,
            code,
            message,
        }
    }

    pub fn rate_limited(seconds: u64) -> ApiError {
        ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limited",
            msg::API_RATE_LIMITED.replace("{seconds}", &seconds.to_string()),
        )
    }

    pub fn not_found(path: &str) -> ApiError {
        // The path is shown as JSON text, never as markup; cut it so a long one cannot bloat
        // the answer.
        let shown: String = path.chars().take(200).collect();
        ApiError::new(
            StatusCode::NOT_FOUND,
            "not_found",
            msg::API_NOT_FOUND.replace("{path}", &shown),
        )
    }

    pub fn method_not_allowed() -> ApiError {
        ApiError::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
            msg::API_METHOD_NOT_ALLOWED.to_string(),
        )
    }

    pub fn stopping() -> ApiError {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "stopping",
            msg::API_STOPPING.to_string(),
        )
    }

    fn unknown_statement(id: &str) -> ApiError {
        let shown: String = id.chars().take(100).collect();
        ApiError::new(
            StatusCode::NOT_FOUND,
            "unknown_statement",
            msg::API_UNKNOWN_STATEMENT.replace("{id}", &format!("{shown:?}")),
        )
    }

    fn bad(code: &'static str, message: String) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, code, message)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = json!({"error": {"code": self.code, "message": self.message}});
        let mut response = (self.status, Json(body)).into_response();
        if self.status == StatusCode::SERVICE_UNAVAILABLE {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, header::HeaderValue::from_static("1"));
        }
        response
    }
}

/// A question, as `POST /v1/ask` reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ask {
    pub q: String,
    pub session: Option<String>,
    pub lang: Option<String>,
    pub statement: Option<String>,
    pub choice: Option<String>,
}

/// Reads the request: its content type, its size, its JSON. Nothing is touched before this has
/// passed.
pub fn read_ask(
    headers: &HeaderMap,
    body: Result<Bytes, BytesRejection>,
    max_body: usize,
) -> Result<Ask, ApiError> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
    let is_json = content_type.as_deref().is_some_and(|t| {
        t.split(';')
            .next()
            .is_some_and(|media| media.trim().eq_ignore_ascii_case("application/json"))
    });
    let body = match body {
        Ok(body) => body,
        Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            return Err(too_large(max_body));
        }
        Err(rejection) => {
            return Err(ApiError::bad(
                "unreadable_body",
                msg::API_BODY_UNREADABLE.replace("{reason}", &rejection.body_text()),
            ));
        }
    };
    if body.len() > max_body {
        return Err(too_large(max_body));
    }
    if !is_json {
        let got: String = content_type
            .map_or_else(|| "none".to_string(), |t| format!("{t:?}"))
            .chars()
            .take(100)
            .collect();
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            msg::API_CONTENT_TYPE.replace("{got}", &got),
        ));
    }
    let value: Value = serde_json::from_slice(&body).map_err(|e| {
        ApiError::bad(
            "malformed_json",
            msg::API_MALFORMED_JSON.replace("{reason}", &e.to_string()),
        )
    })?;
    let Value::Object(object) = value else {
        return Err(ApiError::bad(
            "malformed_json",
            msg::API_MALFORMED_JSON.replace("{reason}", "it is not an object"),
        ));
    };
    let q = match object.get("q") {
        None | Some(Value::Null) => {
            return Err(ApiError::bad("missing_q", msg::API_MISSING_Q.to_string()));
        }
        Some(_) => string_field(&object, "q")?.unwrap_or_default(),
    };
    Ok(Ask {
        q,
        session: string_field(&object, "session")?,
        lang: string_field(&object, "lang")?,
        statement: string_field(&object, "statement")?,
        choice: string_field(&object, "choice")?,
    })
}

fn too_large(max_body: usize) -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "body_too_large",
        msg::API_BODY_TOO_LARGE.replace("{limit}", &max_body.to_string()),
    )
}

/// A string field, absent or null as `None`; any other type is refused.
fn string_field(object: &Map<String, Value>, field: &str) -> Result<Option<String>, ApiError> {
    match object.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(text.clone())),
        Some(_) => Err(ApiError::bad(
            "wrong_type",
            msg::API_NOT_A_STRING.replace("{field}", field),
        )),
    }
}

/// `lang` read against the library: `Some(None)` for `auto`, `Some(Some(lang))` for a language
/// replies can be given in.
fn lang_choice(library: &Library, lang: Option<&str>) -> Result<Option<Option<Lang>>, ApiError> {
    let Some(word) = lang else {
        return Ok(None);
    };
    if word.eq_ignore_ascii_case("auto") {
        return Ok(Some(None));
    }
    let known = reply_languages(library);
    match library.lang_of(word).filter(|l| known.contains(l)) {
        Some(lang) => Ok(Some(Some(lang))),
        None => {
            let codes: Vec<&str> = known.iter().map(Lang::code).collect();
            Err(ApiError::bad(
                "unknown_lang",
                msg::API_UNKNOWN_LANG.replace("{codes}", &format!("auto, {}", codes.join(", "))),
            ))
        }
    }
}

/// Every language some statement can reply in, sorted.
fn reply_languages(library: &Library) -> Vec<Lang> {
    let mut known: Vec<Lang> = library
        .entries()
        .iter()
        .flat_map(|e| e.engine().languages())
        .collect();
    known.sort();
    known.dedup();
    known
}

/// `POST /v1/ask`.
pub async fn ask(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let started = Instant::now();
    let request = match read_ask(&headers, body, app.max_body) {
        Ok(request) => request,
        Err(error) => return error.into_response(),
    };
    let library = app.shelf.library();
    let lang = match lang_choice(&library, request.lang.as_deref()) {
        Ok(lang) => lang,
        Err(error) => return error.into_response(),
    };
    if let Some(id) = &request.statement
        && library.entry(id).is_none()
    {
        return ApiError::unknown_statement(id).into_response();
    }
    let known = request.session.as_deref().and_then(SessionId::parse);
    let (id, state) = match known {
        Some(id) => match app.sessions.load(&id).await {
            Loaded::Found(state) => (id, *state),
            // The storage failed: answer without context, under the same id.
            Loaded::Failed => (id, ChatState::Start),
            Loaded::Missing => match new_session(&app) {
                Ok(id) => (id, ChatState::Start),
                Err(error) => return error.into_response(),
            },
        },
        None => match new_session(&app) {
            Ok(id) => (id, ChatState::Start),
            Err(error) => return error.into_response(),
        },
    };
    let mut conversation = state.conversation();
    if let Some(choice) = lang {
        conversation.reply_lang = choice;
    }
    let routed = respond(&library, &mut conversation, &request);
    handled(&request.q, &routed, &id);
    app.sessions
        .save(&id, &ChatState::Chatting { conversation })
        .await;
    let reply = &routed.reply;
    let kind = serde_json::to_value(reply.kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    app.metrics
        .reply(&kind, reply.lang.code(), started.elapsed());
    let mut response = Json(reply_json(&library, reply, &id)).into_response();
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    response
}

fn new_session(app: &App) -> Result<SessionId, ApiError> {
    let id = SessionId::new().map_err(|e| {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "no_session",
            msg::API_NO_SESSION.replace("{reason}", &e.to_string()),
        )
    })?;
    app.metrics
        .sessions_created
        .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    Ok(id)
}

/// Every message the web front end answers passes here, with how it was answered (its
/// [`Routed`]: the reply, the engine's trace and the routing between statements) and the session
/// it belongs to. This is where the private question log (`[log] questions`, `--log-questions`)
/// is to be wired into `serve`; it does nothing yet.
pub fn handled(question: &str, routed: &Routed, session: &SessionId) {
    let _ = (question, routed, session);
}

/// The library's answer to `request` in `conversation` (updated).
fn respond(library: &Library, conversation: &mut Conversation, request: &Ask) -> Routed {
    let statement = request.statement.as_deref();
    if let Some(fact) = request.choice.as_deref()
        && let Some(reply) = library.choose(conversation, statement, fact)
    {
        return Routed {
            reply,
            trace: None,
            routing: Routing::InUse,
        };
    }
    match statement {
        // With one statement the library is invisible: the engine answers as always.
        Some(id) if library.is_many() => library
            .respond_in(conversation, id, &request.q)
            .unwrap_or_else(|_| library.respond_traced(conversation, &request.q)),
        _ => library.respond_traced(conversation, &request.q),
    }
}

/// The reply object of the batch protocol, with the session id and the citation line.
pub fn reply_json(library: &Library, reply: &Reply, session: &SessionId) -> Value {
    // Through the batch protocol's own text, so a score reads as `batch --json` prints it (0.904,
    // not the f32's widened 0.9039999842643738).
    let mut value: Value =
        serde_json::from_str(&crate::core::render::json(reply)).unwrap_or_else(|_| json!({}));
    if let Value::Object(object) = &mut value {
        object.insert("session".to_string(), json!(session.as_str()));
        if let Some(source) = &reply.source
            && let Some(voice) = library.voice_for(reply)
        {
            object.insert("citation".to_string(), json!(voice.citation_line(source)));
        }
    }
    value
}

/// `GET /v1/statements`: the statements served, in library order.
pub async fn statements(State(app): State<Arc<App>>) -> Response {
    let library = app.shelf.library();
    let home = library.home().map(|e| e.id().to_string());
    let list: Vec<Value> = library
        .entries()
        .iter()
        .enumerate()
        .map(|(position, entry)| {
            let engine = entry.engine();
            let s = &engine.knowledge().statement;
            json!({
                "id": entry.id(),
                "name": library.name_of(position),
                "title": s.title,
                "date": s.date,
                "publisher": s.publisher,
                "url": s.url,
                "languages": engine.languages().iter().map(Lang::code).collect::<Vec<_>>(),
                "home": home.as_deref() == Some(entry.id()),
            })
        })
        .collect();
    Json(json!({"statements": list, "home": home})).into_response()
}

/// The query of `GET /v1/topics`.
#[derive(Debug, Deserialize)]
pub struct TopicsQuery {
    pub statement: Option<String>,
    pub lang: Option<String>,
}

/// `GET /v1/topics?statement=ID&lang=CODE`: the statement's topics, each with a question that
/// starts a conversation on it.
pub async fn topics(
    State(app): State<Arc<App>>,
    query: Result<Query<TopicsQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let Ok(Query(query)) = query else {
        return ApiError::bad(
            "bad_query",
            msg::API_NOT_A_STRING.replace("{field}", "statement"),
        )
        .into_response();
    };
    let library = app.shelf.library();
    let entry = match query.statement.as_deref() {
        Some(id) => match library.entry(id) {
            Some(entry) => entry,
            None => return ApiError::unknown_statement(id).into_response(),
        },
        None => match library.home().or_else(|| {
            (!library.is_many())
                .then(|| library.entries().first())
                .flatten()
        }) {
            Some(entry) => entry,
            None => {
                return ApiError::bad("which_statement", msg::API_WHICH_STATEMENT.to_string())
                    .into_response();
            }
        },
    };
    let engine = entry.engine();
    let lang = match lang_choice(&library, query.lang.as_deref()) {
        Ok(Some(Some(lang))) => lang,
        Ok(_) => engine.voice().lang(),
        Err(error) => return error.into_response(),
    };
    let topics: Vec<Value> = engine
        .topics_in(lang)
        .iter()
        .map(|t| json!({"id": t.id, "title": t.title, "question": t.question}))
        .collect();
    let lang = engine.voice_in(lang).lang();
    Json(json!({"statement": entry.id(), "lang": lang.code(), "topics": topics})).into_response()
}

/// `GET /v1/labels`: the widget's labels (the language packs' `[web]`, filled for the home
/// statement, else the first), in every language replies can be given in.
pub async fn labels(State(app): State<Arc<App>>) -> Response {
    let library = app.shelf.library();
    let Some(engine) = library.engine_for(&Conversation::default()) else {
        return Json(json!({"default": null, "languages": {}})).into_response();
    };
    let mut languages = Map::new();
    for lang in engine.languages() {
        let voice = engine.voice_in(lang);
        let w = &voice.phrases().web;
        let fill = |phrase: &str| json!(voice.fill(phrase, &[]));
        languages.insert(
            voice.lang().code().to_string(),
            json!({
                "title": fill(&w.title),
                "question": fill(&w.question),
                "placeholder": fill(&w.placeholder),
                "send": fill(&w.send),
                "you": fill(&w.you),
                "bot": fill(&w.bot),
                "suggestions": fill(&w.suggestions),
                "choose": fill(&w.choose),
                "no_answer": fill(&w.no_answer),
                "thinking": fill(&w.thinking),
                "reset": fill(&w.reset),
                "error": fill(&w.error),
                "busy": fill(&w.busy),
                "log": fill(&w.log),
            }),
        );
    }
    Json(json!({"default": engine.voice().lang().code(), "languages": languages})).into_response()
}

/// `GET /health`: 200 while serving; says whether the session storage works.
pub async fn health(State(app): State<Arc<App>>) -> Response {
    let library = app.shelf.library();
    Json(json!({
        "status": "ok",
        "statements": library.entries().len(),
        "sessions": {
            "storage": app.sessions.kind(),
            "healthy": app.sessions.is_healthy(),
        },
    }))
    .into_response()
}

/// `GET /metrics`: Prometheus' text format.
pub async fn metrics(State(app): State<Arc<App>>) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        app.metrics.render(app.sessions.failures()),
    )
        .into_response()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    fn json_headers() -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::CONTENT_TYPE,
            "application/json; charset=utf-8".parse().unwrap(),
        );
        headers
    }

    fn read(body: &str) -> Result<Ask, ApiError> {
        read_ask(&json_headers(), Ok(Bytes::from(body.to_string())), 16_384)
    }

    #[test]
    fn a_question_is_read_with_its_optional_fields() {
        let ask = read(r#"{"q":"hello","session":null,"lang":"ms","extra":1}"#).unwrap();
        assert_eq!(ask.q, "hello");
        assert_eq!(ask.session, None);
        assert_eq!(ask.lang.as_deref(), Some("ms"));
    }

    #[test]
    fn bad_requests_get_the_status_and_code_they_deserve() {
        let code = |r: Result<Ask, ApiError>| {
            r.map(|_| (0, "ok"))
                .unwrap_or_else(|e| (e.status.as_u16(), e.code))
        };
        assert_eq!(code(read("{")), (400, "malformed_json"));
        assert_eq!(code(read("[1]")), (400, "malformed_json"));
        assert_eq!(code(read(r#"{"session":"x"}"#)), (400, "missing_q"));
        assert_eq!(code(read(r#"{"q":null}"#)), (400, "missing_q"));
        assert_eq!(code(read(r#"{"q":3}"#)), (400, "wrong_type"));
        assert_eq!(
            code(read(r#"{"q":"a","lang":["en"]}"#)),
            (400, "wrong_type")
        );
        let big = format!(r#"{{"q":"{}"}}"#, "a".repeat(20_000));
        assert_eq!(code(read(&big)), (413, "body_too_large"));
        let mut form = HeaderMap::new();
        form.insert(header::CONTENT_TYPE, "text/plain".parse().unwrap());
        let plain = read_ask(&form, Ok(Bytes::from_static(b"{\"q\":\"a\"}")), 16_384);
        assert_eq!(code(plain), (415, "unsupported_media_type"));
        let none = read_ask(
            &HeaderMap::new(),
            Ok(Bytes::from_static(b"{\"q\":\"a\"}")),
            16_384,
        );
        assert_eq!(code(none), (415, "unsupported_media_type"));
    }
}
