//! Proving an email address: a link with a random token is mailed at registration and at every
//! change of address; opening it (and confirming) marks the address verified. The cache keeps
//! only the token's hash, for a day, with the address it was sent to, so a link for an address
//! the member has since replaced verifies nothing.

use std::time::Duration;

use chrono::Utc;
use model::{Lang, Msg};
use sha2::{Digest, Sha256};

use crate::error::{MarketError, MarketResult};
use crate::mail::Mail;
use crate::{Market, execute, query_scalar};

/// How long a link works.
pub const LINK_TTL: Duration = Duration::from_secs(24 * 3600);
/// The wait before another link may be sent to the same member.
const RESEND_AFTER: Duration = Duration::from_secs(60);

fn key(token: &str) -> String {
    format!("email:verify:{}", hex::encode(Sha256::digest(token.as_bytes())))
}

/// Mails a fresh verification link for `email` to it. A failure to send is logged and
/// returned; the account is unaffected and the member can ask again.
pub async fn send(market: &Market, user_id: i64, email: &str) -> MarketResult<()> {
    let token = hex::encode(rand::random::<[u8; 32]>());
    market.cache.set_ex(&key(&token), &format!("{user_id}\n{email}"), LINK_TTL).await?;
    let link = format!("{}/verify-email?token={token}", market.settings.public_url.trim_end_matches('/'));
    // The member's language: at registration the one they browsed in.
    let language =
        query_scalar!(market.db.exec(), fetch_optional, String, "SELECT language FROM users WHERE id = ?", user_id)?;
    let lang = language.as_deref().and_then(Lang::parse).unwrap_or_default();
    let mail = verification_mail(email, lang, &link);
    market.mailer.send(mail).await.map_err(|e| {
        tracing::warn!(user_id, error = %e, "sending the verification mail failed");
        MarketError::Internal(e.into())
    })
}

fn verification_mail(email: &str, lang: Lang, link: &str) -> Mail {
    let (subject, body) = match lang {
        Lang::Zh => (
            "请验证你的邮箱 · AI创意交易市场".to_owned(),
            format!(
                "你好！\n\n请在 24 小时内打开下面的链接，确认这个邮箱属于你：\n\n{link}\n\n如果你没有在 AI创意交易市场 注册或修改邮箱，请忽略这封邮件。\n"
            ),
        ),
        Lang::En => (
            "Please verify your email address · AI Idea Market".to_owned(),
            format!(
                "Hello!\n\nWithin 24 hours, open the link below to confirm that this email address is yours:\n\n{link}\n\nIf you did not sign up on AI Idea Market or change your email address there, ignore this email.\n"
            ),
        ),
    };
    Mail { to: email.to_owned(), subject, body }
}

/// Sends the link again for the member's current address, at most once a minute.
pub async fn resend(market: &Market, user_id: i64) -> MarketResult<()> {
    let me = super::me(market, user_id).await?;
    if me.email_verified {
        return Err(MarketError::invalid(
            "email",
            Msg::new("邮箱已经验证过了", "This email address is already verified"),
        ));
    }
    let (count, left) = market.cache.count(&format!("email:resend:{user_id}"), RESEND_AFTER).await?;
    if count > 1 {
        return Err(MarketError::RateLimited { retry_after_secs: left });
    }
    send(market, user_id, &me.email).await
}

/// Marks the address verified when the token is live and the account still has the address it
/// was sent to; returns that address.
pub async fn verify(market: &Market, token: &str) -> MarketResult<String> {
    let expired = || {
        MarketError::invalid(
            "token",
            Msg::new(
                "验证链接无效或已过期，请在账户设置中重新发送",
                "This verification link is invalid or has expired; send a new one from your account settings",
            ),
        )
    };
    let token = token.trim();
    if token.is_empty() || token.len() > 128 {
        return Err(expired());
    }
    let stored = market.cache.get(&key(token)).await?.ok_or_else(expired)?;
    let (user_id, email) = stored.split_once('\n').ok_or_else(expired)?;
    let user_id: i64 = user_id.parse().map_err(|_| expired())?;
    let done = execute!(
        market.db.exec(),
        "UPDATE users SET email_verified_at = COALESCE(email_verified_at, ?) WHERE id = ? AND email = ? AND closed_at IS NULL",
        Utc::now(),
        user_id,
        email
    )?;
    market.cache.del(&key(token)).await?;
    if done.rows != 1 {
        return Err(expired());
    }
    tracing::info!(user_id, "email verified");
    Ok(email.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_link_is_mailed_in_the_members_language() {
        let link = "https://example.com/verify-email?token=ab";
        let zh = verification_mail("a@example.com", Lang::Zh, link);
        assert!(zh.subject.starts_with("请验证你的邮箱") && zh.body.contains(link));
        let en = verification_mail("a@example.com", Lang::En, link);
        assert_eq!(en.subject, "Please verify your email address · AI Idea Market");
        assert!(en.body.contains(link));
        assert!(!en.body.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{}", en.body);
    }
}
