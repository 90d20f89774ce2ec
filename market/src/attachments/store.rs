//! Where the bytes live: an `object_store` behind one small interface, with the limits and the
//! two semaphores that keep decoding and storing within the machine's means.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use bytes::Bytes;
use object_store::aws::{AmazonS3, AmazonS3Builder};
use object_store::local::LocalFileSystem;
use object_store::memory::InMemory;
use object_store::path::Path as ObjectPath;
use object_store::signer::Signer;
use object_store::{
    Attribute, Attributes, GetResult, ObjectStore, PutMultipartOptions, PutOptions, PutPayload, WriteMultipart,
};
use tokio::io::AsyncReadExt;
use tokio::sync::Semaphore;

/// Sizes allowed per file and per idea (all its files together).
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub per_file: u64,
    pub per_idea: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Self { per_file: 10 * 1024 * 1024, per_idea: 30 * 1024 * 1024 }
    }
}

/// An S3-compatible store: Alibaba OSS in production (virtual-hosted style at the region's
/// endpoint, such as `https://oss-cn-hangzhou.aliyuncs.com`), a local test server in tests.
#[derive(Clone)]
pub struct S3Settings {
    pub endpoint: String,
    pub bucket: String,
    pub region: String,
    pub access_key_id: String,
    pub access_key_secret: String,
    /// `bucket.endpoint` addresses (OSS requires them) rather than `endpoint/bucket`.
    pub virtual_hosted: bool,
}

impl std::fmt::Debug for S3Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("S3Settings")
            .field("endpoint", &self.endpoint)
            .field("bucket", &self.bucket)
            .field("region", &self.region)
            .field("access_key_id", &self.access_key_id)
            .field("access_key_secret", &"[redacted]")
            .finish()
    }
}

/// The attachment store.
#[derive(Debug, Clone)]
pub struct Files {
    store: Arc<dyn ObjectStore>,
    /// The S3 store again, for signed addresses and object headers (a folder has neither).
    s3: Option<Arc<AmazonS3>>,
    /// Serve files by redirecting to a signed address this long-lived, rather than streaming.
    pub redirect: Option<Duration>,
    pub limits: Limits,
    spool: PathBuf,
    decoding: Arc<Semaphore>,
    storing: Arc<Semaphore>,
}

/// Uploads being decoded at once: each holds a bitmap of up to 160 MB.
const DECODING_AT_ONCE: usize = 2;
/// Uploads being copied to the store at once: each holds a part or two in memory.
const STORING_AT_ONCE: usize = 4;
/// S3 (and OSS) take parts of at least 5 MB but the last; a folder takes any size.
const S3_PART: usize = 5 * 1024 * 1024;
const FOLDER_PART: usize = 1024 * 1024;

impl Files {
    fn new(store: Arc<dyn ObjectStore>, s3: Option<Arc<AmazonS3>>, spool: &Path) -> Self {
        Self {
            store,
            s3,
            redirect: None,
            limits: Limits::default(),
            spool: spool.to_owned(),
            decoding: Arc::new(Semaphore::new(DECODING_AT_ONCE)),
            storing: Arc::new(Semaphore::new(STORING_AT_ONCE)),
        }
    }

    /// Files under `dir` (created if missing); uploads are received in `spool`.
    pub fn local(dir: &Path, spool: &Path) -> anyhow::Result<Self> {
        std::fs::create_dir_all(dir).with_context(|| format!("creating the attachment folder {}", dir.display()))?;
        let store = LocalFileSystem::new_with_prefix(dir).context("opening the attachment folder")?;
        Ok(Self::new(Arc::new(store), None, spool))
    }

    /// Files in an S3-compatible bucket (it must exist).
    pub fn s3(settings: &S3Settings, spool: &Path) -> anyhow::Result<Self> {
        let s3 = AmazonS3Builder::new()
            .with_endpoint(&settings.endpoint)
            .with_bucket_name(&settings.bucket)
            .with_region(&settings.region)
            .with_access_key_id(&settings.access_key_id)
            .with_secret_access_key(&settings.access_key_secret)
            .with_virtual_hosted_style_request(settings.virtual_hosted)
            .with_allow_http(settings.endpoint.starts_with("http://"))
            .build()
            .context("configuring the S3-compatible attachment store")?;
        let s3 = Arc::new(s3);
        Ok(Self::new(s3.clone(), Some(s3), spool))
    }

    /// Files in memory: for tests that never look at them.
    pub fn memory() -> Self {
        Self::new(Arc::new(InMemory::new()), None, &std::env::temp_dir().join("ai-market-uploads"))
    }

    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// Redirect readers to signed addresses that live `ttl` (S3 only; a folder streams).
    pub fn with_redirect(mut self, ttl: Option<Duration>) -> Self {
        self.redirect = ttl.filter(|_| self.s3.is_some());
        self
    }

    pub(crate) fn spool_dir(&self) -> &Path {
        &self.spool
    }

    pub(crate) fn decoding(&self) -> &Semaphore {
        &self.decoding
    }

    /// `o/ab/abcd…` for the file, `t/ab/abcd…` for its thumbnail: two characters of fan-out keep
    /// any one folder small.
    fn path(key: &str, thumb: bool) -> ObjectPath {
        let fan = key.get(..2).unwrap_or("00");
        ObjectPath::from(format!("{}/{fan}/{key}", if thumb { "t" } else { "o" }))
    }

    /// Headers the bucket serves with the object (for signed addresses); a folder keeps none.
    fn attributes(&self, content_type: &str, disposition: Option<&str>) -> Attributes {
        if self.s3.is_none() {
            return Attributes::new();
        }
        let mut attributes = Attributes::new();
        attributes.insert(Attribute::ContentType, content_type.to_owned().into());
        if let Some(d) = disposition {
            attributes.insert(Attribute::ContentDisposition, d.to_owned().into());
        }
        attributes
    }

    pub(crate) async fn put_bytes(
        &self,
        key: &str,
        thumb: bool,
        bytes: Vec<u8>,
        content_type: &str,
    ) -> object_store::Result<()> {
        let options = PutOptions::from(self.attributes(content_type, None));
        self.store.put_opts(&Self::path(key, thumb), PutPayload::from(Bytes::from(bytes)), options).await?;
        Ok(())
    }

    /// Copies a received file to the store part by part, never holding it whole.
    pub(crate) async fn put_file(
        &self,
        key: &str,
        file: &Path,
        content_type: &str,
        disposition: Option<&str>,
    ) -> anyhow::Result<()> {
        let _turn = self.storing.acquire().await.context("the store's semaphore closed")?;
        let options =
            PutMultipartOptions { attributes: self.attributes(content_type, disposition), ..Default::default() };
        let upload = self.store.put_multipart_opts(&Self::path(key, false), options).await?;
        let part = if self.s3.is_some() { S3_PART } else { FOLDER_PART };
        let mut writer = WriteMultipart::new_with_chunk_size(upload, part);
        let copied = async {
            let mut source = tokio::fs::File::open(file).await?;
            let mut buf = vec![0u8; 256 * 1024];
            loop {
                let n = source.read(&mut buf).await?;
                if n == 0 {
                    break;
                }
                // One part on its way while the next fills.
                writer.wait_for_capacity(1).await?;
                writer.write(&buf[..n]);
            }
            anyhow::Ok(())
        }
        .await;
        match copied {
            Ok(()) => {
                writer.finish().await?;
                Ok(())
            }
            Err(e) => {
                let _ = writer.abort().await;
                Err(e)
            }
        }
    }

    /// Deletes a file and its thumbnail; one already gone counts as deleted.
    pub(crate) async fn delete(&self, key: &str) -> object_store::Result<()> {
        for thumb in [false, true] {
            match self.store.delete(&Self::path(key, thumb)).await {
                Ok(()) | Err(object_store::Error::NotFound { .. }) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    pub(crate) async fn get(&self, key: &str, thumb: bool) -> object_store::Result<GetResult> {
        self.store.get(&Self::path(key, thumb)).await
    }

    /// Whether the object is there (for tests and checks).
    pub async fn exists(&self, key: &str, thumb: bool) -> anyhow::Result<bool> {
        match self.store.head(&Self::path(key, thumb)).await {
            Ok(_) => Ok(true),
            Err(object_store::Error::NotFound { .. }) => Ok(false),
            Err(e) => Err(e.into()),
        }
    }

    /// A signed address of the object, when redirects are on.
    pub(crate) async fn signed_url(&self, key: &str, thumb: bool) -> Option<url::Url> {
        let (s3, ttl) = (self.s3.as_ref()?, self.redirect?);
        match s3.signed_url(reqwest::Method::GET, &Self::path(key, thumb), ttl).await {
            Ok(url) => Some(url),
            Err(e) => {
                tracing::warn!(error = %e, "could not sign an attachment address; streaming it instead");
                None
            }
        }
    }
}
