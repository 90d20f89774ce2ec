//! Members made through the real registration (an SMS code read back from the cache, where the
//! log sender leaves it), so each test starts from accounts the product itself created.

use market::{Market, MarketResult, accounts};
use model::{LoginResponse, RegisterRequest};

pub const PASSWORD: &str = "tea-garden-2026";

/// Sends a code to `phone` and reads it back.
pub async fn sms_code(market: &Market, phone: &str) -> String {
    accounts::send_sms_code(market, phone, None).await.expect("code sent");
    market.cache.get(&format!("sms:code:{phone}")).await.expect("cache").expect("code stored")
}

/// Member `n`'s phone: `1360000nnnn`.
pub fn phone(n: u32) -> String {
    format!("1360000{n:04}")
}

/// Member `n`'s registration: `member{n}`, `member{n}@example.com`, [`PASSWORD`], [`phone`],
/// accepting the terms in force.
pub fn registration(n: u32, sms_code: String, invite_code: Option<&str>) -> RegisterRequest {
    RegisterRequest {
        username: format!("member{n}"),
        email: format!("member{n}@example.com"),
        password: PASSWORD.into(),
        phone: phone(n),
        sms_code,
        invite_code: invite_code.map(str::to_owned),
        accept_terms: true,
    }
}

/// Registers member `n`, perhaps invited, through SMS code and registration.
pub async fn try_register(market: &Market, n: u32, invite_code: Option<&str>) -> MarketResult<LoginResponse> {
    let code = sms_code(market, &phone(n)).await;
    accounts::register(market, registration(n, code, invite_code)).await
}

/// Registers member `n`; their id is `.user.id`, their session `.token`.
pub async fn register(market: &Market, n: u32) -> LoginResponse {
    try_register(market, n, None).await.expect("registered")
}
