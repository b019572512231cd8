//! Inline mode and deep links against the fake Bot API: `@bot question` in any chat is answered
//! with the answer and its source as a result to send; a deep link `t.me/<bot>?start=<fact id>`
//! opens the bot on that answer; answers carry a "share" button that makes one. The questions
//! are worded for these tests.

use std::time::Duration;

use communique::Conversation;
use communique::telegram::render;
use serde_json::{Value, json};

use super::{fake, harness, keyboard_data, say, visible};

/// The inline answer the bot gave to the query with `id`: its one result.
fn inline_answer(calls: &[fake::Call], id: &str) -> Value {
    calls
        .iter()
        .find(|c| c.method == "answerinlinequery" && c.ok && c.body["inline_query_id"] == id)
        .map(|c| c.body.clone())
        .unwrap_or_else(|| panic!("no answerInlineQuery for {id}"))
}

async fn wait_inline(h: &super::Harness, count: usize) -> Vec<fake::Call> {
    h.fake
        .wait_until(Duration::from_secs(20), "inline answers", |calls| {
            calls
                .iter()
                .filter(|c| c.method == "answerinlinequery" && c.ok)
                .count()
                >= count
        })
        .await;
    h.fake.calls()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_inline_query_is_answered_with_the_answer_and_its_source() {
    let h = harness().await;
    let question = "by when should the FTA negotiations wrap up?";
    let update = fake::inline_query(4242, question);
    let id = update["inline_query"]["id"].as_str().unwrap().to_string();
    let pushed = std::time::Instant::now();
    h.fake.push(update);
    let calls = wait_inline(&h, 1).await;
    let answered_at = calls
        .iter()
        .find(|c| c.method == "answerinlinequery")
        .unwrap()
        .at;
    // Telegram drops an inline answer that takes more than about 10 s; this one takes well under.
    let took = answered_at.duration_since(pushed);
    assert!(took < Duration::from_secs(3), "answered in {took:?}");

    let body = inline_answer(&calls, &id);
    let expected = h.engine.respond(&mut Conversation::default(), question);
    assert_eq!(expected.kind, communique::ReplyKind::Answer);
    let results = body["results"].as_array().unwrap();
    assert_eq!(results.len(), 1);
    let result = &results[0];
    assert_eq!(result["type"], "article");
    let fact = expected.fact.clone().unwrap();
    let label = h.engine.knowledge().fact(&fact).unwrap().label.clone();
    assert_eq!(
        result["title"].as_str().unwrap(),
        communique::voice::capitalise(&label)
    );
    let content = &result["input_message_content"];
    assert_eq!(content["parse_mode"], "HTML");
    let text = visible(content["message_text"].as_str().unwrap());
    let citation = h
        .engine
        .voice()
        .citation_line(expected.source.as_ref().unwrap());
    assert_eq!(
        text,
        format!("{question}\n\n{}\n\n{citation}", expected.answer),
        "the question, the answer and its source"
    );
    // Its button opens a chat with the bot on the same answer.
    assert_eq!(
        keyboard_data(&fake::Call {
            method: String::new(),
            body: result.clone(),
            fault: None,
            ok: true,
            result: None,
            at: answered_at,
            ended: answered_at,
        }),
        [(
            "Ask the bot more".to_string(),
            format!("https://t.me/{}?start={fact}", fake::BOT_USERNAME)
        )]
    );
    // Nothing is sent to any chat by the bot itself.
    assert!(h.fake.ok_calls("sendmessage").is_empty());
    h.bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inline_queries_speak_malay_refuse_honestly_and_guide_an_empty_query() {
    let h = harness().await;
    let malay = fake::inline_query(4243, "bilakah rundingan FTA itu patut dimuktamadkan?");
    let off_topic = fake::inline_query(4244, "what did they decide about the moon landing?");
    let empty = fake::inline_query(4245, "   ");
    let hostile = fake::inline_query(4246, "<b>trade</b> & <script>x</script>?");
    let ids: Vec<String> = [&malay, &off_topic, &empty, &hostile]
        .iter()
        .map(|u| u["inline_query"]["id"].as_str().unwrap().to_string())
        .collect();
    h.fake.push_all(vec![malay, off_topic, empty, hostile]);
    let calls = wait_inline(&h, 4).await;

    let body = inline_answer(&calls, &ids[0]);
    let text = visible(
        body["results"][0]["input_message_content"]["message_text"]
            .as_str()
            .unwrap(),
    );
    assert!(text.contains("Sumber: kenyataan bersama"), "{text}");

    let body = inline_answer(&calls, &ids[1]);
    let result = &body["results"][0];
    let text = visible(
        result["input_message_content"]["message_text"]
            .as_str()
            .unwrap(),
    );
    assert!(text.contains("doesn't"), "an honest no-answer: {text}");
    assert!(!text.contains("Source:"), "{text}");
    assert!(
        result.get("reply_markup").is_none(),
        "no deep link to a no-answer"
    );

    let body = inline_answer(&calls, &ids[2]);
    assert_eq!(body["results"], json!([]));
    assert_eq!(body["button"]["start_parameter"], "help");
    assert_eq!(
        body["button"]["text"],
        "Type a question about the statement"
    );

    let body = inline_answer(&calls, &ids[3]);
    let html = body["results"][0]["input_message_content"]["message_text"]
        .as_str()
        .unwrap();
    assert!(
        html.starts_with("<b>&lt;b&gt;trade&lt;/b&gt; &amp; &lt;script&gt;"),
        "{html}"
    );
    h.bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deep_link_opens_the_bot_on_its_answer_and_answers_share_one() {
    let h = harness().await;
    let chat = 5151;
    // An answer carries a share button whose link is a deep link to it.
    h.fake.push(fake::message(
        chat,
        chat,
        "what did they say about carbon capture?",
    ));
    let answer = h.fake.replies(chat, 1).await.remove(0);
    let buttons = keyboard_data(&answer);
    let (text, share) = buttons.last().unwrap().clone();
    assert_eq!(text, "Share this answer");
    let payload = h
        .engine
        .respond(
            &mut Conversation::default(),
            "what did they say about carbon capture?",
        )
        .fact
        .unwrap();
    assert!(render::is_start_parameter(&payload), "{payload}");
    assert_eq!(
        share,
        format!(
            "https://t.me/share/url?url=https%3A%2F%2Ft.me%2F{}%3Fstart%3D{payload}",
            fake::BOT_USERNAME
        )
    );

    // Someone else follows the link: /start PAYLOAD answers the same fact.
    let other = 5152;
    h.fake
        .push(fake::message(other, other, &format!("/start {payload}")));
    let opened = h.fake.replies(other, 1).await.remove(0);
    let mut conversation = Conversation::default();
    let expected = h.engine.choose(&mut conversation, &payload).unwrap();
    assert_eq!(
        visible(opened.text()),
        visible(&render::reply(&expected, None, h.engine.voice()).html)
    );
    assert_eq!(
        keyboard_data(&opened).last().unwrap().1,
        share,
        "it can be shared on"
    );
    // ... and the conversation goes on from it.
    h.fake
        .push(fake::message(other, other, "when was that agreed?"));
    let follow = h.fake.replies(other, 2).await.remove(1);
    let expected = h.engine.respond(&mut conversation, "when was that agreed?");
    assert_eq!(
        visible(follow.text()),
        visible(&render::reply(&expected, None, h.engine.voice()).html)
    );

    // A payload that names no fact served, or is no start parameter, gets the greeting.
    for (chat, text) in [
        (5153, "/start no-such-fact"),
        (5154, "/start ../../etc"),
        (5155, "/start"),
    ] {
        h.fake.push(fake::message(chat, chat, text));
        let greeting = h.fake.replies(chat, 1).await.remove(0);
        assert_eq!(visible(greeting.text()), say(|t| &t.start), "{text}");
    }
    h.bot.stop().await;
}
