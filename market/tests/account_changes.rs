//! Changing how one signs in (email, phone) asks for the password again, and for the phone also
//! the code sent to the new number; wrong passwords count as failed logins. On SQLite and
//! MariaDB.
#![allow(clippy::expect_used, clippy::unwrap_used, reason = "a test panics on a broken assumption")]

use market::accounts::{self, Viewer};
use market::{Market, MarketError};
use model::{ChangeEmailRequest, ChangePhoneRequest, LoginRequest, ResetPasswordRequest};
use testkit::members::{self, PASSWORD};
use testkit::{Backend, both_backends, store};

both_backends!(
    email_and_phone_change_only_after_the_password,
    a_forgotten_password_is_reset_by_an_sms_code,
    consent_is_recorded_and_asked_again_for_a_new_version,
);

async fn register(m: &Market, n: u32) -> Viewer {
    let token = members::register(m, n).await.token;
    accounts::resolve_session(m, &token).await.expect("resolve").expect("signed in")
}

fn field<T>(r: &Result<T, MarketError>) -> Option<&str> {
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

/// A forgotten password: the code sent to the account's phone sets a new one, and every session
/// and API token of the account ends; wrong codes, unknown phones and weak passwords lose nothing.
async fn a_forgotten_password_is_reset_by_an_sms_code(backend: Backend) {
    let s = store(backend).await;
    let m = &s.market;
    let session = members::register(m, 1).await.token;
    let token = accounts::tokens::create(
        m,
        accounts::resolve_session(m, &session).await.expect("resolve").expect("in").id,
        "script",
    )
    .await
    .expect("token")
    .token;
    let reset = |phone: &str, code: &str, password: &str| ResetPasswordRequest {
        phone: phone.into(),
        sms_code: code.into(),
        new_password: password.into(),
    };
    let phone = members::phone(1);
    // Registration spent its code; the test skips the minute before another may be sent.
    m.cache.del(&format!("sms:cooldown:{phone}")).await.expect("reset cooldown");
    let code = members::sms_code(m, &phone).await;
    let other_code = if code == "000000" { "111111" } else { "000000" };
    let miscoded = accounts::reset_password(m, reset(&phone, other_code, "new-tea-garden-2027")).await;
    assert_eq!(field(&miscoded), Some("smsCode"), "{miscoded:?}");
    let weak = accounts::reset_password(m, reset(&phone, &code, "12345678")).await;
    assert_eq!(field(&weak), Some("newPassword"), "{weak:?}");
    let stranger = "13600009998";
    let stranger_code = members::sms_code(m, stranger).await;
    let unknown = accounts::reset_password(m, reset(stranger, &stranger_code, "new-tea-garden-2027")).await;
    assert_eq!(field(&unknown), Some("phone"), "{unknown:?}");
    // Nothing changed yet: the old password and both credentials still work.
    let old = || LoginRequest { login: "member1".into(), password: PASSWORD.into() };
    accounts::login(m, old(), None).await.expect("the old password still signs in");
    assert!(accounts::resolve_session(m, &token).await.expect("resolve").is_some());

    accounts::reset_password(m, reset(&format!("+86 {phone}"), &code, "new-tea-garden-2027")).await.expect("reset");
    assert!(matches!(accounts::login(m, old(), None).await, Err(MarketError::BadCredentials)));
    let new = LoginRequest { login: "member1".into(), password: "new-tea-garden-2027".into() };
    accounts::login(m, new, None).await.expect("the new password signs in");
    assert_eq!(accounts::resolve_session(m, &session).await.expect("resolve"), None, "the session ended");
    assert_eq!(accounts::resolve_session(m, &token).await.expect("resolve"), None, "the API token ended");
    let again = accounts::reset_password(m, reset(&phone, &code, "another-garden-2028")).await;
    assert_eq!(field(&again), Some("smsCode"), "the code was spent: {again:?}");
    s.cleanup().await;
}

/// Consent to the terms: recorded with its version at registration when given, asked for when
/// not given or given to an older version, and recorded again once accepted.
async fn consent_is_recorded_and_asked_again_for_a_new_version(backend: Backend) {
    let s = store(backend).await;
    let m = &s.market;
    let consenting = members::register(m, 1).await.user;
    assert!(consenting.terms_accepted);
    let version = |id: i64| async move {
        market::query_scalar!(
            m.db.exec(),
            fetch_one,
            Option<String>,
            "SELECT terms_version FROM users WHERE id = ?",
            id
        )
        .expect("version")
    };
    assert_eq!(version(consenting.id).await.as_deref(), Some(model::TERMS_VERSION));

    // Through the API without the field, as the original plan's body: registered, and asked.
    let code = members::sms_code(m, &members::phone(2)).await;
    let req = model::RegisterRequest { accept_terms: false, ..members::registration(2, code, None) };
    let silent = accounts::register(m, req).await.expect("registered").user;
    assert!(!silent.terms_accepted);
    assert_eq!(version(silent.id).await, None);
    assert!(accounts::accept_terms(m, silent.id).await.expect("accepted").terms_accepted);

    // A new version of the terms asks everyone who accepted an older one.
    market::execute!(m.db.exec(), "UPDATE users SET terms_version = '2000-01-01' WHERE id = ?", consenting.id)
        .expect("an older version");
    assert!(!accounts::me(m, consenting.id).await.expect("me").terms_accepted);
    assert!(accounts::accept_terms(m, consenting.id).await.expect("accepted").terms_accepted);
    assert_eq!(version(consenting.id).await.as_deref(), Some(model::TERMS_VERSION));
    s.cleanup().await;
}
