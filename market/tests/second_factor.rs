//! The admins' second factor on both backends, where it is required (production): an admin's
//! session has admin powers only after a TOTP code, API tokens never; a code counts once, wrong
//! ones are limited, a member has none to give, and the command line resets a lost one.
#![allow(clippy::expect_used, clippy::unwrap_used, reason = "a test panics on a broken assumption")]

use market::accounts::{self, Viewer, second_factor, sessions};
use market::{Market, MarketError, Settings};
use model::LoginRequest;
use testkit::{Backend, both_backends, members, store_with};
use totp_rs::{Builder, Secret};

both_backends!(an_admin_session_has_admin_powers_only_after_a_code, codes_count_once_and_wrong_ones_are_limited);

fn required() -> Settings {
    Settings { admin_second_factor: true, ..Settings::default() }
}

async fn session(m: &Market, n: u32) -> (String, Viewer) {
    let req = LoginRequest { login: format!("member{n}"), password: members::PASSWORD.into() };
    let token = accounts::login::login(m, req, None).await.unwrap().token;
    let viewer = sessions::resolve_session(m, &token).await.unwrap().unwrap();
    (token, viewer)
}

/// The code the admin's app shows `offset` steps from now.
fn code(secret: &str, offset: i64) -> String {
    let totp = Builder::new().with_secret(Secret::try_from_base32(secret).unwrap()).build().unwrap();
    let at = u64::try_from(chrono::Utc::now().timestamp() + offset * 30).unwrap();
    totp.generate(at).to_string()
}

async fn an_admin_session_has_admin_powers_only_after_a_code(backend: Backend) {
    let s = store_with(backend, required()).await;
    let m = &s.market;
    members::register(m, 1).await;
    members::register(m, 2).await;
    accounts::admin::grant(m, "member1").await.unwrap();

    let (token, admin) = session(m, 1).await;
    assert!(!admin.is_admin, "no code yet: a member's powers");
    let state = second_factor::state(m, &admin).await.unwrap();
    assert!(state.required && !state.enrolled && !state.verified);
    let setup = second_factor::setup(m, &admin).await.unwrap();
    assert_eq!(second_factor::setup(m, &admin).await.unwrap().secret, setup.secret, "a reload keeps the secret");
    assert!(setup.otpauth_url.starts_with("otpauth://totp/") && setup.otpauth_url.contains(&setup.secret));
    assert!(setup.qr.starts_with("data:image/svg+xml;base64,"));

    let wrong = second_factor::verify(m, &admin, "000000").await;
    assert!(matches!(wrong, Err(MarketError::Invalid(ref f)) if f[0].field == "code"), "{wrong:?}");
    second_factor::verify(m, &admin, &code(&setup.secret, 0)).await.unwrap();
    let admin = sessions::resolve_session(m, &token).await.unwrap().unwrap();
    assert!(admin.is_admin, "the code gave this session its powers");
    assert!(second_factor::state(m, &admin).await.unwrap().verified);
    assert!(matches!(second_factor::setup(m, &admin).await, Err(MarketError::Invalid(_))), "set up once");

    // A new sign-in asks again; the app's next code answers.
    let (second, again) = session(m, 1).await;
    assert!(!again.is_admin);
    second_factor::verify(m, &again, &code(&setup.secret, 1)).await.unwrap();
    assert!(sessions::resolve_session(m, &second).await.unwrap().unwrap().is_admin);

    // An API token cannot carry a code, so it never has admin powers here.
    let api = accounts::tokens::create(m, admin.id, "脚本").await.unwrap().token;
    assert!(!sessions::resolve_session(m, &api).await.unwrap().unwrap().is_admin);

    // A member has no second factor to give.
    let (_, member) = session(m, 2).await;
    assert!(matches!(second_factor::state(m, &member).await, Err(MarketError::Forbidden)));
    assert!(matches!(second_factor::setup(m, &member).await, Err(MarketError::Forbidden)));

    // A lost phone: the command line removes the authenticator and ends the admin's sessions.
    assert!(second_factor::reset(m, "member1").await.unwrap());
    assert!(sessions::resolve_session(m, &token).await.unwrap().is_none());
    let (_, fresh) = session(m, 1).await;
    assert!(!second_factor::state(m, &fresh).await.unwrap().enrolled);
    assert!(!second_factor::reset(m, "member2").await.unwrap(), "nothing to reset");
    s.cleanup().await;
}

async fn codes_count_once_and_wrong_ones_are_limited(backend: Backend) {
    let s = store_with(backend, required()).await;
    let m = &s.market;
    members::register(m, 1).await;
    accounts::admin::grant(m, "member1").await.unwrap();
    let (_, first) = session(m, 1).await;
    let secret = second_factor::setup(m, &first).await.unwrap().secret;
    let now = code(&secret, 0);
    second_factor::verify(m, &first, &now).await.unwrap();
    let (_, second) = session(m, 1).await;
    let replay = second_factor::verify(m, &second, &now).await;
    assert!(
        matches!(replay, Err(MarketError::Invalid(ref f)) if f[0].message.get(model::Lang::Zh).contains("已经用过")),
        "{replay:?}"
    );
    let earlier = second_factor::verify(m, &second, &code(&secret, -1)).await;
    assert!(matches!(earlier, Err(MarketError::Invalid(_))), "an older step is refused too");

    for _ in 0..5 {
        assert!(matches!(second_factor::verify(m, &second, "123 456").await, Err(MarketError::Invalid(_))));
    }
    let limited = second_factor::verify(m, &second, &code(&secret, 1)).await;
    assert!(matches!(limited, Err(MarketError::RateLimited { .. })), "five wrong codes, then a wait: {limited:?}");
    s.cleanup().await;
}
