//! Email verification on both backends: the link mailed at registration and at a change of
//! address verifies that address once; a link for a replaced address verifies nothing.
#![allow(clippy::expect_used, clippy::unwrap_used, reason = "a test panics on a broken assumption")]

use market::accounts::{self, Viewer, email_verification};
use market::{Market, MarketError};
use model::ChangeEmailRequest;
use testkit::members::{self, PASSWORD};
use testkit::{Backend, both_backends, store};

both_backends!(a_mailed_link_verifies_its_address_once, a_new_address_needs_its_own_link);

/// The token of the latest link mailed to `email` (the development sender keeps the mails).
fn token_for(m: &Market, email: &str) -> String {
    let mail = m.mailer.last_to(email).expect("a mail was sent");
    let (_, after) = mail.body.split_once("/verify-email?token=").expect("a link in the mail");
    after.chars().take_while(char::is_ascii_hexdigit).collect()
}

fn expired<T: std::fmt::Debug>(r: &Result<T, MarketError>) -> bool {
    matches!(r, Err(MarketError::Invalid(f)) if f[0].field == "token")
}

async fn viewer(m: &Market, n: u32) -> Viewer {
    let token = members::register(m, n).await.token;
    accounts::resolve_session(m, &token).await.expect("resolve").expect("signed in")
}

async fn a_mailed_link_verifies_its_address_once(backend: Backend) {
    let s = store(backend).await;
    let m = &s.market;
    let me = viewer(m, 1).await;
    assert!(!accounts::me(m, me.id).await.expect("me").email_verified, "unverified at first");
    let mail = m.mailer.last_to("member1@example.com").expect("mailed at registration");
    assert!(mail.subject.contains("验证"), "{mail:?}");
    assert!(mail.body.contains("http://127.0.0.1:3000/verify-email?token="), "{}", mail.body);
    let token = token_for(m, "member1@example.com");
    assert_eq!(token.len(), 64);

    assert!(expired(&email_verification::verify(m, "not-a-token").await));
    assert!(expired(&email_verification::verify(m, "").await));
    let email = email_verification::verify(m, &format!(" {token} ")).await.expect("verified");
    assert_eq!(email, "member1@example.com");
    assert!(accounts::me(m, me.id).await.expect("me").email_verified);
    assert!(expired(&email_verification::verify(m, &token).await), "a link works once");
    let again = email_verification::resend(m, me.id).await;
    assert!(matches!(&again, Err(MarketError::Invalid(f)) if f[0].field == "email"), "{again:?}");
    s.cleanup().await;
}

async fn a_new_address_needs_its_own_link(backend: Backend) {
    let s = store(backend).await;
    let m = &s.market;
    let me = viewer(m, 1).await;
    let old_link = token_for(m, "member1@example.com");
    let change = ChangeEmailRequest { current_password: PASSWORD.into(), email: "new@example.com".into() };
    let changed = accounts::change_email(m, &me, change, None).await.expect("changed");
    assert!(!changed.email_verified);
    assert!(expired(&email_verification::verify(m, &old_link).await), "the old address's link verifies nothing");
    assert!(!accounts::me(m, me.id).await.expect("me").email_verified);

    // A resend, then not another within the minute.
    email_verification::resend(m, me.id).await.expect("resent");
    let limited = email_verification::resend(m, me.id).await;
    assert!(matches!(limited, Err(MarketError::RateLimited { .. })), "{limited:?}");
    email_verification::verify(m, &token_for(m, "new@example.com")).await.expect("the new link verifies");
    assert!(accounts::me(m, me.id).await.expect("me").email_verified);

    // The same address again keeps it verified, and sends nothing.
    let sent_before = m.mailer.last_to("new@example.com");
    let same = ChangeEmailRequest { current_password: PASSWORD.into(), email: "NEW@example.com".into() };
    assert!(accounts::change_email(m, &me, same, None).await.expect("unchanged").email_verified);
    assert_eq!(m.mailer.last_to("new@example.com"), sent_before);
    s.cleanup().await;
}
