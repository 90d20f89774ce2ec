//! Accounts, ideas and credits against both backends: SQLite + in-process cache, and
//! MariaDB + Redis.
#![allow(clippy::expect_used, clippy::unwrap_used, reason = "a test panics on a broken assumption")]

use market::credits::{self, Reason, Transfer};
use market::{Market, MarketError, accounts, ideas};
use model::{Category, IdeaQuery, LoginRequest, NewIdea, RegisterRequest, Sort};
use testkit::books::ledger_sum;
use testkit::members::sms_code;
use testkit::{Backend, both_backends, store};

both_backends!(
    registration_grants_ledgered_credits_and_rejects_duplicates,
    login_sessions_and_logout,
    sms_codes_are_rate_limited_and_checked,
    ideas_are_listed_filtered_and_liked,
    ledger_keys_are_idempotent_and_balances_never_negative,
    wrong_codes_void_the_code_and_failed_logins_wait,
    counters_count_within_their_window,
    sessions_end_when_idle_too_old_or_revoked,
);

fn request(n: u32, code: &str) -> RegisterRequest {
    RegisterRequest {
        username: format!("user{n}"),
        email: format!("User{n}@Example.com"),
        password: "correct horse battery".into(),
        phone: format!("1380000{n:04}"),
        sms_code: code.into(),
        invite_code: None,
        accept_terms: false,
    }
}

async fn user_count(market: &Market) -> i64 {
    market::query_scalar!(
        market.db.exec(),
        fetch_one,
        i64,
        "SELECT COUNT(*) FROM users WHERE role IN ('user', 'admin')"
    )
    .expect("count")
}

async fn registration_grants_ledgered_credits_and_rejects_duplicates(backend: Backend) {
    let s = store(backend).await;
    let m = &s.market;
    let code = sms_code(m, "13800000001").await;
    let reg = accounts::register(m, request(1, &code)).await.expect("registers");
    assert_eq!(reg.user.credits, 1000);
    assert_eq!(reg.user.email, "user1@example.com");
    assert_eq!(ledger_sum(m, reg.user.id).await, 1000, "balance equals the sum of its ledger rows");
    assert_eq!(accounts::me(m, reg.user.id).await.expect("me").credits, 1000);

    // The code was spent.
    let again = accounts::register(m, request(2, &code)).await;
    assert!(matches!(again, Err(MarketError::Invalid(ref f)) if f[0].field == "smsCode"), "{again:?}");

    for (field, tweak) in [
        (
            "username",
            Box::new(|r: &mut RegisterRequest| r.username = "USER1".into()) as Box<dyn Fn(&mut RegisterRequest)>,
        ),
        ("email", Box::new(|r: &mut RegisterRequest| r.email = "user1@example.com".into())),
    ] {
        let code = sms_code(m, "13900000002").await;
        let mut req = request(2, &code);
        req.phone = "13900000002".into();
        tweak(&mut req);
        let before = user_count(m).await;
        let err = accounts::register(m, req).await.expect_err("duplicate refused");
        assert!(matches!(err, MarketError::Duplicate(f) if f == field), "{field}: {err:?}");
        assert_eq!(err.status_code(), 409);
        assert_eq!(user_count(m).await, before, "nothing half-written");
        m.cache.del("sms:cooldown:13900000002").await.expect("reset cooldown");
    }
    m.cache.del("sms:cooldown:13800000001").await.expect("reset cooldown");
    let code = sms_code(m, "13800000001").await;
    let mut dup_phone = request(3, &code);
    dup_phone.phone = "13800000001".into();
    let err = accounts::register(m, dup_phone).await.expect_err("phone taken");
    assert!(matches!(err, MarketError::Duplicate("phone")), "{err:?}");
    s.cleanup().await;
}

async fn login_sessions_and_logout(backend: Backend) {
    let s = store(backend).await;
    let m = &s.market;
    let code = sms_code(m, "13800000007").await;
    let reg = accounts::register(m, request(7, &code)).await.expect("registers");
    let by_email = accounts::login(
        m,
        LoginRequest { login: "USER7@example.com".into(), password: "correct horse battery".into() },
        None,
    )
    .await
    .expect("login by email");
    let by_name =
        accounts::login(m, LoginRequest { login: "user7".into(), password: "correct horse battery".into() }, None)
            .await
            .expect("login by name");
    assert_ne!(by_email.token, by_name.token, "every login is a new session");
    let bad = accounts::login(m, LoginRequest { login: "user7".into(), password: "wrong password".into() }, None).await;
    assert!(matches!(bad, Err(MarketError::BadCredentials)));
    let nobody = accounts::login(m, LoginRequest { login: "nobody".into(), password: "whatever1".into() }, None).await;
    assert!(matches!(nobody, Err(MarketError::BadCredentials)));

    let viewer = accounts::resolve_session(m, &by_name.token).await.expect("resolve").expect("live session");
    assert_eq!(viewer.id, reg.user.id);
    accounts::logout(m, &viewer).await.expect("logout");
    assert!(accounts::resolve_session(m, &by_name.token).await.expect("resolve").is_none(), "logged out");
    assert!(accounts::resolve_session(m, &by_email.token).await.expect("resolve").is_some(), "other session lives");

    let api_token = market::accounts::tokens::create(m, reg.user.id, "script").await.expect("token").token;
    assert!(accounts::resolve_session(m, &api_token).await.expect("resolve").is_some());
    market::execute!(m.db.exec(), "UPDATE users SET status = 'banned' WHERE id = ?", reg.user.id).expect("ban");
    assert!(accounts::resolve_session(m, &api_token).await.expect("resolve").is_none(), "tokens too, at once");
    assert!(accounts::resolve_session(m, &by_email.token).await.expect("resolve").is_none(), "banned at once");
    let banned =
        accounts::login(m, LoginRequest { login: "user7".into(), password: "correct horse battery".into() }, None)
            .await;
    assert!(matches!(banned, Err(MarketError::Banned)));
    s.cleanup().await;
}

async fn sms_codes_are_rate_limited_and_checked(backend: Backend) {
    let s = store(backend).await;
    let m = &s.market;
    accounts::send_sms_code(m, "+86 138-0000-0009", None).await.expect("first send");
    let second = accounts::send_sms_code(m, "13800000009", None).await;
    assert!(
        matches!(second, Err(MarketError::RateLimited { retry_after_secs }) if (1..=60).contains(&retry_after_secs)),
        "{second:?}"
    );
    // One address asks for codes to many phones: its daily cap stops it.
    let address: std::net::IpAddr = "203.0.113.9".parse().expect("ip");
    for n in 0..accounts::SMS_DAILY_PER_ADDRESS {
        accounts::send_sms_code(m, &format!("1390001{n:04}"), Some(address)).await.expect("sent");
    }
    let over = accounts::send_sms_code(m, "13900019999", Some(address)).await;
    assert!(matches!(over, Err(MarketError::RateLimited { .. })), "{over:?}");
    accounts::send_sms_code(m, "13900019999", Some("203.0.113.10".parse().expect("ip"))).await.expect("elsewhere");
    // One phone gets at most its daily number of codes, however far apart they are asked for
    // (the minute between sends is let pass by dropping its key).
    let phone = "13900029999";
    for n in 0..accounts::SMS_DAILY_PER_PHONE {
        accounts::send_sms_code(m, phone, None).await.unwrap_or_else(|e| panic!("send {n}: {e:?}"));
        m.cache.del(&format!("sms:cooldown:{phone}")).await.expect("cooldown over");
    }
    let capped = accounts::send_sms_code(m, phone, None).await;
    assert!(
        matches!(capped, Err(MarketError::RateLimited { retry_after_secs }) if retry_after_secs > 3600),
        "until tomorrow: {capped:?}"
    );
    let bad = accounts::send_sms_code(m, "12345", None).await;
    assert!(matches!(bad, Err(MarketError::Invalid(ref f)) if f[0].field == "phone"));
    let wrong = accounts::register(m, request(9, "000000")).await;
    let stored = m.cache.get("sms:code:13800000009").await.expect("cache").expect("code");
    if stored != "000000" {
        assert!(matches!(wrong, Err(MarketError::Invalid(_))), "{wrong:?}");
    }
    s.cleanup().await;
}

async fn ideas_are_listed_filtered_and_liked(backend: Backend) {
    let s = store(backend).await;
    let m = &s.market;
    let code = sms_code(m, "13800000011").await;
    let author = accounts::register(m, request(11, &code)).await.expect("author").user;
    let code = sms_code(m, "13800000012").await;
    let fan = accounts::register(m, request(12, &code)).await.expect("fan").user;
    // Fourteen ideas in a day need the gold level's daily limit.
    market::execute!(m.db.exec(), "UPDATE users SET level = 'gold' WHERE id = ?", author.id).expect("gold");

    let empty = ideas::list(m, &IdeaQuery { page: 1, ..Default::default() }).await.expect("list");
    assert_eq!(empty.total, 0);

    let fridge = ideas::create(
        m,
        author.id,
        NewIdea {
            title: "智能冰箱管理助手".into(),
            description: "通过摄像头识别冰箱里的食材，提醒保质期并推荐菜谱，减少浪费。".into(),
            category: "tech".into(),
            tags: vec!["AI".into(), "IoT".into(), "智能家居".into()],
            attachments: vec![],
        },
    )
    .await
    .expect("created");
    assert_eq!(fridge.status, model::IdeaStatus::Pending);
    assert_eq!(fridge.tags, vec!["AI", "IoT", "智能家居"]);
    for i in 0..13 {
        ideas::create(
            m,
            author.id,
            NewIdea {
                title: format!("健康打卡 100% 计划 {i}"),
                description: "每天记录饮水、步数和睡眠，朋友之间互相监督完成目标。".into(),
                category: "health".into(),
                tags: vec![],
                attachments: vec![],
            },
        )
        .await
        .expect("created");
    }
    let bad = ideas::create(m, author.id, NewIdea { title: "x".into(), ..Default::default() }).await;
    assert!(matches!(bad, Err(MarketError::Invalid(ref f)) if f.len() == 3), "{bad:?}");

    let first = ideas::list(m, &IdeaQuery { page: 1, ..Default::default() }).await.expect("list");
    assert_eq!(first.total, 14, "the cache was invalidated by each new idea");
    assert_eq!(first.items.len(), 12);
    assert_eq!(first.pages(), 2);
    assert!(first.items[0].title.ends_with("12"), "newest first: {}", first.items[0].title);
    let second = ideas::list(m, &IdeaQuery { page: 2, ..Default::default() }).await.expect("list");
    assert_eq!(second.items.len(), 2);
    assert_eq!(second.items[1].id, fridge.id);

    let tech = ideas::list(m, &IdeaQuery { category: Some(Category::Tech), page: 1, ..Default::default() })
        .await
        .expect("list");
    assert_eq!(tech.items.iter().map(|i| i.id).collect::<Vec<_>>(), vec![fridge.id]);
    for search in ["冰箱", "菜谱", "智能家居", "iot"] {
        let found = ideas::list(m, &IdeaQuery { search: Some(search.into()), page: 1, ..Default::default() })
            .await
            .expect("list");
        assert_eq!(found.total, 1, "search {search}");
    }
    let pct =
        ideas::list(m, &IdeaQuery { search: Some("0%".into()), page: 1, ..Default::default() }).await.expect("list");
    assert_eq!(pct.total, 13, "a literal %: 100% matches, 冰箱 does not");

    let liked = ideas::set_like(m, fan.id, fridge.id, true).await.expect("like");
    assert_eq!((liked.liked, liked.likes), (true, 1));
    let twice = ideas::set_like(m, fan.id, fridge.id, true).await.expect("like again");
    assert_eq!(twice.likes, 1, "one like per user");
    let hot = ideas::list(m, &IdeaQuery { sort: Sort::Hottest, page: 1, ..Default::default() }).await.expect("list");
    assert_eq!(hot.items[0].id, fridge.id, "the liked idea leads the hottest sort");
    assert_eq!(hot.items[0].likes, 1);

    let seen = ideas::get(m, fridge.id, Some(fan.id), true).await.expect("get");
    assert!(seen.liked);
    assert_eq!(seen.views, 1);
    let anon = ideas::get(m, fridge.id, None, true).await.expect("get");
    assert!(!anon.liked);
    assert_eq!(anon.views, 2);
    // Counted in memory until written, then in the database, once.
    let stored = |id: i64| async move {
        market::query_scalar!(m.db.exec(), fetch_one, i64, "SELECT views FROM ideas WHERE id = ?", id).expect("views")
    };
    assert_eq!(stored(fridge.id).await, 0);
    assert_eq!(market::ideas::views::flush(m).await.expect("flush"), 1);
    assert_eq!(stored(fridge.id).await, 2);
    assert_eq!(market::ideas::views::flush(m).await.expect("flush again"), 0, "nothing twice");
    assert_eq!(ideas::get(m, fridge.id, None, false).await.expect("get").views, 2, "reading counts nothing");
    assert_eq!(stored(fridge.id).await, 2);

    let unliked = ideas::set_like(m, fan.id, fridge.id, false).await.expect("unlike");
    assert_eq!((unliked.liked, unliked.likes), (false, 0));
    let again = ideas::set_like(m, fan.id, fridge.id, false).await.expect("unlike again");
    assert_eq!(again.likes, 0, "never below zero");
    assert!(matches!(ideas::set_like(m, fan.id, 999_999, true).await, Err(MarketError::NotFound)));
    assert!(matches!(ideas::get(m, 999_999, None, true).await, Err(MarketError::NotFound)));
    s.cleanup().await;
}

async fn ledger_keys_are_idempotent_and_balances_never_negative(backend: Backend) {
    let s = store(backend).await;
    let m = &s.market;
    let code = sms_code(m, "13800000021").await;
    let user = accounts::register(m, request(21, &code)).await.expect("user").user;

    let mut tx = m.db.begin().await.expect("begin");
    let bonus = Transfer::issue(user.id, 250, Reason::SignupBonus, "test:bonus");
    let first = credits::transfer(&mut tx, bonus).await.expect("credit");
    let replay = credits::transfer(&mut tx, bonus).await.expect("replay");
    tx.commit().await.expect("commit");
    assert_eq!(first, replay, "a replayed key returns the first transfer");
    assert_eq!(first.credit.balance_after, 1250);
    assert_eq!(first.debit.amount, -250, "paid by the platform");

    let mut tx = m.db.begin().await.expect("begin");
    let over =
        credits::transfer(&mut tx, Transfer::charge(user.id, 1251, Reason::PlanPurchase, "test:overspend")).await;
    assert!(matches!(over, Err(MarketError::InsufficientCredits)));
    drop(tx);
    assert_eq!(accounts::me(m, user.id).await.expect("me").credits, 1250);
    assert_eq!(ledger_sum(m, user.id).await, 1250);
    s.cleanup().await;
}

async fn wrong_codes_void_the_code_and_failed_logins_wait(backend: Backend) {
    let s = store(backend).await;
    let m = &s.market;
    let code = sms_code(m, "13800000021").await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    for left in (1..accounts::SMS_CODE_MAX_TRIES).rev() {
        let Err(MarketError::Invalid(f)) = accounts::register(m, request(21, wrong)).await else { panic!("refused") };
        assert_eq!(f[0].message.get(model::Lang::Zh), format!("验证码错误，还可再试 {left} 次"));
    }
    let Err(MarketError::Invalid(f)) = accounts::register(m, request(21, wrong)).await else { panic!("refused") };
    assert!(f[0].message.get(model::Lang::Zh).contains("已失效"), "{f:?}");
    let voided = accounts::register(m, request(21, &code)).await;
    assert!(matches!(voided, Err(MarketError::Invalid(_))), "the right code no longer works: {voided:?}");
    assert_eq!(user_count(m).await, 0);

    let code = sms_code(m, "13800000022").await;
    accounts::register(m, request(22, &code)).await.expect("registers");
    let attempt = |password: &str| LoginRequest { login: "USER22".into(), password: password.into() };
    let (guesser, owner): (std::net::IpAddr, std::net::IpAddr) =
        ("203.0.113.7".parse().expect("ip"), "198.51.100.2".parse().expect("ip"));
    for _ in 0..accounts::LOGIN_MAX_FAILURES {
        let r = accounts::login(m, attempt("wrong password"), Some(guesser)).await;
        assert!(matches!(r, Err(MarketError::BadCredentials)), "{r:?}");
    }
    let waiting = accounts::login(m, attempt("correct horse battery"), Some(guesser)).await;
    assert!(
        matches!(waiting, Err(MarketError::RateLimited { retry_after_secs }) if retry_after_secs <= 900),
        "the guessing address waits: {waiting:?}"
    );
    // Someone else's guesses do not lock the owner out of their own account...
    accounts::login(m, attempt("correct horse battery"), Some(owner)).await.expect("the owner signs in");
    // ...until guesses from everywhere together reach the higher cap.
    for n in 0..accounts::LOGIN_MAX_FAILURES_ANYWHERE {
        let from = std::net::IpAddr::from([10, 9, (n / 250) as u8, (n % 250) as u8]);
        let _ = accounts::login(m, attempt("wrong password"), Some(from)).await;
    }
    let capped = accounts::login(m, attempt("correct horse battery"), Some(owner)).await;
    assert!(matches!(capped, Err(MarketError::RateLimited { .. })), "{capped:?}");
    s.cleanup().await;
}

async fn counters_count_within_their_window(backend: Backend) {
    let s = store(backend).await;
    let c = &s.market.cache;
    let window = std::time::Duration::from_secs(2);
    assert_eq!(c.count("hits", window).await.expect("count").0, 1);
    assert_eq!(c.count("hits", window).await.expect("count").0, 2);
    let (n, left) = c.count("hits", window).await.expect("count");
    assert!(n == 3 && (1..=2).contains(&left), "{n} {left}");
    assert_eq!(c.count("other", window).await.expect("count").0, 1, "keys count apart");
    tokio::time::sleep(std::time::Duration::from_millis(2100)).await;
    assert_eq!(c.count("hits", window).await.expect("count").0, 1, "a new window starts from one");
    s.cleanup().await;
}

async fn sessions_end_when_idle_too_old_or_revoked(backend: Backend) {
    use std::time::Duration;
    let settings = market::Settings {
        session_idle: Duration::from_secs(2),
        session_ttl: Duration::from_secs(5),
        ..market::Settings::default()
    };
    let s = testkit::store_with(backend, settings).await;
    let m = &s.market;
    let live = |token: String| async move { accounts::resolve_session(m, &token).await.expect("resolve") };
    let login =
        |password: &str| accounts::login(m, LoginRequest { login: "user31".into(), password: password.into() }, None);
    let code = sms_code(m, "13800000031").await;
    let first = accounts::register(m, request(31, &code)).await.expect("registers").token;
    let second = login("correct horse battery").await.expect("login").token;
    let user = live(second.clone()).await.expect("live").id;

    // Log out everywhere: every session ends, a new login works.
    accounts::logout_everywhere(m, user).await.expect("everywhere");
    assert!(live(first).await.is_none() && live(second).await.is_none());
    let third = login("correct horse battery").await.expect("login again").token;
    let viewer = live(third.clone()).await.expect("live");

    // A password change needs the current password, ends the other sessions, renews this one.
    let wrong = accounts::change_password(m, &viewer, "not it".into(), "a-new-long-phrase".into(), None).await;
    assert!(matches!(wrong, Err(MarketError::Invalid(ref f)) if f[0].field == "currentPassword"), "{wrong:?}");
    let weak = accounts::change_password(m, &viewer, "correct horse battery".into(), "12345678".into(), None).await;
    assert!(matches!(weak, Err(MarketError::Invalid(ref f)) if f[0].field == "newPassword"), "{weak:?}");
    let other = login("correct horse battery").await.expect("another device").token;
    let renewed =
        accounts::change_password(m, &viewer, "correct horse battery".into(), "a-new-long-phrase".into(), None)
            .await
            .expect("changed");
    assert!(live(third).await.is_none() && live(other).await.is_none(), "older sessions ended");
    assert!(live(renewed.clone()).await.is_some());
    assert!(matches!(login("correct horse battery").await, Err(MarketError::BadCredentials)));

    // Idle: unused for longer than the idle timeout, a session ends.
    let idle = login("a-new-long-phrase").await.expect("login").token;
    tokio::time::sleep(Duration::from_millis(3100)).await;
    assert!(live(idle).await.is_none(), "idle too long");

    // Absolute: used every second, it still ends at its lifetime.
    let busy = login("a-new-long-phrase").await.expect("login").token;
    for _ in 0..4 {
        tokio::time::sleep(Duration::from_millis(1000)).await;
        assert!(live(busy.clone()).await.is_some(), "activity keeps it alive");
    }
    // Used a moment ago, so not idle: only its 5 s lifetime can end it.
    tokio::time::sleep(Duration::from_millis(1200)).await;
    assert!(live(busy).await.is_none(), "past its absolute lifetime");
    s.cleanup().await;
}
