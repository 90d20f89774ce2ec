use super::*;
use market::mail::SmtpSecurity;

#[test]
fn no_settings_is_the_embedded_default() {
    let c = Config::from_source(&[]).expect("defaults are valid");
    assert_eq!(c.env, AppEnv::Development);
    assert_eq!(c.http.addr.to_string(), "127.0.0.1:3000");
    assert_eq!(c.stores.database_url.expose(), "sqlite://data/ai-market.db");
    assert!(c.stores.redis_url.is_none());
    assert!(!c.http.cookie_secure);
    assert_eq!(c.sms_provider, SmsProvider::Log);
}

#[test]
fn production_refuses_each_unsafe_default_by_name() {
    let problems = Config::from_source(&[("APP_ENV", "production"), ("COOKIE_SECURE", "false")])
        .expect_err("unsafe production refused");
    let all = problems.join("\n");
    for setting in [
        "DATABASE_URL",
        "REDIS_URL",
        "COOKIE_SECURE",
        "ALIBABA_SMS_ACCESS_KEY_SECRET",
        "SMS_PROVIDER=log",
        "PAYMENT_PROVIDER=dev",
        "ATTACHMENT_STORE",
    ] {
        assert!(all.contains(setting), "{setting} not named in:\n{all}");
    }
}

#[test]
fn production_with_mysql_and_redis_still_needs_sms_secrets() {
    let problems = Config::from_source(&[
        ("APP_ENV", "production"),
        ("DATABASE_URL", "mysql://app@db/ai_market"),
        ("REDIS_URL", "redis://cache:6379"),
    ])
    .expect_err("no SMS secrets");
    assert!(
        problems
            .iter()
            .all(|p| !p.starts_with("DATABASE_URL") && !p.starts_with("REDIS_URL") && !p.starts_with("COOKIE")),
        "{problems:?}"
    );
    assert!(problems.iter().any(|p| p.starts_with("ALIBABA_SMS_ACCESS_KEY_ID")));
}

#[test]
fn bad_values_are_named() {
    let problems =
        Config::from_source(&[("PORT", "eighty"), ("APP_ENV", "staging"), ("DATABASE_MAX_CONNECTIONS", "many")])
            .expect_err("refused");
    assert_eq!(problems.len(), 3, "{problems:?}");
    let problems = Config::from_source(&[("SMS_RESEND_SECS", "0.5")]).expect_err("refused");
    assert_eq!(problems, ["SMS_RESEND_SECS must be at least 1"]);
    let c = Config::from_source(&[("SMS_RESEND_SECS", "2")]).expect("valid");
    assert_eq!(c.sms_resend_after, std::time::Duration::from_secs(2));
}

#[test]
fn providers_come_from_the_plans_variables() {
    let c = Config::from_source(&[
        ("TENCENT_SECRET_KEY", "tk"),
        ("ZHIPU_API_KEY", "zk"),
        ("ZHIPU_BASE_URL", "http://127.0.0.1:9/v4"),
        ("ZHIPU_MODEL", "glm-4-air"),
    ])
    .expect("valid");
    let agents: Vec<_> = c.providers.iter().map(|p| (p.agent.key(), p.base_url.as_str(), p.model.as_str())).collect();
    assert_eq!(
        agents,
        [
            ("tencent", "https://api.hunyuan.cloud.tencent.com/v1", "hunyuan-turbos-latest"),
            ("zhipu", "http://127.0.0.1:9/v4", "glm-4-air")
        ]
    );
    assert!(!format!("{c:?}").contains("zk"), "keys never print");
    assert!(Config::from_source(&[]).expect("valid").providers.is_empty(), "no keys: five offline analysts");
}

/// Every production setting, with SMS through Alibaba Cloud and mail through SMTP.
const PRODUCTION: [(&str, &str); 19] = [
    ("APP_ENV", "production"),
    ("DATABASE_URL", "mysql://app@db/ai_market"),
    ("REDIS_URL", "redis://cache:6379"),
    ("SMS_PROVIDER", "alibaba"),
    ("ALIBABA_SMS_ACCESS_KEY_ID", "LTAI-example-id"),
    ("ALIBABA_SMS_ACCESS_KEY_SECRET", "sms-secret-hunter2"),
    ("ALIBABA_SMS_SIGN_NAME", "AI市场"),
    ("ALIBABA_SMS_TEMPLATE_CODE", "SMS_0001"),
    ("PUBLIC_URL", "https://aimarket.example.com/"),
    ("MAIL_PROVIDER", "smtp"),
    ("SMTP_HOST", "smtpdm.aliyun.com"),
    ("SMTP_USERNAME", "noreply@mail.example.com"),
    ("SMTP_PASSWORD", "smtp-secret-hunter3"),
    ("MAIL_FROM", "AI创意交易市场 <noreply@mail.example.com>"),
    ("ATTACHMENT_STORE", "oss"),
    ("OSS_ENDPOINT", "https://oss-cn-hangzhou.aliyuncs.com"),
    ("OSS_BUCKET", "aimarket-files"),
    ("OSS_ACCESS_KEY_ID", "LTAI-oss-id"),
    ("OSS_ACCESS_KEY_SECRET", "oss-secret-hunter4"),
];

/// The app's and "Alipay's" keys for the production settings, made once per test run.
static KEYS: std::sync::LazyLock<(testkit::alipay::KeyPair, testkit::alipay::KeyPair)> =
    std::sync::LazyLock::new(|| (testkit::alipay::KeyPair::generate(), testkit::alipay::KeyPair::generate()));

/// Every production setting: `PRODUCTION` and payments through Alipay.
fn production() -> Vec<(&'static str, &'static str)> {
    let mut settings = PRODUCTION.to_vec();
    settings.extend([
        ("PAYMENT_PROVIDER", "alipay"),
        ("ALIPAY_APP_ID", "2021000000000001"),
        ("ALIPAY_APP_PRIVATE_KEY", KEYS.0.private_pem.as_str()),
        ("ALIPAY_PUBLIC_KEY", KEYS.1.public_pem.as_str()),
    ]);
    settings
}

#[test]
fn production_with_alibaba_sms_starts() {
    let c = Config::from_source(&production()).expect("production with Alibaba Cloud SMS is accepted");
    assert_eq!(c.env, AppEnv::Production);
    let SmsProvider::Alibaba(sms) = &c.sms_provider else { panic!("not Alibaba: {:?}", c.sms_provider) };
    assert_eq!(
        (sms.access_key_id.as_str(), sms.sign_name.as_str(), sms.template_code.as_str()),
        ("LTAI-example-id", "AI市场", "SMS_0001")
    );
    assert_eq!(sms.endpoint, "https://dysmsapi.aliyuncs.com");
    assert!(!format!("{c:?}").contains("hunter2"), "the AccessKey secret never prints");
    assert_eq!(c.public_url, "https://aimarket.example.com");
    let MailProvider::Smtp(smtp) = &c.mail_provider else { panic!("not SMTP: {:?}", c.mail_provider) };
    assert_eq!((smtp.host.as_str(), smtp.port, smtp.security), ("smtpdm.aliyun.com", 465, SmtpSecurity::Tls));
    assert!(!format!("{c:?}").contains("hunter3"), "the SMTP password never prints");
    let FileStore::Oss { settings, .. } = &c.files.store else { panic!("not OSS: {:?}", c.files.store) };
    assert_eq!((settings.region.as_str(), settings.virtual_hosted), ("oss-cn-hangzhou", true));
    assert!(!format!("{c:?}").contains("hunter4"), "the OSS secret never prints");
}

#[test]
fn attachments_default_to_a_folder_and_oss_names_what_it_lacks() {
    let c = Config::from_source(&[]).expect("development");
    assert!(matches!(&c.files.store, FileStore::Local(dir) if dir.as_os_str() == "data/attachments"));
    assert_eq!((c.files.limits.per_file, c.files.limits.per_idea), (10 << 20, 30 << 20));
    assert!(c.files.redirect.is_none());

    let problems =
        Config::from_source(&[("ATTACHMENT_STORE", "oss"), ("OSS_ENDPOINT", "oss-cn-hangzhou.aliyuncs.com")])
            .expect_err("incomplete");
    for setting in ["OSS_BUCKET", "OSS_ACCESS_KEY_ID", "OSS_ACCESS_KEY_SECRET", "OSS_ENDPOINT="] {
        assert!(problems.iter().any(|p| p.starts_with(setting)), "{setting} not named: {problems:?}");
    }
    let problems = Config::from_source(&[
        ("ATTACHMENT_STORE", "s3"),
        ("ATTACHMENT_MAX_FILE_MB", "40"),
        ("ATTACHMENT_REDIRECT_SECS", "60"),
    ])
    .expect_err("refused");
    for setting in ["ATTACHMENT_STORE=", "ATTACHMENT_MAX_FILE_MB", "ATTACHMENT_REDIRECT_SECS"] {
        assert!(problems.iter().any(|p| p.starts_with(setting)), "{setting} not named: {problems:?}");
    }

    let mut settings = production();
    settings.retain(|(k, _)| *k != "OSS_ENDPOINT");
    settings.push(("OSS_ENDPOINT", "http://oss-cn-hangzhou.aliyuncs.com"));
    let problems = Config::from_source(&settings).expect_err("plain HTTP refused in production");
    assert!(problems.iter().all(|p| p.starts_with("OSS_ENDPOINT")), "{problems:?}");
    let mut settings = production();
    settings.retain(|(k, _)| !k.starts_with("OSS_"));
    settings.retain(|(k, _)| *k != "ATTACHMENT_STORE");
    settings.push(("ATTACHMENT_STORE", "local"));
    Config::from_source(&settings).expect("a single server may keep files in its folder when it says so");
}

#[test]
fn production_refuses_the_log_sender_even_with_the_alibaba_keys() {
    let mut settings = production();
    settings[3] = ("SMS_PROVIDER", "log");
    let problems = Config::from_source(&settings).expect_err("log sender refused");
    assert!(problems.iter().any(|p| p.starts_with("SMS_PROVIDER=log")), "{problems:?}");
    assert!(problems.iter().all(|p| !p.starts_with("ALIBABA_SMS")), "{problems:?}");
}

#[test]
fn alibaba_sms_names_each_missing_or_bad_setting() {
    let problems = Config::from_source(&[
        ("SMS_PROVIDER", "alibaba"),
        ("ALIBABA_SMS_ACCESS_KEY_ID", "LTAI-example-id"),
        ("ALIBABA_SMS_ENDPOINT", "ftp://dysmsapi.aliyuncs.com/x"),
    ])
    .expect_err("incomplete");
    let all = problems.join("\n");
    for setting in
        ["ALIBABA_SMS_ACCESS_KEY_SECRET", "ALIBABA_SMS_SIGN_NAME", "ALIBABA_SMS_TEMPLATE_CODE", "ALIBABA_SMS_ENDPOINT"]
    {
        assert!(all.contains(setting), "{setting} not named in:\n{all}");
    }
    assert!(!all.contains("ALIBABA_SMS_ACCESS_KEY_ID"), "{all}");

    let mut settings = production();
    settings.push(("ALIBABA_SMS_ENDPOINT", "http://127.0.0.1:9"));
    let problems = Config::from_source(&settings).expect_err("plain HTTP refused in production");
    assert!(problems.iter().all(|p| p.starts_with("ALIBABA_SMS_ENDPOINT")), "{problems:?}");
}

#[test]
fn secrets_do_not_print() {
    let c = Config::from_source(&[("DATABASE_URL", "mysql://root:hunter2@db/x")]).expect("valid");
    assert!(!format!("{c:?}").contains("hunter2"));
}

#[test]
fn the_forbidden_words_file_must_be_readable() {
    let missing = std::env::temp_dir().join("aim-no-such-words-file.txt");
    let missing = missing.to_string_lossy();
    let problems = Config::from_source(&[("FORBIDDEN_WORDS_FILE", missing.as_ref())]).expect_err("refused");
    assert!(problems.iter().any(|p| p.starts_with("FORBIDDEN_WORDS_FILE=")), "{problems:?}");
    let words = std::env::temp_dir().join(format!("aim-words-{}.txt", std::process::id()));
    std::fs::write(&words, "违禁品\n").expect("write");
    let c = Config::from_source(&[("FORBIDDEN_WORDS_FILE", words.to_string_lossy().as_ref())]).expect("valid");
    assert_eq!(c.forbidden_words.as_deref(), Some(words.as_path()));
    std::fs::remove_file(&words).expect("remove");
}

#[test]
fn production_mail_needs_smtp_and_the_public_address() {
    let problems = Config::from_source(&[("APP_ENV", "production")]).expect_err("refused");
    for setting in ["MAIL_PROVIDER=log", "PUBLIC_URL"] {
        assert!(problems.iter().any(|p| p.starts_with(setting)), "{setting} not named: {problems:?}");
    }
    let problems = Config::from_source(&[
        ("APP_ENV", "production"),
        ("MAIL_PROVIDER", "smtp"),
        ("SMTP_USERNAME", "someone"),
        ("SMTP_SECURITY", "plain"),
        ("PUBLIC_URL", "http://aimarket.example.com"),
    ])
    .expect_err("refused");
    for setting in ["SMTP_HOST", "MAIL_FROM", "SMTP_PASSWORD", "SMTP_SECURITY=plain", "PUBLIC_URL=http://"] {
        assert!(problems.iter().any(|p| p.starts_with(setting)), "{setting} not named: {problems:?}");
    }
    let c = Config::from_source(&[]).expect("development");
    assert!(matches!(c.mail_provider, MailProvider::Log));
    assert_eq!(c.public_url, "http://127.0.0.1:3000");
}

#[test]
fn production_refuses_the_development_payments_and_names_each_alipay_setting() {
    let problems = Config::from_source(&PRODUCTION).expect_err("dev payments refused");
    assert!(problems.iter().any(|p| p.starts_with("PAYMENT_PROVIDER=dev")), "{problems:?}");
    let mut settings = PRODUCTION.to_vec();
    settings.extend([
        ("PAYMENT_PROVIDER", "alipay"),
        ("ALIPAY_PUBLIC_KEY", "bm90IGEga2V5"),
        ("ALIPAY_GATEWAY", "http://127.0.0.1:9/gateway.do"),
    ]);
    let all = Config::from_source(&settings).expect_err("incomplete").join("\n");
    for setting in [
        "ALIPAY_APP_ID",
        "ALIPAY_APP_PRIVATE_KEY",
        "ALIPAY_PUBLIC_KEY: not an RSA public key",
        "ALIPAY_GATEWAY=http://",
    ] {
        assert!(all.contains(setting), "{setting} not named in:\n{all}");
    }
    let c = Config::from_source(&production()).expect("production with Alipay");
    let PaymentProvider::Alipay(alipay) = &c.payment_provider else { panic!("not Alipay") };
    assert_eq!(alipay.gateway, "https://openapi.alipay.com/gateway.do");
    assert!(!format!("{c:?}").contains(&KEYS.0.private_pem[40..80]), "the private key never prints");
    let config = alipay.client_config(&c.public_url).expect("keys read");
    assert_eq!(config.notify_url, "https://aimarket.example.com/payments/alipay/notify");
}

#[test]
fn credit_packages_are_configurable() {
    let c = Config::from_source(&[("CREDIT_PACKAGES", "200:1800,50:500")]).expect("valid");
    assert_eq!(c.packages.iter().map(|p| (p.credits, p.price_fen)).collect::<Vec<_>>(), [(50, 500), (200, 1800)]);
    let problems = Config::from_source(&[("CREDIT_PACKAGES", "100:9.9")]).expect_err("fen only");
    assert!(problems[0].starts_with("CREDIT_PACKAGES="), "{problems:?}");
    assert!(matches!(Config::from_source(&[]).expect("default").payment_provider, PaymentProvider::Dev));
}

#[test]
fn production_requires_the_admins_second_factor() {
    assert!(!Config::from_source(&[]).expect("development").admin_second_factor);
    assert!(Config::from_source(&[("ADMIN_TOTP", "on")]).expect("development").admin_second_factor);
    assert!(Config::from_source(&production()).expect("production").admin_second_factor);
    let mut settings = production();
    settings.push(("ADMIN_TOTP", "off"));
    let problems = Config::from_source(&settings).expect_err("refused");
    assert!(problems.iter().all(|p| p.starts_with("ADMIN_TOTP=off")), "{problems:?}");
}
