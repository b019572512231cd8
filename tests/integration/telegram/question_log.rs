//! The bot's question log (`[log] questions`): one record per question it answers, in private
//! chats and groups, holding none of the ids, usernames or names the updates carried.

use serde_json::json;

use super::{fake, harness_with};
use crate::question_log::records;

/// A user with every identifying field Telegram sends.
fn named_user(id: i64) -> serde_json::Value {
    json!({"id": id, "is_bot": false, "first_name": "Nurul", "last_name": "Hidayah",
           "username": "nurulhidayah_kl", "language_code": "en"})
}

/// A text message from that user.
fn message_from_named(chat: i64, user: i64, text: &str) -> serde_json::Value {
    let mut update = fake::message(chat, user, text);
    update["message"]["from"] = named_user(user);
    if chat > 0 {
        update["message"]["chat"] = json!({"id": chat, "type": "private", "first_name": "Nurul",
                                           "last_name": "Hidayah", "username": "nurulhidayah_kl"});
    } else {
        update["message"]["chat"] = json!({"id": chat, "type": "supergroup",
                                           "title": "Kelab Diplomasi Shah Alam"});
    }
    update
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_bot_logs_questions_without_any_id_username_or_name() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bot-questions.jsonl");
    let shown = path.clone();
    let h = harness_with(move |c| c.log.questions = shown.display().to_string()).await;
    let (private, group, user) = (7_345_678_901, -100_987_654_321, 7_345_678_901);
    let me = format!("@{}", fake::BOT_USERNAME);
    h.fake.push(message_from_named(
        private,
        user,
        "What did they agree about health care?",
    ));
    h.fake.replies(private, 1).await;
    h.fake.push(message_from_named(
        private,
        user,
        "when did they sign that MoU?",
    ));
    h.fake.push(message_from_named(private, user, "/help"));
    // chats are answered concurrently: the group's question once the private chat's are done
    h.fake.replies(private, 3).await;
    h.fake.push(message_from_named(
        group,
        user,
        &format!("{me} what did they say about volcanoes?"),
    ));
    h.fake.replies(group, 1).await;
    h.bot.stop().await;

    let logged = records(&path);
    let texts: Vec<&str> = logged.iter().map(|r| r.text.as_str()).collect();
    // questions, not commands; the group question without the mention
    assert_eq!(
        texts,
        [
            "What did they agree about health care?",
            "when did they sign that MoU?",
            "what did they say about volcanoes?"
        ]
    );
    assert_eq!(logged[1].route, "follow-up");
    assert_eq!(
        logged[0].conversation, logged[1].conversation,
        "one chat, linked"
    );
    assert_ne!(
        logged[1].conversation, logged[2].conversation,
        "another chat"
    );
    assert_eq!(logged[2].kind, "no-answer");
    let text = std::fs::read_to_string(&path).unwrap();
    for secret in [
        "7345678901",
        "987654321",
        "nurulhidayah_kl",
        "Nurul",
        "Hidayah",
        "Kelab",
        "Shah Alam",
        fake::BOT_USERNAME,
    ] {
        assert!(!text.contains(secret), "{secret:?} is in the log:\n{text}");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
}
