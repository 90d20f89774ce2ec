//! Personal invite codes, who invited whom, and the inviter's reward (capped per month).

use chrono::Utc;
use model::{Msg, NoticeKind};
use rand::Rng;

use super::{Reason, Transfer};
use crate::db::{Exec, Tx};
use crate::error::{MarketError, MarketResult};
use crate::notifications::NewNotice;
use crate::{Market, execute, query_scalar};

/// Letters and digits that cannot be mistaken for one another (no 0/O, 1/I/L).
const ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
/// Characters in an invite code.
pub const CODE_LEN: usize = 10;

/// What an invite earns the inviter.
#[derive(Debug, Clone)]
pub struct InviteSettings {
    /// Credits per rewarded invitee.
    pub reward: i64,
    /// Rewarded invitees per inviter per calendar month (Beijing time); later ones are recorded only.
    pub monthly_cap: i64,
}

impl Default for InviteSettings {
    fn default() -> Self {
        Self { reward: 200, monthly_cap: 10 }
    }
}

/// A fresh random invite code.
pub fn new_code() -> String {
    let mut rng = rand::thread_rng();
    (0..CODE_LEN).map(|_| char::from(ALPHABET[rng.gen_range(0..ALPHABET.len())])).collect()
}

/// The inviter owning `code`, row-locked on MySQL so that concurrent invitees count against
/// the cap one at a time. An unknown code is a field error.
pub(crate) async fn inviter(tx: &mut Tx, code: &str) -> MarketResult<i64> {
    let unknown = || MarketError::invalid("inviteCode", Msg::new("邀请码无效", "This invite code is not valid"));
    if code.len() > 32 {
        return Err(unknown());
    }
    let sql = match &*tx {
        Tx::MySql(_) => "SELECT id FROM users WHERE invite_code = ? FOR UPDATE",
        Tx::Sqlite(_) => "SELECT id FROM users WHERE invite_code = ?",
    };
    query_scalar!(tx.exec(), fetch_optional, i64, sql, code)?.ok_or_else(unknown)
}

/// Records that `inviter` invited `invitee` and pays the reward unless this month's cap is
/// reached. Keyed by the invitee, so a replay never pays twice. Returns whether it paid.
pub(crate) async fn reward(tx: &mut Tx, settings: &InviteSettings, inviter: i64, invitee: i64) -> MarketResult<bool> {
    execute!(tx.exec(), "UPDATE users SET invited_by = ? WHERE id = ?", inviter, invitee)?;
    if rewarded_this_month(tx.exec(), inviter).await? >= settings.monthly_cap || settings.reward <= 0 {
        tracing::info!(inviter, invitee, "invite recorded, monthly reward cap reached");
        return Ok(false);
    }
    let key = format!("invite:{invitee}");
    super::transfer(tx, Transfer::issue(inviter, settings.reward, Reason::InviteReward, &key)).await?;
    let notice = NewNotice::new(inviter, NoticeKind::InviteReward, &key).amount(settings.reward);
    crate::notifications::record(tx, notice, Utc::now()).await?;
    Ok(true)
}

/// Invite rewards `user_id` received since the start of this month in Beijing.
pub async fn rewarded_this_month(exec: Exec<'_>, user_id: i64) -> MarketResult<i64> {
    let since = crate::beijing::month_start(Utc::now());
    Ok(query_scalar!(
        exec,
        fetch_one,
        i64,
        "SELECT COUNT(*) FROM credit_ledger WHERE user_id = ? AND reason = 'invite_reward' AND created_at >= ?",
        user_id,
        since
    )?)
}

/// The user's invite code, creating it for accounts made before codes existed.
pub async fn code_for(market: &Market, user_id: i64) -> MarketResult<String> {
    let select = "SELECT invite_code FROM users WHERE id = ?";
    for _ in 0..3 {
        let code: Option<Option<String>> =
            query_scalar!(market.db.exec(), fetch_optional, Option<String>, select, user_id)?;
        match code {
            None => return Err(MarketError::NotFound),
            Some(Some(code)) => return Ok(code),
            Some(None) => {}
        }
        // A concurrent reader may fill it first; a taken code (vanishingly rare) just tries again.
        let set = execute!(
            market.db.exec(),
            "UPDATE users SET invite_code = ? WHERE id = ? AND invite_code IS NULL",
            new_code(),
            user_id
        );
        if let Err(e) = set
            && !crate::db::is_unique_violation(&e)
        {
            return Err(e.into());
        }
    }
    Err(anyhow::anyhow!("could not give user {user_id} an invite code").into())
}
