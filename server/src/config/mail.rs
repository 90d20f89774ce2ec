//! Mail: the sender of email verification links, and the site's public address the links use.
//! Production refuses the log sender and names every SMTP setting still missing.

use std::net::SocketAddr;
use std::time::Duration;

use market::mail::{SmtpConfig, SmtpSecurity};

use super::AppEnv;
use super::reader::Reader;

#[derive(Debug, Clone)]
pub enum MailProvider {
    /// Each mail to the log: development only.
    Log,
    Smtp(SmtpConfig),
}

/// `PUBLIC_URL`: the scheme and host members use (`https://…` in production, where it is
/// required); links in mail start with it.
pub(super) fn public_url(r: &mut Reader, env: AppEnv, addr: SocketAddr) -> String {
    match r.get("PUBLIC_URL") {
        Some(url) => {
            let url = url.trim_end_matches('/').to_owned();
            let https = url.starts_with("https://");
            if !(https || url.starts_with("http://")) || url.contains(char::is_whitespace) {
                r.problem(format!("PUBLIC_URL={url:?}: give the site's address, e.g. https://aimarket.example.com"));
            } else if env == AppEnv::Production && !https {
                r.problem(format!("PUBLIC_URL={url}: production links must use https://"));
            }
            url
        }
        None => {
            if env == AppEnv::Production {
                r.problem("PUBLIC_URL: production needs the site's https:// address for links in mail");
            }
            format!("http://{addr}")
        }
    }
}

/// `MAIL_PROVIDER`: `log` (the default) or `smtp` with `SMTP_HOST`, `SMTP_PORT` (465),
/// `SMTP_SECURITY` (`tls`, `starttls` or `plain`), `SMTP_USERNAME`, `SMTP_PASSWORD` and
/// `MAIL_FROM`.
pub(super) fn provider(r: &mut Reader, env: AppEnv) -> MailProvider {
    let smtp = match r.get("MAIL_PROVIDER").as_deref() {
        None | Some("log") => false,
        Some("smtp") => true,
        Some(other) => {
            r.problem(format!("MAIL_PROVIDER={other:?}: use log or smtp"));
            false
        }
    };
    if !smtp {
        if env == AppEnv::Production {
            r.problem("MAIL_PROVIDER=log: production sends mail through SMTP (MAIL_PROVIDER=smtp and SMTP_*)");
        }
        return MailProvider::Log;
    }
    let username = r.get("SMTP_USERNAME").unwrap_or_default();
    let mut required = |key: &str| {
        r.get(key).unwrap_or_else(|| {
            r.problem(format!("{key}: mail goes through SMTP, which needs this setting"));
            String::new()
        })
    };
    let host = required("SMTP_HOST");
    let from = required("MAIL_FROM");
    let password = if username.is_empty() { String::new() } else { required("SMTP_PASSWORD") };
    let security = match r.get("SMTP_SECURITY").as_deref() {
        None | Some("tls") => SmtpSecurity::Tls,
        Some("starttls") => SmtpSecurity::StartTls,
        Some("plain") if env == AppEnv::Production => {
            r.problem("SMTP_SECURITY=plain: production mail must be encrypted (tls or starttls)");
            SmtpSecurity::Plain
        }
        Some("plain") => SmtpSecurity::Plain,
        Some(other) => {
            r.problem(format!("SMTP_SECURITY={other:?}: use tls, starttls or plain"));
            SmtpSecurity::Tls
        }
    };
    let port = r.number("SMTP_PORT", 465_u16);
    let timeout = r.seconds("SMTP_TIMEOUT_SECS", Duration::from_secs(10));
    MailProvider::Smtp(SmtpConfig { host, port, security, username, password, from, timeout })
}
