//! Payments: `PAYMENT_PROVIDER` (`dev`, the default, or `alipay` with `ALIPAY_*`) and
//! `CREDIT_PACKAGES`. Production refuses `dev` and names every Alipay setting still missing; keys
//! are read here, so a key that cannot be used stops the start rather than the first payment.

use std::time::Duration;

use market::payments::alipay::{DEFAULT_GATEWAY, PrivateKey, PublicKey};
use model::Package;

use super::reader::Reader;
use super::{AppEnv, Secret};

#[derive(Debug, Clone)]
pub enum PaymentProvider {
    /// The order page's button pays: development only.
    Dev,
    Alipay(AlipaySettings),
}

/// One Alipay app, as configured; `startup` builds the client from it.
#[derive(Debug, Clone)]
pub struct AlipaySettings {
    pub app_id: String,
    /// The app's private key (PKCS #8 or PKCS #1, base64 or PEM).
    pub private_key: Secret,
    /// Alipay's public key, from the open platform's console.
    pub alipay_public_key: String,
    pub gateway: String,
    pub seller_id: Option<String>,
    pub timeout: Duration,
}

impl AlipaySettings {
    /// The client's configuration, calling back to `public_url`.
    pub fn client_config(&self, public_url: &str) -> Result<market::payments::alipay::AlipayConfig, String> {
        Ok(market::payments::alipay::AlipayConfig {
            app_id: self.app_id.clone(),
            private_key: PrivateKey::parse(self.private_key.expose())
                .map_err(|e| format!("ALIPAY_APP_PRIVATE_KEY: {e}"))?,
            alipay_public_key: PublicKey::parse(&self.alipay_public_key)
                .map_err(|e| format!("ALIPAY_PUBLIC_KEY: {e}"))?,
            gateway: self.gateway.clone(),
            seller_id: self.seller_id.clone(),
            notify_url: format!("{public_url}/payments/alipay/notify"),
            public_url: public_url.to_owned(),
            timeout: self.timeout,
        })
    }
}

pub(super) fn provider(r: &mut Reader, env: AppEnv) -> PaymentProvider {
    let alipay = match r.get("PAYMENT_PROVIDER").as_deref() {
        None | Some("dev") => false,
        Some("alipay") => true,
        Some(other) => {
            r.problem(format!("PAYMENT_PROVIDER={other:?}: use dev or alipay"));
            false
        }
    };
    if !alipay {
        if env == AppEnv::Production {
            r.problem("PAYMENT_PROVIDER=dev: production must not let a button pay orders; set PAYMENT_PROVIDER=alipay and ALIPAY_*");
        }
        return PaymentProvider::Dev;
    }
    let mut required = |key: &str| {
        r.get(key).unwrap_or_else(|| {
            r.problem(format!("{key}: payments go through Alipay, which needs this setting"));
            String::new()
        })
    };
    let settings = AlipaySettings {
        app_id: required("ALIPAY_APP_ID"),
        private_key: Secret(required("ALIPAY_APP_PRIVATE_KEY")),
        alipay_public_key: required("ALIPAY_PUBLIC_KEY"),
        gateway: r.text("ALIPAY_GATEWAY", DEFAULT_GATEWAY),
        seller_id: r.get("ALIPAY_SELLER_ID"),
        timeout: r.seconds("ALIPAY_TIMEOUT_SECS", Duration::from_secs(10)),
    };
    if !settings.private_key.expose().is_empty()
        && let Err(e) = PrivateKey::parse(settings.private_key.expose())
    {
        r.problem(format!("ALIPAY_APP_PRIVATE_KEY: {e}"));
    }
    if !settings.alipay_public_key.is_empty()
        && let Err(e) = PublicKey::parse(&settings.alipay_public_key)
    {
        r.problem(format!("ALIPAY_PUBLIC_KEY: {e}"));
    }
    if !(settings.gateway.starts_with("https://") || settings.gateway.starts_with("http://")) {
        r.problem(format!("ALIPAY_GATEWAY={:?}: give the gateway's URL", settings.gateway));
    } else if env == AppEnv::Production && !settings.gateway.starts_with("https://") {
        r.problem(format!("ALIPAY_GATEWAY={}: production talks to Alipay over https:// only", settings.gateway));
    }
    if settings.timeout.is_zero() {
        r.problem("ALIPAY_TIMEOUT_SECS must be above 0");
    }
    PaymentProvider::Alipay(settings)
}

pub(super) fn packages(r: &mut Reader) -> Vec<Package> {
    match r.get("CREDIT_PACKAGES") {
        None => market::payments::default_packages(),
        Some(text) => market::payments::parse_packages(&text).unwrap_or_else(|e| {
            r.problem(format!("CREDIT_PACKAGES={text:?}: {e} (write credits:fen pairs, e.g. 100:1000,500:4500)"));
            market::payments::default_packages()
        }),
    }
}
