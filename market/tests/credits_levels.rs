//! Levels from lifetime earnings, invite rewards (once per invitee, capped per month), the
//! daily idea limit per level, the credit history and admins' adjustments and bans, on SQLite
//! and MariaDB.
#![allow(clippy::expect_used, clippy::unwrap_used, reason = "a test panics on a broken assumption")]

use market::accounts::admin;
use market::credits::invites::InviteSettings;
use market::credits::{self, Reason, Transfer, overview::overview};
use market::{Market, MarketError, Settings, accounts, execute, ideas, query_scalar};
use model::{CreditAdjustment, GOLD_EARNINGS, Level, LoginRequest, NewIdea, RegisterRequest, SILVER_EARNINGS};
use testkit::books::balance;
use testkit::{Backend, both_backends, members, store, store_with};

both_backends!(
    an_inviter_is_rewarded_once_per_invitee,
    the_monthly_invite_cap_holds,
    an_unknown_invite_code_creates_nothing,
    levels_move_at_the_thresholds,
    daily_idea_limits_follow_the_level,
    the_history_lists_every_movement,
    admins_adjust_balances_through_the_ledger,
);

async fn register(m: &Market, n: u32, invite: Option<&str>) -> Result<model::Me, MarketError> {
    members::try_register(m, n, invite).await.map(|r| r.user)
}

async fn count(m: &Market, sql: &str) -> i64 {
    query_scalar!(m.db.exec(), fetch_one, i64, sql).expect("count")
}

async fn earn(m: &Market, id: i64, amount: i64, key: &str) {
    let mut tx = m.db.begin().await.expect("begin");
    credits::transfer(&mut tx, Transfer::issue(id, amount, Reason::AuctionPayout, key)).await.expect("payout");
    tx.commit().await.expect("commit");
}

async fn an_inviter_is_rewarded_once_per_invitee(backend: Backend) {
    let s = store(backend).await;
    let m = &s.market;
    let inviter = register(m, 1, None).await.expect("inviter");
    let code = market::credits::invites::code_for(m, inviter.id).await.expect("code");
    assert_eq!(code.len(), market::credits::invites::CODE_LEN);
    // Typed in lower case with spaces, it still matches.
    let invitee = register(m, 2, Some(&format!(" {} ", code.to_lowercase()))).await.expect("invitee");
    assert_eq!(balance(m, inviter.id).await, 1000 + 200);
    assert_eq!(balance(m, invitee.id).await, 1000);
    let invited_by: Option<i64> =
        query_scalar!(m.db.exec(), fetch_one, Option<i64>, "SELECT invited_by FROM users WHERE id = ?", invitee.id)
            .expect("invited_by");
    assert_eq!(invited_by, Some(inviter.id));

    // Registering the same person again is refused; replaying the reward's key changes nothing.
    m.cache.del("sms:cooldown:13600000002").await.expect("reset cooldown");
    let again = register(m, 2, Some(&code)).await;
    assert!(matches!(again, Err(MarketError::Duplicate(_))), "{again:?}");
    let mut tx = m.db.begin().await.expect("begin");
    let key = format!("invite:{}", invitee.id);
    credits::transfer(&mut tx, Transfer::issue(inviter.id, 200, Reason::InviteReward, &key)).await.expect("replay");
    tx.commit().await.expect("commit");
    assert_eq!(balance(m, inviter.id).await, 1200);
    assert_eq!(
        count(m, "SELECT COUNT(*) FROM credit_ledger WHERE reason = 'invite_reward'").await,
        2,
        "both sides, once"
    );
    let view = overview(m, inviter.id, 1).await.expect("overview");
    assert_eq!((view.invites_rewarded_this_month, view.earned, view.invite_code), (1, 200, code));
    s.cleanup().await;
}

async fn the_monthly_invite_cap_holds(backend: Backend) {
    let settings = Settings { invites: InviteSettings { reward: 50, monthly_cap: 2 }, ..Settings::default() };
    let s = store_with(backend, settings).await;
    let m = &s.market;
    let inviter = register(m, 10, None).await.expect("inviter");
    let code = market::credits::invites::code_for(m, inviter.id).await.expect("code");
    for n in 11..15 {
        let invitee = register(m, n, Some(&code)).await.expect("invitee registers past the cap too");
        let by: Option<i64> =
            query_scalar!(m.db.exec(), fetch_one, Option<i64>, "SELECT invited_by FROM users WHERE id = ?", invitee.id)
                .expect("invited_by");
        assert_eq!(by, Some(inviter.id), "recorded even unrewarded");
    }
    assert_eq!(balance(m, inviter.id).await, 1000 + 2 * 50);
    let view = overview(m, inviter.id, 1).await.expect("overview");
    assert_eq!((view.invites_rewarded_this_month, view.invite_monthly_cap), (2, 2));
    s.cleanup().await;
}

async fn an_unknown_invite_code_creates_nothing(backend: Backend) {
    let s = store(backend).await;
    let m = &s.market;
    let users = count(m, "SELECT COUNT(*) FROM users").await;
    let rows = count(m, "SELECT COUNT(*) FROM credit_ledger").await;
    let err = register(m, 20, Some("NOSUCHCODE")).await.expect_err("refused");
    let MarketError::Invalid(fields) = err else { panic!("a field error, got {err:?}") };
    assert_eq!((fields[0].field.as_str(), fields[0].message.get(model::Lang::Zh)), ("inviteCode", "邀请码无效"));
    assert_eq!(count(m, "SELECT COUNT(*) FROM users").await, users);
    assert_eq!(count(m, "SELECT COUNT(*) FROM credit_ledger").await, rows);
    // The code was not spent: corrected, the same code registers.
    let code = m.cache.get("sms:code:13600000020").await.expect("cache").expect("code kept");
    let req = RegisterRequest {
        username: "member20".into(),
        email: "member20@example.com".into(),
        password: "tea-garden-2026".into(),
        phone: "13600000020".into(),
        sms_code: code,
        invite_code: Some(String::new()),
        accept_terms: true,
    };
    accounts::register(m, req).await.expect("registers without a code");
    s.cleanup().await;
}

async fn levels_move_at_the_thresholds(backend: Backend) {
    let s = store(backend).await;
    let m = &s.market;
    let user = register(m, 30, None).await.expect("user");
    assert_eq!(user.level, Level::Bronze, "the signup bonus is not an earning");
    earn(m, user.id, SILVER_EARNINGS - 1, "t:1").await;
    assert_eq!(accounts::me(m, user.id).await.expect("me").level, Level::Bronze);
    // A refund is not an earning either.
    let mut tx = m.db.begin().await.expect("begin");
    credits::transfer(&mut tx, Transfer::issue(user.id, 500, Reason::PlanRefund, "t:refund")).await.expect("refund");
    tx.commit().await.expect("commit");
    assert_eq!(accounts::me(m, user.id).await.expect("me").level, Level::Bronze);
    earn(m, user.id, 1, "t:2").await;
    assert_eq!(accounts::me(m, user.id).await.expect("me").level, Level::Silver);
    // A level is not lost by spending, and a replayed payout earns nothing.
    let mut tx = m.db.begin().await.expect("begin");
    credits::transfer(&mut tx, Transfer::charge(user.id, 2000, Reason::PlanPurchase, "t:spend")).await.expect("spend");
    tx.commit().await.expect("commit");
    earn(m, user.id, GOLD_EARNINGS, "t:2").await;
    let view = overview(m, user.id, 1).await.expect("overview");
    assert_eq!((view.level, view.earned, view.next_threshold), (Level::Silver, SILVER_EARNINGS, Some(GOLD_EARNINGS)));
    assert_eq!(view.progress_percent(), 20);
    earn(m, user.id, GOLD_EARNINGS - SILVER_EARNINGS, "t:3").await;
    let view = overview(m, user.id, 1).await.expect("overview");
    assert_eq!((view.level, view.next_level, view.discount_percent), (Level::Gold, None, 20));
    s.cleanup().await;
}

fn idea(i: i64) -> NewIdea {
    NewIdea {
        title: format!("社区共享工具箱 {i}"),
        description: "小区里的电钻、梯子、帐篷按小时出借，押金托管在平台，邻居之间互相信任。".into(),
        category: "lifestyle".into(),
        tags: vec![],
        attachments: vec![],
    }
}

async fn daily_idea_limits_follow_the_level(backend: Backend) {
    let s = store(backend).await;
    let m = &s.market;
    let user = register(m, 40, None).await.expect("user");
    for (level, limit) in [(Level::Bronze, 5), (Level::Silver, 10), (Level::Gold, 20)] {
        if level == Level::Silver {
            earn(m, user.id, SILVER_EARNINGS, "t:silver").await;
        } else if level == Level::Gold {
            earn(m, user.id, GOLD_EARNINGS, "t:gold").await;
        }
        let submitted = count(m, &format!("SELECT COUNT(*) FROM ideas WHERE author_id = {}", user.id)).await;
        for i in submitted..limit {
            ideas::create(m, user.id, idea(i)).await.expect("within the limit");
        }
        let err = ideas::create(m, user.id, idea(limit)).await.expect_err("over the limit");
        assert!(matches!(err, MarketError::DailyLimit { level: l, limit: n } if l == level && n == limit), "{err:?}");
        assert_eq!(err.status_code(), 429);
        assert!(
            err.to_api_error(model::Lang::Zh).message.contains(&format!("{}会员每天 {limit} 个", level.label_zh()))
        );
    }
    // Ideas from before today's Beijing midnight do not count.
    let yesterday = market::beijing::day_start(chrono::Utc::now()) - chrono::TimeDelta::seconds(1);
    execute!(m.db.exec(), "UPDATE ideas SET submitted_at = ? WHERE author_id = ?", yesterday, user.id).expect("move");
    ideas::create(m, user.id, idea(99)).await.expect("a new day");
    s.cleanup().await;
}

async fn the_history_lists_every_movement(backend: Backend) {
    let s = store(backend).await;
    let m = &s.market;
    let user = register(m, 50, None).await.expect("user");
    for i in 0..25 {
        let amount = if i % 3 == 0 { -30 } else { 70 };
        let reason = if amount < 0 { Reason::PlanPurchase } else { Reason::PlanRoyalty };
        let mut tx = m.db.begin().await.expect("begin");
        let key = format!("h:{i}");
        credits::transfer(&mut tx, Transfer::with_platform(user.id, amount, reason, &key)).await.expect("movement");
        tx.commit().await.expect("commit");
    }
    let first = overview(m, user.id, 1).await.expect("page 1");
    let second = overview(m, user.id, 2).await.expect("page 2");
    assert_eq!((first.total, first.pages(), first.entries.len(), second.entries.len()), (26, 2, 20, 6));
    let all: Vec<_> = first.entries.iter().chain(&second.entries).collect();
    assert_eq!(all[0].balance_after, balance(m, user.id).await);
    assert_eq!(first.balance, balance(m, user.id).await);
    for pair in all.windows(2) {
        assert!(pair[0].id > pair[1].id, "newest first");
        assert_eq!(pair[0].balance_after, pair[1].balance_after + pair[0].amount, "balances chain");
    }
    let oldest = all.last().expect("signup");
    assert_eq!(
        (oldest.reason.as_str(), oldest.reason_zh.as_str(), oldest.balance_after),
        ("signup_bonus", "注册奖励", 1000)
    );
    assert_eq!(all.iter().map(|e| e.amount).sum::<i64>(), first.balance);
    s.cleanup().await;
}

async fn admins_adjust_balances_through_the_ledger(backend: Backend) {
    let s = store(backend).await;
    let m = &s.market;
    let member = register(m, 60, None).await.expect("member");
    let admin_user = register(m, 61, None).await.expect("admin");
    let viewer = |id: i64, is_admin: bool| accounts::Viewer {
        id,
        username: String::new(),
        is_admin,
        session_key: String::new(),
        address: None,
    };
    let compensation = CreditAdjustment { amount: 250, memo: "  服务故障补偿  ".into() };
    let not_yet = admin::adjust_credits(m, &viewer(admin_user.id, false), member.id, &compensation, "k1").await;
    assert!(matches!(not_yet, Err(MarketError::Forbidden)), "{not_yet:?}");

    assert_eq!(admin::grant(m, "member61").await.expect("granted"), admin_user.id);
    let admin = accounts::me(m, admin_user.id).await.expect("me");
    assert!(admin.is_admin);
    let admin = viewer(admin.id, true);
    let done = admin::adjust_credits(m, &admin, member.id, &compensation, "k1").await.expect("adjusted");
    assert_eq!((done.amount, done.balance), (250, 1250));
    let replay = admin::adjust_credits(m, &admin, member.id, &compensation, "k1").await.expect("replayed");
    assert_eq!(replay, done, "a retried request returns the first adjustment");
    assert_eq!(balance(m, member.id).await, 1250);

    // Taking back more than the balance is refused; taking back less goes through.
    let too_much = CreditAdjustment { amount: -1251, memo: "误发收回".into() };
    let refused = admin::adjust_credits(m, &admin, member.id, &too_much, "k2").await;
    assert!(matches!(refused, Err(MarketError::InsufficientCredits)), "{refused:?}");
    let back = CreditAdjustment { amount: -50, memo: "误发收回".into() };
    assert_eq!(admin::adjust_credits(m, &admin, member.id, &back, "k3").await.expect("taken back").balance, 1200);
    let invalid = CreditAdjustment { amount: 0, memo: String::new() };
    let Err(MarketError::Invalid(fields)) = admin::adjust_credits(m, &admin, member.id, &invalid, "k4").await else {
        panic!("invalid adjustment accepted")
    };
    assert_eq!(fields.len(), 2);
    let platform =
        query_scalar!(m.db.exec(), fetch_one, i64, "SELECT id FROM users WHERE role = 'platform'").expect("platform");
    for target in [platform, 999_999] {
        let r = admin::adjust_credits(m, &admin, target, &compensation, "k5").await;
        assert!(matches!(r, Err(MarketError::NotFound)), "only members' balances: {r:?}");
    }

    // The member reads the reason; the ledger names the admin on both sides.
    let history = overview(m, member.id, 1).await.expect("overview");
    let newest = &history.entries[0];
    assert_eq!(
        (newest.amount, newest.reason_zh.as_str(), newest.memo.as_deref()),
        (-50, "管理员调整", Some("误发收回"))
    );
    assert_eq!(history.entries[1].memo.as_deref(), Some("服务故障补偿"), "the reason is stored trimmed");
    let by_admin = count(m, &format!("SELECT COUNT(*) FROM credit_ledger WHERE actor_id = {}", admin.id)).await;
    assert_eq!(by_admin, 4, "two adjustments, two sides each");
    assert_eq!(count(m, "SELECT CAST(COALESCE(SUM(amount), 0) AS SIGNED) FROM credit_ledger").await, 0);

    // A ban locks the member out at their next request, and can be lifted.
    let session =
        accounts::login(m, LoginRequest { login: "member60".into(), password: "tea-garden-2026".into() }, None)
            .await
            .expect("login")
            .token;
    assert!(accounts::resolve_session(m, &session).await.expect("resolve").is_some());
    admin::set_banned(m, &admin, member.id, true, Some("发布广告")).await.expect("banned");
    assert!(accounts::resolve_session(m, &session).await.expect("resolve").is_none(), "locked out at once");
    let again =
        accounts::login(m, LoginRequest { login: "member60".into(), password: "tea-garden-2026".into() }, None).await;
    assert!(matches!(again, Err(MarketError::Banned)), "{again:?}");
    admin::set_banned(m, &admin, member.id, false, None).await.expect("unbanned");
    assert!(accounts::resolve_session(m, &session).await.expect("resolve").is_none(), "ended for good");
    accounts::login(m, LoginRequest { login: "member60".into(), password: "tea-garden-2026".into() }, None)
        .await
        .expect("signs in again");
    let own = admin::set_banned(m, &admin, admin.id, true, None).await;
    assert!(matches!(own, Err(MarketError::Invalid(_))), "{own:?}");
    s.cleanup().await;
}
