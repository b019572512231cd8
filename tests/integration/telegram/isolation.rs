//! One chat never stalls the others (issue 21): 60 chats ask 10 questions each while one more
//! chat's replies always fail (500), are told to wait (429 `retry_after` 20) or take 10 s; at
//! least 95% of the 600 questions of the 60 must be answered within 40 s, with no silence over
//! 3 s. And a faults run (5% 500, 5% 429, 2% dropped, 5% delayed sends) keeps at least 80% of a
//! clean run's throughput, losing and duplicating nothing.
//!
//! Telegram's own limits (30 messages/s, 1 a second and 20 a minute per chat) and the default
//! retry policy, against the fake Bot API. `cargo test --test integration isolation --
//! --nocapture` prints the figures docs/telegram.md quotes.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use communique::telegram::config::Config;
use communique::telegram::render;

use super::crash::QUESTIONS;
use communique::Conversation;
use communique::telegram::handlers::State;

use super::fake::{self, Call, Fault, Mix};
use super::{Harness, expected_answer, harness, harness_with};

/// The 60 chats that behave.
const CHATS: i64 = 60;
const PER_CHAT: usize = 10;
/// The chat whose replies are in trouble.
const BAD: i64 = 770_000;

fn chat(i: i64) -> i64 {
    770_001 + i
}

/// Telegram's documented limits and the default retry policy, as in production.
fn production_limits(config: &mut Config) {
    let defaults = Config::defaults().unwrap();
    let t = &mut config.telegram;
    t.limits = defaults.telegram.limits;
    t.max_retries = defaults.telegram.max_retries;
    t.retry_base_ms = defaults.telegram.retry_base_ms;
    t.retry_max_ms = defaults.telegram.retry_max_ms;
}

/// Each chat's questions in its own rotation, interleaved round by round as users would send
/// them; the bad chat (if any) asks too, first in every round.
fn questions(chats: i64, per_chat: usize, bad: bool) -> Vec<serde_json::Value> {
    let mut updates = Vec::new();
    for round in 0..per_chat {
        if bad {
            updates.push(fake::message(BAD, BAD, QUESTIONS[round % QUESTIONS.len()]));
        }
        for i in 0..chats {
            let q = QUESTIONS[(i as usize + round) % QUESTIONS.len()];
            updates.push(fake::message(chat(i), chat(i), q));
        }
    }
    updates
}

/// The answers to the good chats (each question's answer once: none of these scenarios makes a
/// duplicate, which the faults run checks), in the order they were delivered.
fn good_answers(calls: &[Call]) -> Vec<Instant> {
    calls
        .iter()
        .filter(|c| c.method == "sendmessage" && c.ok && c.chat() != Some(BAD))
        .map(|c| c.at)
        .collect()
}

struct Stall {
    within_40s: usize,
    /// The longest wait for the next answer, from the questions' arrival until 95% were answered.
    longest_silence: Duration,
    to_95: Option<Duration>,
    to_all: Option<Duration>,
}

/// Pushes the questions, waits until every good chat's question is answered (at most 60 s), and
/// measures.
async fn measure_stall(h: &Harness) -> Stall {
    let total = CHATS as usize * PER_CHAT;
    let wanted = total * 95 / 100;
    let started = Instant::now();
    h.fake.push_all(questions(CHATS, PER_CHAT, true));
    let deadline = started + Duration::from_secs(60);
    while good_answers(&h.fake.calls()).len() < total && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let answers = good_answers(&h.fake.calls());
    let mut longest = Duration::ZERO;
    let mut last = started;
    for &at in answers.iter().take(wanted) {
        longest = longest.max(at.duration_since(last));
        last = at;
    }
    if answers.len() < wanted {
        longest = longest.max(Instant::now().duration_since(last));
    }
    let to = |n: usize| answers.get(n - 1).map(|at| at.duration_since(started));
    Stall {
        within_40s: answers
            .iter()
            .filter(|&&at| at.duration_since(started) <= Duration::from_secs(40))
            .count(),
        longest_silence: longest,
        to_95: to(wanted),
        to_all: to(total),
    }
}

fn check_stall(name: &str, stall: &Stall) {
    let total = CHATS as usize * PER_CHAT;
    let shown =
        |d: Option<Duration>| d.map_or("-".to_string(), |d| format!("{:.1} s", d.as_secs_f64()));
    eprintln!(
        "isolation [{name}]: {} of {total} questions of {CHATS} other chats answered within 40 s \
         ({:.1}%), 95% after {}, all after {}; longest silence {:.2} s",
        stall.within_40s,
        stall.within_40s as f64 * 100.0 / total as f64,
        shown(stall.to_95),
        shown(stall.to_all),
        stall.longest_silence.as_secs_f64(),
    );
    assert!(
        stall.within_40s * 100 >= total * 95,
        "{name}: only {} of {total} answered within 40 s",
        stall.within_40s
    );
    assert!(
        stall.longest_silence <= Duration::from_secs(3),
        "{name}: {:.2} s without an answer",
        stall.longest_silence.as_secs_f64()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_chat_whose_sends_always_fail_does_not_stall_the_others() {
    let h = harness_with(production_limits).await;
    h.fake.always_chat("sendMessage", BAD, Fault::Status500);
    let stall = measure_stall(&h).await;
    h.bot.stop_within(Duration::from_secs(1)).await;
    check_stall("one chat's sends always 500", &stall);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_chat_told_to_wait_20_s_does_not_freeze_the_others() {
    let h = harness_with(production_limits).await;
    h.fake
        .inject_chat("sendMessage", BAD, &[Fault::RetryAfter(20)]);
    let stall = measure_stall(&h).await;
    let told_at = h
        .fake
        .calls()
        .iter()
        .find(|c| c.chat() == Some(BAD) && c.fault == Some(Fault::RetryAfter(20)))
        .map(|c| c.at);
    let bad = h.fake.sent_to(BAD);
    h.bot.stop_within(Duration::from_secs(1)).await;
    check_stall("one chat's send got 429 retry_after 20", &stall);
    // The chat itself waited as it was told.
    if let (Some(told), Some(first)) = (told_at, bad.first()) {
        assert!(
            first.at.duration_since(told) >= Duration::from_secs(20),
            "the held chat was answered {:?} after its 429",
            first.at.duration_since(told)
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_chat_whose_replies_take_10_s_does_not_stall_the_others() {
    // Higher limits and a smaller window, as the issue tried: the slow chat alone waits.
    let h = harness_with(|config| {
        production_limits(config);
        let t = &mut config.telegram;
        t.max_in_flight = 20;
        t.limits.messages_per_sec_overall = 60;
        t.limits.messages_per_sec_chat = 5;
        t.limits.messages_per_min_chat = 100;
    })
    .await;
    h.fake
        .always_chat("sendMessage", BAD, Fault::Slow(Duration::from_secs(10)));
    let stall = measure_stall(&h).await;
    h.bot.stop_within(Duration::from_secs(1)).await;
    check_stall("one chat's replies take 10 s, max_in_flight 20", &stall);
}

/// A handler hands its reply to the chat's delivery queue and returns, so the conversation of a
/// chat whose sends are slow moves on at once. teloxide's dispatcher may wait for a chat's
/// handler to end (when it retires idle chats), so a handler that waited for a held chat's send
/// could silence every chat: the one 20 s freeze seen under load.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_handler_does_not_wait_for_its_reply_to_go_out() {
    let h = harness().await;
    h.fake
        .always_chat("sendMessage", BAD, Fault::Slow(Duration::from_secs(8)));
    let asked = [QUESTIONS[0], QUESTIONS[1]];
    h.fake
        .push_all(asked.iter().map(|q| fake::message(BAD, BAD, q)).collect());
    let mut conversation = Conversation::default();
    for question in asked {
        expected_answer(&h.engine, &mut conversation, question, None);
    }
    let both_read = Some(State::Chatting { conversation });
    let started = Instant::now();
    while h.stored(BAD).await != both_read && started.elapsed() < Duration::from_secs(4) {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(
        h.stored(BAD).await,
        both_read,
        "both questions are read while the first reply is still on its way"
    );
    assert!(h.fake.sent_to(BAD).is_empty(), "no reply is out yet");
    h.bot.stop_within(Duration::from_secs(1)).await;
}

/// What a throughput run saw.
struct Run {
    /// Time from the questions' arrival to the `counted`-th answer.
    to_counted: Duration,
    lost: usize,
    duplicates: usize,
    retries: u64,
}

/// 60 chats × 15 questions; throughput is measured over the first 600 answers, while every chat
/// still has questions waiting, so it measures the bot's pace, not one chat's last retry.
const RUN_PER_CHAT: usize = 15;
const COUNTED: usize = 600;

async fn throughput_run(mix: Option<Mix>) -> Run {
    let h = harness_with(production_limits).await;
    if let Some(mix) = mix {
        h.fake.random("sendMessage", mix);
    }
    let engine = &h.engine;
    let answers: Vec<String> = QUESTIONS
        .iter()
        .map(|q| render::reply(&engine.answer(q), None, engine.voice()).html)
        .collect();
    let total = CHATS as usize * RUN_PER_CHAT;
    let started = Instant::now();
    h.fake.push_all(questions(CHATS, RUN_PER_CHAT, false));
    h.fake
        .wait_until(Duration::from_secs(60), "the counted answers", |calls| {
            good_answers(calls).len() >= COUNTED
        })
        .await;
    let to_counted = good_answers(&h.fake.calls())[COUNTED - 1].duration_since(started);
    // Everything is answered in the end (a faults run waits for its retries).
    h.fake
        .wait_until(Duration::from_secs(120), "every answer", |calls| {
            good_answers(calls).len() >= total
        })
        .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let retries = h.bot.stats.retries();
    h.bot.stop_within(Duration::from_secs(2)).await;
    let mut by_chat: HashMap<i64, Vec<usize>> = HashMap::new();
    let sent = h.fake.ok_calls("sendmessage");
    for call in &sent {
        let index = answers
            .iter()
            .position(|a| a == call.text())
            .unwrap_or_else(|| panic!("an unexpected reply: {}", call.text()));
        by_chat.entry(call.chat().unwrap()).or_default().push(index);
    }
    let mut lost = 0;
    for i in 0..CHATS {
        let got = by_chat.remove(&chat(i)).unwrap_or_default();
        let want: Vec<usize> = (0..RUN_PER_CHAT)
            .map(|r| (i as usize + r) % QUESTIONS.len())
            .collect();
        lost += want.len().saturating_sub(got.len());
        let mut distinct = got.clone();
        distinct.dedup();
        assert_eq!(distinct, want, "chat {}: every answer, in order", chat(i));
    }
    Run {
        to_counted,
        lost,
        duplicates: sent.len().saturating_sub(total),
        retries,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_faults_run_keeps_most_of_the_clean_runs_throughput() {
    let clean = throughput_run(None).await;
    let faults = throughput_run(Some(Mix {
        status500: 0.05,
        retry_after: 0.05,
        retry_after_secs: 2,
        drop: 0.02,
        slow: 0.05,
        slow_for: Duration::from_secs(2),
        seed: 21,
    }))
    .await;
    let rate = |run: &Run| COUNTED as f64 / run.to_counted.as_secs_f64();
    let ratio = rate(&faults) / rate(&clean);
    eprintln!(
        "isolation [faults run]: clean {:.1} answers/s, with 5% 500, 5% 429, 2% dropped, 5% \
         delayed sends {:.1} answers/s ({:.0}% of clean); lost {}, duplicates {}, retries {}",
        rate(&clean),
        rate(&faults),
        ratio * 100.0,
        faults.lost,
        faults.duplicates,
        faults.retries
    );
    assert_eq!((clean.lost, clean.duplicates), (0, 0));
    assert_eq!(faults.lost, 0, "lost answers");
    assert_eq!(faults.duplicates, 0, "duplicated answers");
    assert!(ratio >= 0.8, "the faults run kept {:.0}%", ratio * 100.0);
}
