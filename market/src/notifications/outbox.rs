//! Mailing the important notifications to members who asked for it. Each due mail is held for a
//! while (`LEASE`) by the instance sending it, and marked sent after the mail server took it. A
//! crash between the two sends it again after the lease: a mail server cannot take part in our
//! transaction, so a rare second copy is preferred to a lost message.

use chrono::{DateTime, TimeDelta, Utc};

use model::{Lang, Notice};

use crate::error::MarketResult;
use crate::mail::Mail;
use crate::{Market, execute, query_as};

/// How long a sending instance holds a mail before another may try it.
const LEASE: TimeDelta = TimeDelta::minutes(10);
/// Mails not sent within a day are dropped: news that old is no longer news.
const FRESH_FOR: TimeDelta = TimeDelta::days(1);
const BATCH: i64 = 20;

/// Sends the mails that are due. Returns how many went.
pub async fn send_due(market: &Market, now: DateTime<Utc>) -> MarketResult<usize> {
    execute!(
        market.db.exec(),
        "UPDATE notifications SET mail_state = 'dropped' WHERE mail_state = 'due' AND created_at < ?",
        now - FRESH_FOR
    )?;
    let due: Vec<(i64, String, String)> = query_as!(
        market.db.exec(),
        fetch_all,
        (i64, String, String),
        // Asked again at sending: a member who opted out or changed their address since gets none.
        "SELECT n.id, u.email, u.language FROM notifications n JOIN users u ON u.id = n.user_id \
         WHERE n.mail_state = 'due' AND (n.mail_lease_until IS NULL OR n.mail_lease_until < ?) \
         AND u.notify_by_email = TRUE AND u.email_verified_at IS NOT NULL AND u.closed_at IS NULL ORDER BY n.id LIMIT ?",
        now,
        BATCH
    )?;
    let mut sent = 0;
    for (id, to, language) in due {
        let claimed = execute!(
            market.db.exec(),
            "UPDATE notifications SET mail_lease_until = ? WHERE id = ? AND mail_state = 'due' AND (mail_lease_until IS NULL OR mail_lease_until < ?)",
            now + LEASE,
            id,
            now
        )?;
        let Some(notice) = super::inbox::one(market, id).await?.filter(|_| claimed.rows == 1) else { continue };
        let link = format!("{}{}", market.settings.public_url.trim_end_matches('/'), notice.link());
        let mail = notice_mail(to, &notice, Lang::parse(&language).unwrap_or_default(), &link);
        match market.mailer.send(mail).await {
            Ok(()) => {
                execute!(market.db.exec(), "UPDATE notifications SET mail_state = 'sent' WHERE id = ?", id)?;
                sent += 1;
            }
            Err(e) => {
                tracing::warn!(notification = id, error = %e, "mailing a notification failed; retrying after the lease")
            }
        }
    }
    Ok(sent)
}

/// A notification as mail, in the member's language.
fn notice_mail(to: String, notice: &Notice, lang: Lang, link: &str) -> Mail {
    let message = notice.message(lang);
    let headline = message.chars().filter(|c| !c.is_control()).take(60).collect::<String>();
    let (subject, body) = match lang {
        Lang::Zh => (
            format!("AI创意交易市场：{headline}"),
            format!("{message}\n\n查看详情：{link}\n\n不想再收到这类邮件？在账户设置中关闭“重要通知邮件”即可。\n"),
        ),
        Lang::En => (
            format!("AI Idea Market: {headline}"),
            format!(
                "{message}\n\nSee it on the site: {link}\n\nNo more of these emails? Turn off emails for important notifications in your account settings.\n"
            ),
        ),
    };
    Mail { to, subject, body }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mail_reads_in_the_members_language() {
        let notice = Notice {
            id: 1,
            kind: model::NoticeKind::TopUpCredited,
            idea_id: None,
            idea_title: None,
            plan_id: None,
            amount: Some(1_200),
            detail: None,
            created_at: Utc::now(),
            read: false,
        };
        let link = "https://example.com/credits";
        let zh = notice_mail("a@example.com".into(), &notice, Lang::Zh, link);
        assert_eq!(zh.subject, "AI创意交易市场：充值成功，1200 积分已到账");
        assert!(zh.body.contains("查看详情：https://example.com/credits"));
        let en = notice_mail("a@example.com".into(), &notice, Lang::En, link);
        assert_eq!(en.subject, "AI Idea Market: Top-up complete: 1,200 credits added to your balance");
        assert!(en.body.contains("See it on the site: https://example.com/credits"));
        assert!(!en.body.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{}", en.body);
    }
}
