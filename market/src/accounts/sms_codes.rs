//! Six-digit codes sent by SMS, which prove a phone at registration and at a phone change.

use std::net::IpAddr;
use std::time::Duration;

use model::Msg;
use rand::Rng;

use crate::Market;
use crate::error::{MarketError, MarketResult};

fn sms_code_key(phone: &str) -> String {
    format!("sms:code:{phone}")
}

/// Wrong codes tried against one sent code before it is voided.
pub const SMS_CODE_MAX_TRIES: i64 = 5;
/// Codes sent to one phone per day.
pub const SMS_DAILY_PER_PHONE: i64 = 10;
/// Codes sent from one address per day, to any phones.
pub const SMS_DAILY_PER_ADDRESS: i64 = 30;
const DAY: Duration = Duration::from_secs(24 * 3600);

fn sms_tries_key(phone: &str) -> String {
    format!("sms:tries:{phone}")
}

/// Sends a fresh 6-digit code to a mainland mobile, at most once a minute and
/// [`SMS_DAILY_PER_PHONE`] times a day per phone, and [`SMS_DAILY_PER_ADDRESS`] times a day
/// from the requesting address.
#[tracing::instrument(skip(market))]
pub async fn send_sms_code(market: &Market, phone: &str, client: Option<IpAddr>) -> MarketResult<()> {
    let phone = model::normalize_phone(phone);
    model::validate::phone(&phone).map_err(|m| MarketError::invalid("phone", m))?;
    if let Some(ip) = client {
        let (sent_today, left) = market.cache.count(&format!("sms:daily-from:{ip}"), DAY).await?;
        if sent_today > SMS_DAILY_PER_ADDRESS {
            return Err(MarketError::RateLimited { retry_after_secs: left });
        }
    }
    let cooldown = format!("sms:cooldown:{phone}");
    if !market.cache.set_nx_ex(&cooldown, "1", market.settings.sms_resend_after).await? {
        let retry_after_secs = market.cache.ttl(&cooldown).await?.unwrap_or(1);
        return Err(MarketError::RateLimited { retry_after_secs });
    }
    let (sent_today, left) = market.cache.count(&format!("sms:daily:{phone}"), DAY).await?;
    if sent_today > SMS_DAILY_PER_PHONE {
        return Err(MarketError::RateLimited { retry_after_secs: left });
    }
    let code = format!("{:06}", rand::thread_rng().gen_range(0..1_000_000));
    market.cache.set_ex(&sms_code_key(&phone), &code, market.settings.sms_code_ttl).await?;
    market.cache.del(&sms_tries_key(&phone)).await?;
    if let Err(e) = market.sms.send_code(&phone, &code).await {
        // Nothing reached the phone: let the person try again at once.
        market.cache.del(&cooldown).await?;
        return Err(e.into());
    }
    Ok(())
}

/// Checks the code sent to `phone` (it stays valid: the caller spends it once its change is
/// made, so a refused attempt can be corrected). Each wrong try counts; the fifth voids the
/// code, so six digits cannot be guessed.
pub(super) async fn check(market: &Market, phone: &str, code: &str) -> MarketResult<()> {
    let expected = market.cache.get(&sms_code_key(phone)).await?;
    match expected {
        Some(expected) if expected == code => Ok(()),
        Some(_) => {
            let (tries, _) = market.cache.count(&sms_tries_key(phone), market.settings.sms_code_ttl).await?;
            if tries >= SMS_CODE_MAX_TRIES {
                market.cache.del(&sms_code_key(phone)).await?;
                return Err(MarketError::invalid(
                    "smsCode",
                    Msg::new(
                        "验证码错误次数过多，已失效，请重新获取",
                        "Too many wrong tries: this code no longer works; please request a new one",
                    ),
                ));
            }
            let left = SMS_CODE_MAX_TRIES - tries;
            Err(MarketError::invalid(
                "smsCode",
                Msg::new(
                    format!("验证码错误，还可再试 {left} 次"),
                    format!("Wrong code: {left} {} left", if left == 1 { "try" } else { "tries" }),
                ),
            ))
        }
        None => Err(MarketError::invalid(
            "smsCode",
            Msg::new("验证码错误或已过期，请重新获取", "The code is wrong or has expired; please request a new one"),
        )),
    }
}

/// Voids the code of `phone` once the change it proved has been made.
pub(super) async fn spend(market: &Market, phone: &str) -> MarketResult<()> {
    Ok(market.cache.del(&sms_code_key(phone)).await?)
}
