//! The bot serving two statements (`tests/fixtures/library/`): the command menu gains /statements
//! and /use; a question both statements answer gets "which statement?" with a button per
//! statement, and a press answers it there; /statements lists them as buttons; /use switches; a
//! choice button names its statement in its data. Expected texts are written out here.

use std::sync::Arc;

use communique::Library;
use communique::knowledge::files;
use communique::live::Shelf;
use communique::telegram::{self, config::Token, handlers::BotStorage};

use super::{fake, keyboard_data, test_config, visible};
use fake::Fake;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_statements_ask_which_one_with_buttons_and_switch() {
    let fake = Fake::start().await;
    let config = test_config(&fake);
    let dir = crate::helpers::repo_path("tests/fixtures/library");
    let library = Library::new(
        files::read_library(&dir).unwrap(),
        crate::helpers::toolkit(),
    )
    .unwrap();
    let shelf = Arc::new(Shelf::new(library));
    let bot = telegram::start(
        &config,
        Token::parse(fake::TOKEN).unwrap(),
        shelf,
        BotStorage::new(),
    )
    .await
    .unwrap_or_else(|e| panic!("the bot did not start: {e}"));

    assert_eq!(
        super::command_names(&fake.ok_calls("setmycommands")[0].body),
        [
            "start",
            "help",
            "topics",
            "source",
            "about",
            "reset",
            "statements",
            "use"
        ]
    );

    let chat = 9001;
    fake.push(fake::message(
        chat,
        chat,
        "When should the free trade agreement be done?",
    ));
    let which = fake.replies(chat, 1).await.remove(0);
    assert!(
        visible(which.text()).starts_with(
            "Which statement do you mean: the Freedonia–Ruritania joint statement or the Ruritania–Elbonia joint statement?"
        ),
        "{}",
        which.text()
    );
    assert_eq!(
        keyboard_data(&which),
        [
            (
                "The Freedonia–Ruritania joint statement".to_string(),
                "u:freedonia-ruritania-2031".to_string()
            ),
            (
                "The Ruritania–Elbonia joint statement".to_string(),
                "u:ruritania-elbonia-2030".to_string()
            ),
        ]
    );
    // Pressing the second answers the question there, echoing the statement chosen.
    fake.push(fake::press(
        chat,
        which.result.clone().unwrap(),
        "u:ruritania-elbonia-2030",
    ));
    let answer = fake.replies(chat, 2).await.remove(1);
    assert_eq!(
        visible(answer.text()),
        "You asked: the Ruritania–Elbonia joint statement\n\nRuritania and Elbonia aim to conclude their free trade agreement (FTA) by 2031.\n\nSource: joint statement, paragraph 1"
    );
    // "and in the Freedonia one?" switches and asks it again.
    fake.push(fake::message(chat, chat, "and in the Freedonia one?"));
    let switched = fake.replies(chat, 3).await.remove(2);
    assert_eq!(
        visible(switched.text()),
        "Freedonia and Ruritania aim to conclude their free trade agreement (FTA) by 2033.\n\nSource: joint statement, paragraph 1"
    );
    // /statements: the list, the one in use marked, a button each.
    fake.push(fake::message(chat, chat, "/statements"));
    let listed = fake.replies(chat, 4).await.remove(3);
    assert_eq!(
        visible(listed.text()),
        "I know 2 statements:\n• the Freedonia–Ruritania joint statement of 1 May 2031 (freedonia-ruritania-2031) (in use)\n• the Ruritania–Elbonia joint statement of 1 March 2030 (ruritania-elbonia-2030)"
    );
    assert_eq!(keyboard_data(&listed)[1].1, "u:ruritania-elbonia-2030");
    // /use ID switches; an unknown id says so.
    fake.push(fake::message(chat, chat, "/use ruritania-elbonia-2030"));
    fake.push(fake::message(chat, chat, "/use atlantis"));
    let used = fake.replies(chat, 6).await;
    assert_eq!(
        visible(used[4].text()),
        "Now answering from the Ruritania–Elbonia joint statement of 1 March 2030."
    );
    assert!(
        visible(used[5].text()).starts_with("I don't know a statement atlantis."),
        "{}",
        used[5].text()
    );
    // /help lists the library's commands too.
    fake.push(fake::message(chat, chat, "/help"));
    let help = fake.replies(chat, 7).await.remove(6);
    assert!(visible(help.text()).contains("/use ID — answer from that statement"));
    bot.stop().await;
}
