//! Attachments: `ATTACHMENT_STORE` (`local`, a folder, the development default; or `oss`,
//! Alibaba OSS through its S3-compatible API with `OSS_*`), the limits, and whether readers are
//! redirected to signed OSS addresses. Production must say where files go and refuses an OSS
//! endpoint without TLS.

use std::path::PathBuf;
use std::time::Duration;

use market::attachments::store::S3Settings;
use market::attachments::{Files, Limits};

use super::reader::Reader;
use super::{AppEnv, Secret};

#[derive(Debug, Clone)]
pub enum FileStore {
    Local(PathBuf),
    Oss { settings: S3Settings, secret: Secret },
}

#[derive(Debug, Clone)]
pub struct FileSettings {
    pub store: FileStore,
    /// Where uploads are received before they are checked and stored.
    pub spool: PathBuf,
    pub limits: Limits,
    /// Redirect readers to signed OSS addresses living this long (none: stream them).
    pub redirect: Option<Duration>,
}

impl FileSettings {
    pub fn files(&self) -> anyhow::Result<Files> {
        let files = match &self.store {
            FileStore::Local(dir) => Files::local(dir, &self.spool)?,
            FileStore::Oss { settings, secret } => {
                let settings = S3Settings { access_key_secret: secret.expose().to_owned(), ..settings.clone() };
                Files::s3(&settings, &self.spool)?
            }
        };
        Ok(files.with_limits(self.limits).with_redirect(self.redirect))
    }
}

const MB: u64 = 1024 * 1024;

pub(super) fn read(r: &mut Reader, env: AppEnv) -> FileSettings {
    let store = match r.get("ATTACHMENT_STORE").as_deref() {
        Some("local") => FileStore::Local(PathBuf::from(r.text("ATTACHMENT_DIR", "data/attachments"))),
        Some("oss") => oss(r, env),
        None if env == AppEnv::Production => {
            r.problem(
                "ATTACHMENT_STORE: production keeps attachments on Alibaba OSS; set ATTACHMENT_STORE=oss and OSS_* \
                 (or ATTACHMENT_STORE=local on a single server whose backups cover ATTACHMENT_DIR)",
            );
            FileStore::Local(PathBuf::from("data/attachments"))
        }
        None => FileStore::Local(PathBuf::from(r.text("ATTACHMENT_DIR", "data/attachments"))),
        Some(other) => {
            r.problem(format!("ATTACHMENT_STORE={other:?}: use local or oss"));
            FileStore::Local(PathBuf::from("data/attachments"))
        }
    };
    let limits = Limits {
        per_file: r.number("ATTACHMENT_MAX_FILE_MB", 10u64) * MB,
        per_idea: r.number("ATTACHMENT_MAX_IDEA_MB", 30u64) * MB,
    };
    if limits.per_file == 0 || limits.per_file > limits.per_idea {
        r.problem("ATTACHMENT_MAX_FILE_MB must be above 0 and at most ATTACHMENT_MAX_IDEA_MB");
    }
    let redirect = r.seconds("ATTACHMENT_REDIRECT_SECS", Duration::ZERO);
    let redirect = (!redirect.is_zero()).then_some(redirect);
    if redirect.is_some() && matches!(store, FileStore::Local(_)) {
        r.problem("ATTACHMENT_REDIRECT_SECS: only OSS can sign addresses; leave it unset with ATTACHMENT_STORE=local");
    }
    FileSettings { store, spool: PathBuf::from(r.text("UPLOAD_SPOOL_DIR", "data/uploads")), limits, redirect }
}

fn oss(r: &mut Reader, env: AppEnv) -> FileStore {
    let mut required = |key: &str| {
        r.get(key).unwrap_or_else(|| {
            r.problem(format!("{key}: attachments go to Alibaba OSS, which needs this setting"));
            String::new()
        })
    };
    let endpoint = required("OSS_ENDPOINT");
    let bucket = required("OSS_BUCKET");
    let access_key_id = required("OSS_ACCESS_KEY_ID");
    let secret = Secret(required("OSS_ACCESS_KEY_SECRET"));
    // `https://oss-cn-hangzhou.aliyuncs.com` is in region `oss-cn-hangzhou`.
    let host_region = endpoint.split("://").nth(1).and_then(|h| h.split('.').next()).unwrap_or("").to_owned();
    let region = r.text("OSS_REGION", &host_region);
    let has_scheme = endpoint.starts_with("https://") || endpoint.starts_with("http://");
    if !endpoint.is_empty() && !has_scheme {
        r.problem(format!(
            "OSS_ENDPOINT={endpoint:?}: give the region's endpoint, e.g. https://oss-cn-hangzhou.aliyuncs.com"
        ));
    } else if env == AppEnv::Production && endpoint.starts_with("http://") {
        r.problem(format!("OSS_ENDPOINT={endpoint}: production talks to OSS over https:// only"));
    }
    let path_style = r.switch("OSS_PATH_STYLE", false, "on (for S3-compatible test servers) or off");
    FileStore::Oss {
        settings: S3Settings {
            endpoint,
            bucket,
            region,
            access_key_id,
            access_key_secret: String::new(),
            virtual_hosted: !path_style,
        },
        secret,
    }
}
