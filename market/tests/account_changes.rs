//! Changing how one signs in (email, phone) asks for the password again, and for the phone also
//! the code sent to the new number; wrong passwords count as failed logins. On SQLite and
//! MariaDB.
#![allow(clippy::expect_used, clippy::unwrap_used, reason = "a test panics on a broken assumption")]

use market::accounts::{self, Viewer};
use market::{Market, MarketError};
use model::{ChangeEmailRequest, ChangePhoneRequest, LoginRequest};
use testkit::members::{self, PASSWORD};
use testkit::{Backend, both_backends, store};

both_backends!(email_and_phone_change_only_after_the_password);

async fn register(m: &Market, n: u32) -> Viewer {
    let token = members::register(m, n).await.token;
    accounts::resolve_session(m, &token).await.expect("resolve").expect("signed in")
}

fn field(r: &Result<model::Me, MarketError>) -> Option<&str> {
    match r {
        Err(MarketError::Invalid(fields)) => fields.first().map(|f| f.field.as_str()),
        _ => None,
    }
}

async fn email_and_phone_change_only_after_the_password(backend: Backend) {
    let s = store(backend).await;
    let m = &s.market;
    let me = register(m, 1).await;
    let _other = register(m, 2).await;
    let here = Some("192.0.2.1".parse().expect("ip"));

    // Email: the password first, then the address, which must be free.
    let email =
        |password: &str, email: &str| ChangeEmailRequest { current_password: password.into(), email: email.into() };
    let wrong = accounts::change_email(m, &me, email("not it", "new@example.com"), here).await;
    assert_eq!(field(&wrong), Some("currentPassword"), "{wrong:?}");
    let taken = accounts::change_email(m, &me, email(PASSWORD, "MEMBER2@example.com"), here).await;
    assert!(matches!(taken, Err(MarketError::Duplicate("email"))), "{taken:?}");
    let bad = accounts::change_email(m, &me, email(PASSWORD, "not-an-address"), here).await;
    assert_eq!(field(&bad), Some("email"));
    let changed = accounts::change_email(m, &me, email(PASSWORD, " New@Example.com "), here).await.expect("changed");
    assert_eq!(changed.email, "new@example.com");
    let by_new = LoginRequest { login: "new@example.com".into(), password: PASSWORD.into() };
    accounts::login(m, by_new, None).await.expect("signs in with the new address");

    // Phone: the password, then the code sent to the new number.
    let phone = |password: &str, phone: &str, code: &str| ChangePhoneRequest {
        current_password: password.into(),
        phone: phone.into(),
        sms_code: code.into(),
    };
    let code = members::sms_code(m, "13500009999").await;
    let wrong = accounts::change_phone(m, &me, phone("not it", "13500009999", &code), here).await;
    assert_eq!(field(&wrong), Some("currentPassword"), "{wrong:?}");
    let other_code = if code == "000000" { "111111" } else { "000000" };
    let miscoded = accounts::change_phone(m, &me, phone(PASSWORD, "13500009999", other_code), here).await;
    assert_eq!(field(&miscoded), Some("smsCode"), "{miscoded:?}");
    let changed = accounts::change_phone(m, &me, phone(PASSWORD, "135 0000 9999", &code), here).await.expect("changed");
    assert_eq!(changed.phone.as_deref(), Some("13500009999"));
    let again = accounts::change_phone(m, &me, phone(PASSWORD, "13500009999", &code), here).await;
    assert_eq!(field(&again), Some("smsCode"), "the code was spent");
    m.cache.del("sms:cooldown:13600000002").await.expect("reset cooldown");
    let code = members::sms_code(m, "13600000002").await;
    let taken = accounts::change_phone(m, &me, phone(PASSWORD, "13600000002", &code), here).await;
    assert!(matches!(taken, Err(MarketError::Duplicate("phone"))), "{taken:?}");

    // Guessing the password through these forms counts like guessing it at sign-in.
    for _ in 1..accounts::LOGIN_MAX_FAILURES {
        let _ = accounts::change_email(m, &me, email("guess", "x@example.com"), here).await;
    }
    let waiting = accounts::change_email(m, &me, email(PASSWORD, "y@example.com"), here).await;
    assert!(matches!(waiting, Err(MarketError::RateLimited { .. })), "{waiting:?}");
    let at_sign_in =
        accounts::login(m, LoginRequest { login: "member1".into(), password: PASSWORD.into() }, here).await;
    assert!(matches!(at_sign_in, Err(MarketError::RateLimited { .. })), "{at_sign_in:?}");
    s.cleanup().await;
}
