//! Sending SMS codes. Development prints them to the log; production sends them through Alibaba
//! Cloud SMS and refuses the log sender at start.

pub mod acs3;
pub mod alibaba;

use std::sync::Arc;

pub use alibaba::{AlibabaSms, AlibabaSmsConfig};

/// Where SMS codes go.
#[derive(Clone, Debug)]
pub enum SmsSender {
    /// Writes one log line naming the phone and the code.
    Log,
    /// Alibaba Cloud SMS (Dysmsapi `SendSms`).
    Alibaba(Arc<AlibabaSms>),
}

/// Why a code was not sent. Carries the provider's code and message, never a credential.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SmsError {
    /// The provider answered with a `Code` other than `OK` (e.g. `isv.BUSINESS_LIMIT_CONTROL`).
    #[error("SMS provider refused: {code}: {message} (request {request_id})")]
    Rejected { code: String, message: String, request_id: String },
    /// The provider answered HTTP `status` with a body that is not its JSON result.
    #[error("SMS provider answered HTTP {status} without a result")]
    Unreadable { status: u16 },
    /// No answer within the configured timeout.
    #[error("SMS provider timed out")]
    Timeout,
    /// The request did not reach the provider or its answer was cut off.
    #[error("SMS provider unreachable: {0}")]
    Transport(String),
    /// The sender cannot work as configured (endpoint, HTTP client).
    #[error("SMS sender misconfigured: {0}")]
    Config(String),
}

impl SmsSender {
    /// Builds the Alibaba Cloud sender, checking its endpoint.
    pub fn alibaba(config: AlibabaSmsConfig) -> Result<Self, SmsError> {
        Ok(Self::Alibaba(Arc::new(AlibabaSms::new(config)?)))
    }

    /// Sends a verification code to a normalized mainland mobile number.
    pub async fn send_code(&self, phone: &str, code: &str) -> Result<(), SmsError> {
        match self {
            Self::Log => {
                tracing::info!(target: "sms", phone, code, "SMS code for {phone}: {code}");
                Ok(())
            }
            Self::Alibaba(sender) => sender.send_code(phone, code).await,
        }
    }
}
