//! The Telegram bot in Bahasa Malaysia (issue 12): the Malay command menu, replies in the
//! language of each message, the chat's language for messages that show none, `/lang`, and the
//! user's app language as a hint that never overrides the message.

use communique::telegram::handlers::State;
use serde_json::Value;

use super::fake;
use super::{harness, keyboard_data, visible};

/// A text message from a user whose Telegram app is set to `language_code`.
fn message_in(chat: i64, text: &str, language_code: &str) -> Value {
    let mut update = fake::message(chat, chat, text);
    update["message"]["from"]["language_code"] = Value::from(language_code);
    update
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malay_menu_replies_and_the_language_choice() {
    let h = harness().await;
    let ms = h.engine.voice_in(communique::malay::MALAY);

    // The command menu is registered in Malay for Malay apps, with /lang in both menus.
    let menus = h.fake.ok_calls("setmycommands");
    let malay = menus
        .iter()
        .find(|c| c.body["language_code"] == "ms")
        .unwrap_or_else(|| panic!("no Malay command menu: {menus:?}"));
    let described: Vec<(String, String)> = malay.body["commands"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["command"].as_str().unwrap().to_string(),
                c["description"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        described
            .iter()
            .find(|(c, _)| c == "help")
            .map(|(_, d)| d.as_str()),
        ms.phrases()
            .telegram
            .commands
            .get("help")
            .map(String::as_str)
    );
    assert!(described.iter().any(|(c, _)| c == "lang"), "{described:?}");

    // A Malay question: a Malay answer and citation; the chat's language becomes Malay.
    let chat = 501;
    h.fake.push(fake::message(chat, chat, "bila FTA tu siap?"));
    h.fake.push(fake::message(chat, chat, "/help"));
    h.fake.push(fake::message(chat, chat, "/lang en"));
    h.fake.push(fake::message(chat, chat, "bila FTA tu siap?"));
    h.fake.push(fake::message(chat, chat, "/lang"));
    let replies = h.fake.replies(chat, 5).await;
    let texts: Vec<String> = replies.iter().map(|c| visible(c.text())).collect();
    assert!(texts[0].contains("menjelang 2025"), "{}", texts[0]);
    assert!(
        texts[0].contains("Sumber: kenyataan bersama, perenggan 8: “accelerating"),
        "{}",
        texts[0]
    );
    assert_eq!(texts[1], ms.fill(&ms.phrases().telegram.help, &[]));
    assert_eq!(texts[2], "From now on I reply in English.");
    assert!(
        texts[3].contains("Source: joint statement, paragraph 8"),
        "{}",
        texts[3]
    );
    let choices: Vec<String> = keyboard_data(&replies[4])
        .into_iter()
        .map(|(_, d)| d)
        .collect();
    assert_eq!(choices, ["l:auto", "l:en", "l:ms"]);
    let Some(State::Chatting { conversation }) = h.stored(chat).await else {
        panic!("no stored conversation");
    };
    assert_eq!(
        (conversation.lang, conversation.reply_lang),
        (
            Some(communique::malay::MALAY),
            Some(communique::malay::ENGLISH)
        )
    );

    // The app language is a hint for a chat with no language yet, never an override.
    let hinted = 502;
    h.fake.push(message_in(hinted, "/start", "ms"));
    h.fake.push(message_in(hinted, "FTA?", "ms"));
    h.fake.push(message_in(
        hinted,
        "When will the FTA talks be concluded?",
        "ms",
    ));
    let texts: Vec<String> = h
        .fake
        .replies(hinted, 3)
        .await
        .iter()
        .map(|c| visible(c.text()))
        .collect();
    assert_eq!(texts[0], ms.fill(&ms.phrases().telegram.start, &[]));
    assert!(
        texts[1].contains("Sumber: kenyataan bersama"),
        "{}",
        texts[1]
    );
    assert!(texts[2].contains("Source: joint statement"), "{}", texts[2]);
    h.bot.stop().await;
}
