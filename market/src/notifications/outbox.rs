//! Mailing the important notifications to members who asked for it. Each due mail is held for a
//! while (`LEASE`) by the instance sending it, and marked sent after the mail server took it. A
//! crash between the two sends it again after the lease: a mail server cannot take part in our
//! transaction, so a rare second copy is preferred to a lost message.

use chrono::{DateTime, TimeDelta, Utc};

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
    let due: Vec<(i64, String)> = query_as!(
        market.db.exec(),
        fetch_all,
        (i64, String),
        // Asked again at sending: a member who opted out or changed their address since gets none.
        "SELECT n.id, u.email FROM notifications n JOIN users u ON u.id = n.user_id \
         WHERE n.mail_state = 'due' AND (n.mail_lease_until IS NULL OR n.mail_lease_until < ?) \
         AND u.notify_by_email = TRUE AND u.email_verified_at IS NOT NULL AND u.closed_at IS NULL ORDER BY n.id LIMIT ?",
        now,
        BATCH
    )?;
    let mut sent = 0;
    for (id, to) in due {
        let claimed = execute!(
            market.db.exec(),
            "UPDATE notifications SET mail_lease_until = ? WHERE id = ? AND mail_state = 'due' AND (mail_lease_until IS NULL OR mail_lease_until < ?)",
            now + LEASE,
            id,
            now
        )?;
        let Some(notice) = super::inbox::one(market, id).await?.filter(|_| claimed.rows == 1) else { continue };
        let message = notice.message();
        let link = format!("{}{}", market.settings.public_url.trim_end_matches('/'), notice.link());
        let mail = Mail {
            to,
            subject: format!(
                "AI创意交易市场：{}",
                message.chars().filter(|c| !c.is_control()).take(60).collect::<String>()
            ),
            body: format!(
                "{message}\n\n查看详情：{link}\n\n不想再收到这类邮件？在账户设置中关闭“重要通知邮件”即可。\n"
            ),
        };
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
