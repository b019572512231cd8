//! A fake Telegram Bot API server (axum, on 127.0.0.1) that the real bot long-polls.
//!
//! It speaks the protocol as teloxide uses it: POST `/bot<token>/<Method>` with JSON bodies,
//! `{"ok":true,"result":...}` answers, long-polling `getUpdates` that waits for updates or its
//! timeout and forgets what an offset confirmed, and Telegram's errors for what it documents:
//! 401 for a wrong token, 400 "can't parse entities" for malformed HTML, "message is too long",
//! inline keyboards with more than 100 buttons, an empty button text, or callback data outside
//! 1-64 bytes, `answerCallbackQuery` for a query it never issued or already answered (or a text
//! over 200 characters), `sendChatAction` with an unknown action. Messages it builds carry the
//! entities Telegram would add (`bot_command` at the start, `mention` for `@username`).
//! Tests queue updates, inject faults per method (including "accepted, then the connection
//! dropped"), per chat (one chat whose sends always fail, or are always slow) or at random with a
//! seed (a share of all sends), and read back every call the bot made. Like Telegram, a
//! `getUpdates` that arrives while another is waiting terminates the waiting one with 409
//! Conflict (two instances polling with one token).

use std::collections::{HashMap, VecDeque};
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde_json::{Value, json};
use tokio::sync::Notify;

pub const TOKEN: &str = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";
pub const BOT_ID: i64 = 123_456_789;
pub const BOT_USERNAME: &str = "communique_test_bot";

/// A failure the fake answers one call with, instead of handling it.
#[derive(Debug, Clone, PartialEq)]
pub enum Fault {
    /// HTTP 500 with Telegram's JSON error body.
    Status500,
    /// HTTP 502 with an HTML body, as a proxy in front of the API sends.
    Html502,
    /// The connection drops mid-answer, before the call took effect.
    Drop,
    /// The call takes effect (a message is delivered), then the connection drops before the
    /// answer: the bot cannot know, and a retry duplicates the message.
    DropAfter,
    /// HTTP 429 flood control with `retry_after` seconds.
    RetryAfter(u32),
    /// Handled normally, after this long.
    Slow(Duration),
    /// 409 Conflict: a waiting `getUpdates` terminated by a newer one (recorded, never injected).
    Conflict,
}

/// Faults drawn at random for a share of the calls of one method: each call gets at most one,
/// with these probabilities (0.0–1.0), from a seeded generator so that a run can be repeated.
#[derive(Debug, Clone, Copy, Default)]
pub struct Mix {
    pub status500: f64,
    pub retry_after: f64,
    /// The `retry_after` of the drawn 429s, in seconds.
    pub retry_after_secs: u32,
    /// Connections dropped before the call took effect.
    pub drop: f64,
    pub slow: f64,
    pub slow_for: Duration,
    pub seed: u64,
}

/// xorshift64*: enough randomness for fault injection, no dependency.
struct Rng(u64);

impl Rng {
    fn unit(&mut self) -> f64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        (x.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// One call the bot made.
#[derive(Debug, Clone)]
pub struct Call {
    /// Lower-case method name (`sendmessage`).
    pub method: String,
    pub body: Value,
    /// The fault answered instead, if any.
    pub fault: Option<Fault>,
    /// Whether the call succeeded (`"ok": true`).
    pub ok: bool,
    /// For a successful sendMessage, the message as stored.
    pub result: Option<Value>,
    /// When the request arrived.
    pub at: Instant,
    /// When the fake answered it (for a long poll, when it ended or was cut short).
    pub ended: Instant,
}

impl Call {
    pub fn chat(&self) -> Option<i64> {
        self.body.get("chat_id").and_then(Value::as_i64)
    }
    pub fn text(&self) -> &str {
        self.body.get("text").and_then(Value::as_str).unwrap_or("")
    }
}

#[derive(Default)]
struct Inner {
    updates: Vec<Value>,
    /// Everything below this was confirmed by a getUpdates offset: forgotten, as Telegram does.
    confirmed: i64,
    /// Update ids handed out by getUpdates at least once.
    delivered: std::collections::BTreeSet<i64>,
    /// Callback query ids in pushed updates, and those already answered.
    queries: std::collections::HashSet<String>,
    answered_queries: std::collections::HashSet<String>,
    next_update: i64,
    next_message: i64,
    calls: Vec<Call>,
    faults: HashMap<String, VecDeque<Fault>>,
    /// Faults for the calls of a method to one chat, in order.
    chat_faults: HashMap<(String, i64), VecDeque<Fault>>,
    /// A fault every call of a method to one chat gets.
    always: HashMap<(String, i64), Fault>,
    /// Random faults by method.
    mixes: HashMap<String, (Mix, Rng)>,
    /// Bumped by every getUpdates: a waiting one whose number is no longer the latest was
    /// terminated by a newer one.
    polls: u64,
    /// Messages the bot sent, by message id (for callback queries and replies).
    sent: HashMap<i64, Value>,
}

pub struct Fake {
    inner: Mutex<Inner>,
    new_updates: Notify,
    pub url: String,
}

impl Fake {
    /// Starts the server on a free port of 127.0.0.1.
    pub async fn start() -> Arc<Fake> {
        Fake::start_from(1).await
    }

    /// Starts the server with update ids from `first` (Telegram's ids go on across restarts of
    /// a bot: a test that restarts the bot against a new fake continues them).
    pub async fn start_from(first: i64) -> Arc<Fake> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/", listener.local_addr().unwrap());
        let fake = Arc::new(Fake {
            inner: Mutex::new(Inner {
                next_update: first,
                confirmed: first,
                next_message: 1,
                ..Inner::default()
            }),
            new_updates: Notify::new(),
            url,
        });
        let app = Router::new()
            .route("/{bot}/{method}", post(handle))
            .with_state(Arc::clone(&fake));
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        fake
    }

    /// Queues faults for the next calls of `method` (case-insensitive), in order.
    pub fn inject(&self, method: &str, faults: &[Fault]) {
        let mut inner = self.inner.lock().unwrap();
        inner
            .faults
            .entry(method.to_lowercase())
            .or_default()
            .extend(faults.iter().cloned());
    }

    /// Queues faults for the next calls of `method` to `chat`, in order (before any others).
    pub fn inject_chat(&self, method: &str, chat: i64, faults: &[Fault]) {
        let mut inner = self.inner.lock().unwrap();
        inner
            .chat_faults
            .entry((method.to_lowercase(), chat))
            .or_default()
            .extend(faults.iter().cloned());
    }

    /// Every call of `method` to `chat` gets `fault` from now on.
    pub fn always_chat(&self, method: &str, chat: i64, fault: Fault) {
        let mut inner = self.inner.lock().unwrap();
        inner.always.insert((method.to_lowercase(), chat), fault);
    }

    /// Ends `always_chat` and the queued faults for `method` to `chat`.
    pub fn clear_chat(&self, method: &str, chat: i64) {
        let mut inner = self.inner.lock().unwrap();
        let key = (method.to_lowercase(), chat);
        inner.always.remove(&key);
        inner.chat_faults.remove(&key);
    }

    /// Calls of `method` get faults drawn from `mix` (after any queued ones).
    pub fn random(&self, method: &str, mix: Mix) {
        let mut inner = self.inner.lock().unwrap();
        let rng = Rng(mix.seed.max(1));
        inner.mixes.insert(method.to_lowercase(), (mix, rng));
    }

    /// Queues an update (given without `update_id`); returns its id.
    pub fn push(&self, update: Value) -> i64 {
        self.push_all(vec![update])[0]
    }

    /// Queues updates at once, in order.
    pub fn push_all(&self, updates: Vec<Value>) -> Vec<i64> {
        let ids = {
            let mut inner = self.inner.lock().unwrap();
            updates
                .into_iter()
                .map(|mut update| {
                    let id = inner.next_update;
                    inner.next_update += 1;
                    update["update_id"] = json!(id);
                    if let Some(query) = update["callback_query"]["id"].as_str() {
                        inner.queries.insert(query.to_string());
                    }
                    if let Some(query) = update["inline_query"]["id"].as_str() {
                        inner.queries.insert(query.to_string());
                    }
                    inner.updates.push(update);
                    id
                })
                .collect()
        };
        self.new_updates.notify_waiters();
        ids
    }

    /// The next update id the fake will give.
    pub fn next_update_id(&self) -> i64 {
        self.inner.lock().unwrap().next_update
    }

    /// How many updates getUpdates has handed out at least once.
    pub fn delivered(&self) -> usize {
        self.inner.lock().unwrap().delivered.len()
    }

    /// Everything below this update id is confirmed.
    pub fn confirmed(&self) -> i64 {
        self.inner.lock().unwrap().confirmed
    }

    /// A copy of every call so far.
    pub fn calls(&self) -> Vec<Call> {
        self.inner.lock().unwrap().calls.clone()
    }

    /// Successful calls of `method` (lower case).
    pub fn ok_calls(&self, method: &str) -> Vec<Call> {
        self.calls()
            .into_iter()
            .filter(|c| c.method == method && c.ok)
            .collect()
    }

    /// Messages the bot delivered to `chat`, in order.
    pub fn sent_to(&self, chat: i64) -> Vec<Call> {
        self.ok_calls("sendmessage")
            .into_iter()
            .filter(|c| c.chat() == Some(chat))
            .collect()
    }

    /// Waits until `done` holds for the recorded calls, or panics after `limit`.
    pub async fn wait_until(&self, limit: Duration, what: &str, done: impl Fn(&[Call]) -> bool) {
        let start = Instant::now();
        loop {
            if done(&self.inner.lock().unwrap().calls) {
                return;
            }
            if start.elapsed() > limit {
                let calls = self.calls();
                let tail: Vec<String> = calls
                    .iter()
                    .rev()
                    .take(10)
                    .map(|c| format!("{} ok={} {:?} {}", c.method, c.ok, c.fault, c.body))
                    .collect();
                panic!(
                    "timed out after {limit:?} waiting for {what}; last calls:\n{}",
                    tail.join("\n")
                );
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    /// Waits until `chat` has received `count` messages; returns them.
    pub async fn replies(&self, chat: i64, count: usize) -> Vec<Call> {
        self.wait_until(
            Duration::from_secs(30),
            &format!("{count} replies in chat {chat}"),
            |calls| {
                calls
                    .iter()
                    .filter(|c| c.method == "sendmessage" && c.ok && c.chat() == Some(chat))
                    .count()
                    >= count
            },
        )
        .await;
        self.sent_to(chat)
    }

    fn record(&self, mut call: Call) {
        call.ended = Instant::now();
        self.inner.lock().unwrap().calls.push(call);
    }
}

// ---- updates, shaped as Telegram sends them ----

pub fn user(id: i64) -> Value {
    json!({"id": id, "is_bot": false, "first_name": format!("User{id}")})
}

pub fn bot_user() -> Value {
    json!({"id": BOT_ID, "is_bot": true, "first_name": "Communique", "username": BOT_USERNAME})
}

/// Positive ids are private chats with that user; negative ids are groups.
pub fn chat(id: i64) -> Value {
    if id > 0 {
        json!({"id": id, "type": "private", "first_name": format!("User{id}")})
    } else {
        json!({"id": id, "type": "supergroup", "title": format!("Group{id}")})
    }
}

static MESSAGE_IDS: std::sync::atomic::AtomicI64 = std::sync::atomic::AtomicI64::new(1_000_000);

/// A text message from `from` in `chat_id`.
pub fn message(chat_id: i64, from: i64, text: &str) -> Value {
    let id = MESSAGE_IDS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let mut m = json!({
        "message_id": id,
        "date": 1_732_500_000,
        "chat": chat(chat_id),
        "from": user(from),
        "text": text,
    });
    let entities = entities(text);
    if !entities.is_empty() {
        m["entities"] = Value::Array(entities);
    }
    json!({"message": m})
}

/// The entities Telegram adds to a plain text message: a `bot_command` for a leading `/word`, and
/// a `mention` for each `@username` (5-32 of `A-Z a-z 0-9 _`, not preceded by such a character:
/// `x@name.com` is an e-mail address, not a mention). Offsets in UTF-16 units.
pub fn entities(text: &str) -> Vec<Value> {
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let utf16 = |s: &str| s.encode_utf16().count();
    let mut out = Vec::new();
    if text.starts_with('/') {
        let len = utf16(text.split_whitespace().next().unwrap_or(""));
        out.push(json!({"type": "bot_command", "offset": 0, "length": len}));
    }
    for (at, c) in text.char_indices() {
        if c != '@' || text[..at].chars().next_back().is_some_and(word) {
            continue;
        }
        let name: String = text[at + 1..].chars().take_while(|&c| word(c)).collect();
        if (5..=32).contains(&name.len()) {
            out.push(json!({"type": "mention", "offset": utf16(&text[..at]),
                            "length": 1 + utf16(&name)}));
        }
    }
    out
}

/// A text message replying to `replied` (a message JSON).
pub fn reply_message(chat_id: i64, from: i64, text: &str, replied: Value) -> Value {
    let mut update = message(chat_id, from, text);
    update["message"]["reply_to_message"] = replied;
    update
}

/// A sticker (no text) in a chat.
pub fn sticker(chat_id: i64, from: i64) -> Value {
    let mut update = message(chat_id, from, "");
    let m = update["message"].as_object_mut().unwrap();
    m.remove("text");
    m.insert(
        "sticker".into(),
        json!({"file_id": "f", "file_unique_id": "u", "type": "regular", "width": 512,
               "height": 512, "is_animated": false, "is_video": false}),
    );
    update
}

/// A press on the button with `data` under the bot's message `on` (a message JSON).
pub fn press(from: i64, on: Value, data: &str) -> Value {
    static IDS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    let id = IDS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    json!({"callback_query": {
        "id": format!("cb{id}"),
        "from": user(from),
        "chat_instance": "ci",
        "data": data,
        "message": on,
    }})
}

/// `@bot query` typed by `from` in any chat: an inline query.
pub fn inline_query(from: i64, query: &str) -> Value {
    inline_query_from(user(from), query)
}

/// An inline query from the user `from` (a user JSON, e.g. with a `language_code`).
pub fn inline_query_from(from: Value, query: &str) -> Value {
    static IDS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    let id = IDS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    json!({"inline_query": {
        "id": format!("iq{id}"),
        "from": from,
        "query": query,
        "offset": "",
        "chat_type": "supergroup",
    }})
}

// ---- the server ----

fn ok(result: Value) -> Response {
    (
        StatusCode::OK,
        axum::Json(json!({"ok": true, "result": result})),
    )
        .into_response()
}

fn error(status: StatusCode, description: &str) -> Response {
    (
        status,
        axum::Json(json!({"ok": false, "error_code": status.as_u16(), "description": description})),
    )
        .into_response()
}

/// A body that sends a few bytes, then fails: hyper aborts the connection mid-answer.
struct Broken(u8);

impl futures_core::Stream for Broken {
    type Item = Result<Bytes, std::io::Error>;
    fn poll_next(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.0 += 1;
        Poll::Ready(Some(match self.0 {
            1 => Ok(Bytes::from_static(b"{\"ok\":tr")),
            _ => Err(std::io::Error::other("connection dropped by the fake")),
        }))
    }
}

fn fault_response(fault: &Fault) -> Option<Response> {
    Some(match fault {
        Fault::Status500 => error(StatusCode::INTERNAL_SERVER_ERROR, "Internal Server Error"),
        Fault::Html502 => (
            StatusCode::BAD_GATEWAY,
            [(header::CONTENT_TYPE, "text/html")],
            "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>",
        )
            .into_response(),
        Fault::Drop => dropped(),
        Fault::RetryAfter(seconds) => (
            StatusCode::TOO_MANY_REQUESTS,
            axum::Json(json!({"ok": false, "error_code": 429,
                "description": format!("Too Many Requests: retry after {seconds}"),
                "parameters": {"retry_after": seconds}})),
        )
            .into_response(),
        Fault::Slow(_) | Fault::DropAfter | Fault::Conflict => return None,
    })
}

/// The connection dropping mid-answer.
fn dropped() -> Response {
    Response::builder()
        .status(StatusCode::OK)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from_stream(Broken(0)))
        .unwrap()
}

async fn handle(
    State(fake): State<Arc<Fake>>,
    Path((bot, method)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    let method = method.to_lowercase();
    let body: Value = serde_json::from_slice(&body).unwrap_or_else(|_| multipart_fields(&body));
    let mut call = Call {
        method: method.clone(),
        body: body.clone(),
        fault: None,
        ok: false,
        result: None,
        at: Instant::now(),
        ended: Instant::now(),
    };
    if bot != format!("bot{TOKEN}") {
        fake.record(call);
        return error(StatusCode::UNAUTHORIZED, "Unauthorized");
    }
    let fault = next_fault(&mut fake.inner.lock().unwrap(), &method, &body);
    let drop_after = fault == Some(Fault::DropAfter);
    if let Some(fault) = fault {
        call.fault = Some(fault.clone());
        if let Fault::Slow(pause) = fault {
            tokio::time::sleep(pause).await;
        } else if let Some(response) = fault_response(&fault) {
            fake.record(call);
            return response;
        }
    }
    let (response, result) = match method.as_str() {
        "getme" => (
            Ok(
                json!({"id": BOT_ID, "is_bot": true, "first_name": "Communique",
                "username": BOT_USERNAME, "can_join_groups": true,
                "can_read_all_group_messages": false, "supports_inline_queries": true,
                "has_main_web_app": false}),
            ),
            None,
        ),
        "getwebhookinfo" => (
            Ok(json!({"url": "", "has_custom_certificate": false, "pending_update_count": 0})),
            None,
        ),
        "setmycommands" => match set_my_commands(&body) {
            Ok(()) => (Ok(json!(true)), None),
            Err(description) => (Err(description), None),
        },
        "setwebhook" => match body["url"].as_str() {
            Some(url) if !url.is_empty() => (Ok(json!(true)), None),
            _ => (
                Err("Bad Request: bad webhook: URL is empty".to_string()),
                None,
            ),
        },
        "deletewebhook" => (Ok(json!(true)), None),
        "sendchataction" => (send_chat_action(&body).map(|()| json!(true)), None),
        "answercallbackquery" => (
            answer_callback_query(&fake, &body).map(|()| json!(true)),
            None,
        ),
        "answerinlinequery" => (
            answer_inline_query(&fake, &body).map(|()| json!(true)),
            None,
        ),
        "getupdates" => match get_updates(&fake, &body).await {
            Some(updates) => (Ok(updates), None),
            None => {
                call.fault = Some(Fault::Conflict);
                fake.record(call);
                return error(
                    StatusCode::CONFLICT,
                    "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
                );
            }
        },
        "sendmessage" => match send_message(&fake, &body) {
            Ok(message) => (Ok(message.clone()), Some(message)),
            Err(description) => (Err(description), None),
        },
        _ => (Err("Not Found".to_string()), None),
    };
    match response {
        Ok(_) if drop_after => {
            // Done, but the bot never hears so.
            call.ok = true;
            call.result = result;
            fake.record(call);
            dropped()
        }
        Ok(value) => {
            call.ok = true;
            call.result = result;
            fake.record(call);
            ok(value)
        }
        Err(description) => {
            fake.record(call);
            let status = if description == "Not Found" {
                StatusCode::NOT_FOUND
            } else {
                StatusCode::BAD_REQUEST
            };
            error(status, &description)
        }
    }
}

/// The text fields of a multipart/form-data body (teloxide sends `setWebhook` so, since it may
/// carry a certificate file), as a JSON object of strings.
fn multipart_fields(body: &[u8]) -> Value {
    let text = String::from_utf8_lossy(body);
    let mut fields = serde_json::Map::new();
    for part in text.split("\r\n--") {
        let Some((head, value)) = part.split_once("\r\n\r\n") else {
            continue;
        };
        let Some(name) = head
            .split("name=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
        else {
            continue;
        };
        let value = value.trim_end_matches("\r\n").trim_matches('"');
        fields.insert(name.to_string(), json!(value));
    }
    Value::Object(fields)
}

/// The fault for this call of `method`: a chat's standing fault, then the chat's queued ones, then
/// the method's queued ones, then a random draw.
fn next_fault(inner: &mut Inner, method: &str, body: &Value) -> Option<Fault> {
    let chat = body.get("chat_id").and_then(Value::as_i64);
    if let Some(chat) = chat {
        let key = (method.to_string(), chat);
        if let Some(fault) = inner.always.get(&key) {
            return Some(fault.clone());
        }
        if let Some(fault) = inner
            .chat_faults
            .get_mut(&key)
            .and_then(VecDeque::pop_front)
        {
            return Some(fault);
        }
    }
    if let Some(fault) = inner.faults.get_mut(method).and_then(VecDeque::pop_front) {
        return Some(fault);
    }
    let (mix, rng) = inner.mixes.get_mut(method)?;
    let draw = rng.unit();
    let mut bound = mix.status500;
    if draw < bound {
        return Some(Fault::Status500);
    }
    bound += mix.retry_after;
    if draw < bound {
        return Some(Fault::RetryAfter(mix.retry_after_secs));
    }
    bound += mix.drop;
    if draw < bound {
        return Some(Fault::Drop);
    }
    bound += mix.slow;
    (draw < bound).then_some(Fault::Slow(mix.slow_for))
}

/// The updates at or above the offset, waiting up to the timeout for some; `None` when a newer
/// getUpdates terminated this one (Telegram's 409 Conflict).
async fn get_updates(fake: &Fake, body: &Value) -> Option<Value> {
    let (offset, poll) = {
        // An offset confirms every update below it: Telegram forgets them.
        let mut inner = fake.inner.lock().unwrap();
        if let Some(offset) = body.get("offset").and_then(Value::as_i64) {
            inner.confirmed = inner.confirmed.max(offset);
        }
        inner.polls += 1;
        (inner.confirmed, inner.polls)
    };
    // A waiting getUpdates learns of this one through the notification.
    fake.new_updates.notify_waiters();
    let limit = body
        .get("limit")
        .and_then(Value::as_u64)
        .unwrap_or(100)
        .clamp(1, 100) as usize;
    let timeout = body.get("timeout").and_then(Value::as_u64).unwrap_or(0);
    let deadline = Instant::now() + Duration::from_secs(timeout);
    loop {
        let notified = fake.new_updates.notified();
        let ready: Vec<Value> = {
            let mut inner = fake.inner.lock().unwrap();
            if inner.polls != poll {
                return None;
            }
            let ready: Vec<Value> = inner
                .updates
                .iter()
                .filter(|u| u["update_id"].as_i64().unwrap_or(0) >= offset)
                .take(limit)
                .cloned()
                .collect();
            for u in &ready {
                let id = u["update_id"].as_i64().unwrap_or(0);
                inner.delivered.insert(id);
            }
            ready
        };
        let now = Instant::now();
        if !ready.is_empty() || now >= deadline {
            return Some(Value::Array(ready));
        }
        let _ = tokio::time::timeout(deadline - now, notified).await;
    }
}

/// Telegram's rules for the command menu: 1–32 of `a-z 0-9 _`, a 1–256 character description.
fn set_my_commands(body: &Value) -> Result<(), String> {
    let commands = body["commands"]
        .as_array()
        .ok_or("Bad Request: commands not found")?;
    for c in commands {
        let name = c["command"].as_str().unwrap_or("");
        let description = c["description"].as_str().unwrap_or("");
        let name_ok = (1..=32).contains(&name.len())
            && name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if !name_ok {
            return Err(format!("Bad Request: BOT_COMMAND_INVALID ({name:?})"));
        }
        if !(1..=256).contains(&description.chars().count()) {
            return Err("Bad Request: command description is too long or empty".to_string());
        }
    }
    Ok(())
}

/// Telegram's documented limits for an inline keyboard: at most 100 buttons, each with a
/// non-empty text and exactly one action; callback data of 1-64 bytes.
fn check_markup(markup: &Value) -> Result<(), String> {
    let Some(rows) = markup.get("inline_keyboard") else {
        return Ok(());
    };
    let rows = rows
        .as_array()
        .ok_or("Bad Request: can't parse reply keyboard markup JSON object")?;
    let mut buttons = 0;
    for row in rows {
        let row = row
            .as_array()
            .ok_or("Bad Request: can't parse inline keyboard button row")?;
        for button in row {
            buttons += 1;
            let text = button.get("text").and_then(Value::as_str).unwrap_or("");
            if text.trim().is_empty() {
                return Err("Bad Request: BUTTON_TEXT_INVALID".to_string());
            }
            let actions = [
                "callback_data",
                "url",
                "switch_inline_query",
                "web_app",
                "pay",
            ]
            .iter()
            .filter(|k| button.get(**k).is_some())
            .count();
            if actions != 1 {
                return Err(
                    "Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
                        .to_string(),
                );
            }
            if let Some(url) = button.get("url") {
                let url = url.as_str().unwrap_or("");
                if !(url.starts_with("https://")
                    || url.starts_with("http://")
                    || url.starts_with("tg://"))
                    || url.contains(' ')
                {
                    return Err("Bad Request: BUTTON_URL_INVALID".to_string());
                }
            }
            if let Some(data) = button.get("callback_data") {
                let len = data.as_str().map_or(0, str::len);
                if !(1..=64).contains(&len) {
                    return Err("Bad Request: BUTTON_DATA_INVALID".to_string());
                }
            }
        }
    }
    if buttons > 100 {
        return Err("Bad Request: reply markup is too long".to_string());
    }
    Ok(())
}

fn send_chat_action(body: &Value) -> Result<(), String> {
    const ACTIONS: [&str; 11] = [
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    ];
    body.get("chat_id")
        .and_then(Value::as_i64)
        .ok_or("Bad Request: chat not found")?;
    let action = body.get("action").and_then(Value::as_str).unwrap_or("");
    if !ACTIONS.contains(&action) {
        return Err("Bad Request: wrong parameter action in request".to_string());
    }
    Ok(())
}

/// A query can be answered once, and only one the fake issued; the toast is at most 200
/// characters.
fn answer_callback_query(fake: &Fake, body: &Value) -> Result<(), String> {
    let id = body
        .get("callback_query_id")
        .and_then(Value::as_str)
        .unwrap_or("");
    let text = body.get("text").and_then(Value::as_str).unwrap_or("");
    if text.chars().count() > 200 {
        return Err("Bad Request: MESSAGE_TOO_LONG".to_string());
    }
    let mut inner = fake.inner.lock().unwrap();
    if !inner.queries.contains(id) || !inner.answered_queries.insert(id.to_string()) {
        return Err(
            "Bad Request: query is too old and response timeout expired or query ID is invalid"
                .to_string(),
        );
    }
    Ok(())
}

/// Telegram's rules for `answerInlineQuery`: a query it issued, answered once; at most 50
/// results, each with a unique id of 1-64 bytes, a title, and a message content that parses
/// (HTML when its parse mode says so) to 1-4096 characters; keyboards as for messages; a button's
/// start parameter of 1-64 of `A-Z a-z 0-9 _ -`.
fn answer_inline_query(fake: &Fake, body: &Value) -> Result<(), String> {
    let id = body
        .get("inline_query_id")
        .and_then(Value::as_str)
        .unwrap_or("");
    let results = body
        .get("results")
        .and_then(Value::as_array)
        .ok_or("Bad Request: results not found")?;
    if results.len() > 50 {
        return Err("Bad Request: RESULTS_TOO_MUCH".to_string());
    }
    let mut ids = std::collections::HashSet::new();
    for result in results {
        let rid = result.get("id").and_then(Value::as_str).unwrap_or("");
        if !(1..=64).contains(&rid.len()) || !ids.insert(rid.to_string()) {
            return Err("Bad Request: RESULT_ID_INVALID".to_string());
        }
        if result.get("type").and_then(Value::as_str) != Some("article") {
            return Err("Bad Request: RESULT_TYPE_INVALID".to_string());
        }
        if result
            .get("title")
            .and_then(Value::as_str)
            .unwrap_or("")
            .trim()
            .is_empty()
        {
            return Err("Bad Request: RESULT_TITLE_EMPTY".to_string());
        }
        let content = &result["input_message_content"];
        let text = content
            .get("message_text")
            .and_then(Value::as_str)
            .ok_or("Bad Request: MESSAGE_EMPTY")?;
        let visible = if content.get("parse_mode").and_then(Value::as_str) == Some("HTML") {
            parse_html(text).map_err(|e| format!("Bad Request: can't parse entities: {e}"))?
        } else {
            text.to_string()
        };
        if visible.trim().is_empty() || visible.encode_utf16().count() > 4096 {
            return Err("Bad Request: MESSAGE_TOO_LONG".to_string());
        }
        if let Some(markup) = result.get("reply_markup") {
            check_markup(markup)?;
        }
    }
    if let Some(button) = body.get("button") {
        let parameter = button
            .get("start_parameter")
            .and_then(Value::as_str)
            .unwrap_or("");
        let ok = (1..=64).contains(&parameter.len())
            && parameter
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        if !ok
            || button
                .get("text")
                .and_then(Value::as_str)
                .unwrap_or("")
                .is_empty()
        {
            return Err("Bad Request: BUTTON_INVALID".to_string());
        }
    }
    let mut inner = fake.inner.lock().unwrap();
    if !inner.queries.contains(id) || !inner.answered_queries.insert(id.to_string()) {
        return Err(
            "Bad Request: query is too old and response timeout expired or query ID is invalid"
                .to_string(),
        );
    }
    Ok(())
}

fn send_message(fake: &Fake, body: &Value) -> Result<Value, String> {
    let chat_id = body
        .get("chat_id")
        .and_then(Value::as_i64)
        .ok_or("Bad Request: chat not found")?;
    let text = body.get("text").and_then(Value::as_str).unwrap_or("");
    let visible = if body.get("parse_mode").and_then(Value::as_str) == Some("HTML") {
        parse_html(text).map_err(|e| format!("Bad Request: can't parse entities: {e}"))?
    } else {
        text.to_string()
    };
    if visible.trim().is_empty() {
        return Err("Bad Request: message text is empty".to_string());
    }
    if visible.encode_utf16().count() > 4096 {
        return Err("Bad Request: message is too long".to_string());
    }
    if let Some(markup) = body.get("reply_markup") {
        check_markup(markup)?;
    }
    let mut inner = fake.inner.lock().unwrap();
    let id = inner.next_message;
    inner.next_message += 1;
    let mut message = json!({
        "message_id": id,
        "date": 1_732_500_000,
        "chat": chat(chat_id),
        "from": bot_user(),
        "text": visible,
    });
    if let Some(markup) = body.get("reply_markup") {
        message["reply_markup"] = markup.clone();
    }
    inner.sent.insert(id, message.clone());
    Ok(message)
}

/// Telegram's HTML parse mode, strictly: only its tags, properly nested and closed, and no bare
/// `<`, `>` or `&`. Returns the visible text.
pub fn parse_html(html: &str) -> Result<String, String> {
    const TAGS: [&str; 16] = [
        "b",
        "strong",
        "i",
        "em",
        "u",
        "ins",
        "s",
        "strike",
        "del",
        "span",
        "tg-spoiler",
        "a",
        "code",
        "pre",
        "blockquote",
        "tg-emoji",
    ];
    let mut open: Vec<String> = Vec::new();
    let mut visible = String::new();
    let mut rest = html;
    while let Some(c) = rest.chars().next() {
        match c {
            '<' => {
                let end = rest.find('>').ok_or("unclosed start tag")?;
                let tag = &rest[1..end];
                let (closing, tag) = match tag.strip_prefix('/') {
                    Some(t) => (true, t),
                    None => (false, tag),
                };
                let name: String = tag
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                    .collect();
                if !TAGS.contains(&name.as_str()) {
                    return Err(format!(
                        "unsupported start tag \"{name}\" at byte offset {}",
                        html.len() - rest.len()
                    ));
                }
                if closing {
                    if open.pop().as_deref() != Some(name.as_str()) {
                        return Err(format!("unmatched end tag \"{name}\""));
                    }
                } else {
                    let attrs = &tag[name.len()..];
                    if attrs.contains('<') || attrs.matches('"').count() % 2 != 0 {
                        return Err("bad tag attributes".to_string());
                    }
                    open.push(name);
                }
                rest = &rest[end + 1..];
            }
            '>' => return Err("unexpected end tag character \">\"".to_string()),
            '&' => {
                let end = rest.find(';').filter(|&e| e <= 10).ok_or("bare \"&\"")?;
                let entity = &rest[1..end];
                let decoded = match entity {
                    "lt" => '<',
                    "gt" => '>',
                    "amp" => '&',
                    "quot" => '"',
                    _ => entity
                        .strip_prefix('#')
                        .and_then(|n| match n.strip_prefix('x') {
                            Some(hex) => u32::from_str_radix(hex, 16).ok(),
                            None => n.parse().ok(),
                        })
                        .and_then(char::from_u32)
                        .ok_or_else(|| format!("unsupported entity \"&{entity};\""))?,
                };
                visible.push(decoded);
                rest = &rest[end + 1..];
            }
            c => {
                visible.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    if let Some(tag) = open.pop() {
        return Err(format!(
            "can't find end tag corresponding to start tag \"{tag}\""
        ));
    }
    Ok(visible)
}
