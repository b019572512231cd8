
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_update_of_an_unknown_kind_is_skipped_and_confirmed() {
    // teloxide reads a kind it does not know as an error update and its dispatcher drops it with
    // a "this is a bug" message; the bot logs it (truncated) and confirms it like any other.
    let h = harness().await;
    let odd = h
        .fake
        .push(json!({"a_kind_from_the_future": {"payload": "x".repeat(2_000)}}));
    h.fake.push(fake::message(8701, 8701, "/help"));
    h.fake.replies(8701, 1).await;
    h.fake
        .wait_until(Duration::from_secs(10), "the odd update confirmed", |_| true)
        .await;
    let start = Instant::now();
    while h.fake.confirmed() <= odd && start.elapsed() < Duration::from_secs(5) {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(
        h.fake.confirmed() > odd,
        "the unknown update {odd} was never confirmed"
    );
    assert_eq!(h.bot.ledger.in_flight(), 0);
    h.bot.stop().await;
}
