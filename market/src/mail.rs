//! Mail senders: the development one writes each message to the log (and keeps the latest few,
//! as the log SMS sender keeps codes in the cache), production sends through SMTP with lettre.
//! Messages are plain text, so no user text can become markup in a mail reader.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use lettre::message::{Mailbox, header::ContentType};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

/// How many messages the development sender keeps.
const KEPT: usize = 100;

/// One message as sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub body: String,
}

/// How SMTP is reached: `Tls` on connect (SMTPS, usually port 465), `StartTls` (usually 587), or
/// `Plain`, for a relay on the same host only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmtpSecurity {
    Tls,
    StartTls,
    Plain,
}

#[derive(Clone)]
pub struct SmtpConfig {
    pub host: String,
    pub port: u16,
    pub security: SmtpSecurity,
    pub username: String,
    pub password: String,
    /// The sender, e.g. `AI创意交易市场 <noreply@example.com>`.
    pub from: String,
    pub timeout: Duration,
}

impl std::fmt::Debug for SmtpConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpConfig")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("security", &self.security)
            .field("username", &self.username)
            .field("password", &"***")
            .field("from", &self.from)
            .finish()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("the address {0:?} cannot be mailed to")]
    Address(String),
    #[error("building the message: {0}")]
    Build(#[from] lettre::error::Error),
    #[error("SMTP: {0}")]
    Smtp(#[from] lettre::transport::smtp::Error),
}

#[derive(Clone)]
pub enum Mailer {
    Log(Arc<Mutex<VecDeque<Mail>>>),
    Smtp { transport: Box<AsyncSmtpTransport<Tokio1Executor>>, from: Mailbox },
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Log(_) => "Mailer::Log",
            Self::Smtp { .. } => "Mailer::Smtp",
        })
    }
}

impl Default for Mailer {
    fn default() -> Self {
        Self::Log(Arc::default())
    }
}

impl Mailer {
    pub fn smtp(config: &SmtpConfig) -> Result<Self, MailError> {
        let from: Mailbox = config.from.parse().map_err(|_| MailError::Address(config.from.clone()))?;
        let builder = match config.security {
            SmtpSecurity::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(&config.host)?,
            SmtpSecurity::StartTls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&config.host)?,
            SmtpSecurity::Plain => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&config.host),
        };
        let mut builder = builder.port(config.port).timeout(Some(config.timeout));
        if !config.username.is_empty() {
            builder = builder.credentials(Credentials::new(config.username.clone(), config.password.clone()));
        }
        Ok(Self::Smtp { transport: Box::new(builder.build()), from })
    }

    pub fn backend(&self) -> &'static str {
        match self {
            Self::Log(_) => "log",
            Self::Smtp { .. } => "smtp",
        }
    }

    pub async fn send(&self, mail: Mail) -> Result<(), MailError> {
        match self {
            Self::Log(kept) => {
                tracing::info!(to = %mail.to, subject = %mail.subject, body = %mail.body, "mail (development sender)");
                let mut kept = kept.lock().unwrap_or_else(PoisonError::into_inner);
                if kept.len() == KEPT {
                    kept.pop_front();
                }
                kept.push_back(mail);
                Ok(())
            }
            Self::Smtp { transport, from } => {
                let to: Mailbox = mail.to.parse().map_err(|_| MailError::Address(mail.to.clone()))?;
                let message = Message::builder()
                    .from(from.clone())
                    .to(to)
                    .subject(mail.subject)
                    .header(ContentType::TEXT_PLAIN)
                    .body(mail.body)?;
                transport.send(message).await?;
                Ok(())
            }
        }
    }

    /// The messages the development sender kept for `to`, oldest first (none from SMTP).
    pub fn kept_for(&self, to: &str) -> Vec<Mail> {
        match self {
            Self::Log(kept) => {
                kept.lock().unwrap_or_else(PoisonError::into_inner).iter().filter(|m| m.to == to).cloned().collect()
            }
            Self::Smtp { .. } => Vec::new(),
        }
    }

    /// The latest message the development sender kept for `to` (none from SMTP).
    pub fn last_to(&self, to: &str) -> Option<Mail> {
        match self {
            Self::Log(kept) => {
                kept.lock().unwrap_or_else(PoisonError::into_inner).iter().rev().find(|m| m.to == to).cloned()
            }
            Self::Smtp { .. } => None,
        }
    }
}
