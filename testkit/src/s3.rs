//! A real S3-compatible server for the attachment tests: moto's (PyPI, installed by
//! `scripts/setup.sh --test`), started once per test process on a free port and stopped when the
//! process ends. Each caller gets a bucket of its own.

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use market::attachments::Files;
use market::attachments::store::S3Settings;

/// Where moto's server is: `MOTO_SERVER`, else the venv the setup script makes.
fn moto_server() -> PathBuf {
    if let Ok(path) = std::env::var("MOTO_SERVER") {
        return PathBuf::from(path);
    }
    let cache = std::env::var("AIM_CACHE").unwrap_or_else(|_| "/var/cache/ai-market".into());
    PathBuf::from(cache).join("moto/bin/moto_server")
}

fn endpoint() -> &'static str {
    static ENDPOINT: OnceLock<String> = OnceLock::new();
    ENDPOINT.get_or_init(|| {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let server = moto_server();
        assert!(server.exists(), "{} is missing: run scripts/setup.sh --test", server.display());
        // A watchdog shell stops the server once this test process is gone.
        let script = format!(
            "'{}' -H 127.0.0.1 -p {port} >/dev/null 2>&1 & server=$!; \
             while kill -0 {} 2>/dev/null; do sleep 1; done; kill $server",
            server.display(),
            std::process::id()
        );
        // The watchdog outlives no one: it ends with this process, so nothing is left to wait for.
        #[expect(clippy::zombie_processes, reason = "the watchdog ends with the test process")]
        Command::new("sh")
            .args(["-c", &script])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("starting moto's S3 server");
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(started.elapsed() < Duration::from_secs(60), "moto's S3 server did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        format!("http://127.0.0.1:{port}")
    })
}

/// Settings for a new, empty bucket on the test server.
pub async fn bucket() -> S3Settings {
    let endpoint = endpoint().to_owned();
    let bucket = format!("t{}", uuid::Uuid::new_v4().simple());
    let made = reqwest::Client::new().put(format!("{endpoint}/{bucket}")).send().await.expect("creating a bucket");
    assert!(made.status().is_success(), "creating a bucket: {}", made.status());
    S3Settings {
        endpoint,
        bucket,
        region: "us-east-1".into(),
        access_key_id: "test".into(),
        access_key_secret: "test".into(),
        virtual_hosted: false,
    }
}

/// An attachment store on a new bucket, receiving uploads in `spool`.
pub async fn files(spool: &std::path::Path) -> Files {
    Files::s3(&bucket().await, spool).expect("S3 store")
}
