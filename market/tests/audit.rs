//! The admins' audit log on both backends: every admin action writes one line with the admin,
//! the target, the reason and the address, in the action's transaction (a refused action writes
//! none); only admins read it, and its filters narrow it.
#![allow(clippy::expect_used, clippy::unwrap_used, reason = "a test panics on a broken assumption")]

use market::accounts::audit::{self, Filter};
use market::accounts::{Viewer, admin};
use market::moderation::{self, reports};
use market::payments::{dev, orders, refunds};
use market::{Market, MarketError, ideas};
use model::{
    AuditAction, AuditTarget, CreditAdjustment, NewOrder, NewReport, RefundOrder, ReportDecision, ReportReason,
};
use testkit::ideas::sample as idea;
use testkit::{Backend, both_backends, members, store};

both_backends!(every_admin_action_is_written_once_with_who_what_why_and_where, only_admins_read_the_log);

async fn viewer(m: &Market, n: u32, is_admin: bool) -> Viewer {
    let user = members::register(m, n).await.user;
    if is_admin {
        admin::grant(m, &user.username).await.unwrap();
    }
    Viewer {
        id: user.id,
        username: user.username,
        is_admin,
        session_key: String::new(),
        address: "203.0.113.9".parse().ok(),
    }
}

async fn everything(m: &Market, who: &Viewer) -> Vec<model::AuditEntry> {
    audit::list(m, who, &Filter::default(), 1).await.unwrap()
}

async fn every_admin_action_is_written_once_with_who_what_why_and_where(backend: Backend) {
    let s = store(backend).await;
    let m = &s.market;
    let boss = viewer(m, 1, true).await;
    let member = viewer(m, 2, false).await;
    let reader = viewer(m, 3, false).await;

    admin::adjust_credits(m, &boss, member.id, &CreditAdjustment { amount: 50, memo: "服务故障补偿".into() }, "k1")
        .await
        .unwrap();
    admin::set_banned(m, &boss, member.id, true, Some("发布广告")).await.unwrap();
    admin::set_banned(m, &boss, member.id, false, None).await.unwrap();
    let first = ideas::create(m, reader.id, idea("审计日志测试创意一")).await.unwrap().id;
    let second = ideas::create(m, reader.id, idea("审计日志测试创意二")).await.unwrap().id;
    moderation::hide_idea(m, &boss, first, "含有违规内容").await.unwrap();
    moderation::unhide_idea(m, &boss, first).await.unwrap();
    reports::report_idea(m, &member, second, NewReport { reason: ReportReason::Spam, note: "广告".into() })
        .await
        .unwrap();
    let queue = reports::queue(m, &boss, model::ReportStatus::Open, 1).await.unwrap();
    reports::decide(m, &boss, queue[0].id, &ReportDecision { uphold: false, reason: String::new() }).await.unwrap();
    let order =
        orders::create(m, &reader, &NewOrder { credits: 100, idempotency_key: "audit-order-01".into() }).await.unwrap();
    dev::confirm(m, &reader, order.id).await.unwrap();
    refunds::refund(m, &boss, order.id, &RefundOrder { reason: "测试退款".into() }).await.unwrap();
    // Refused actions write nothing.
    assert!(refunds::refund(m, &boss, order.id, &RefundOrder { reason: "再退一次".into() }).await.is_err());
    assert!(admin::set_banned(m, &boss, boss.id, true, None).await.is_err());
    assert!(moderation::unhide_idea(m, &boss, first).await.is_err());
    assert!(matches!(moderation::hide_idea(m, &member, second, "不是管理员").await, Err(MarketError::Forbidden)));

    let log = everything(m, &boss).await;
    let lines: Vec<(AuditAction, AuditTarget, Option<&str>)> =
        log.iter().rev().map(|e| (e.action, e.target, e.reason.as_deref())).collect();
    assert_eq!(
        lines,
        vec![
            (AuditAction::AdjustCredits, AuditTarget::User(member.id), Some("服务故障补偿")),
            (AuditAction::Ban, AuditTarget::User(member.id), Some("发布广告")),
            (AuditAction::Unban, AuditTarget::User(member.id), None),
            (AuditAction::HideIdea, AuditTarget::Idea(first), Some("含有违规内容")),
            (AuditAction::UnhideIdea, AuditTarget::Idea(first), None),
            (AuditAction::DismissReport, AuditTarget::Report(queue[0].id), None),
            (AuditAction::RefundOrder, AuditTarget::Order(order.id), Some("测试退款")),
        ]
    );
    assert!(log.iter().all(|e| e.admin == boss.username && e.address.as_deref() == Some("203.0.113.9")));

    let bans = audit::list(m, &boss, &Filter { action: Some(AuditAction::Ban), ..Filter::default() }, 1).await.unwrap();
    assert_eq!(bans.len(), 1);
    let on_member = Filter { target: Some(AuditTarget::User(member.id)), ..Filter::default() };
    assert_eq!(audit::list(m, &boss, &on_member, 1).await.unwrap().len(), 3);
    let nobody = Filter { admin: Some("nobody".into()), ..Filter::default() };
    assert!(audit::list(m, &boss, &nobody, 1).await.unwrap().is_empty());
    assert!(audit::list(m, &boss, &Filter::default(), 2).await.unwrap().is_empty(), "one page holds all seven");
    s.cleanup().await;
}

async fn only_admins_read_the_log(backend: Backend) {
    let s = store(backend).await;
    let m = &s.market;
    let member = viewer(m, 1, false).await;
    assert!(matches!(audit::list(m, &member, &Filter::default(), 1).await, Err(MarketError::Forbidden)));
    s.cleanup().await;
}
