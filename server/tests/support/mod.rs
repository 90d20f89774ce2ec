//! Starts the app on port 0 against a fresh store: in the test's own process (most tests), or
//! as the real `ai-market` binary whose log the test reads (start-up, signals, crashes, logs).

#![allow(dead_code, reason = "each test binary uses a different part")]

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub use testkit::Backend;
use testkit::{mysql_server_url, redis_url};

pub struct TestServer {
    pub base: String,
    instance: Instance,
    dir: std::path::PathBuf,
    mysql_db: Option<String>,
    /// DATABASE_URL, REDIS_URL and REDIS_PREFIX, for a second instance on the same stores.
    pub stores: Vec<(String, String)>,
}

enum Instance {
    InProcess(Option<Box<server::Running>>),
    Binary { child: Child, log: Arc<Mutex<Vec<String>>> },
}

/// Settings as the binary reads them from its environment.
struct Env(Vec<(String, String)>);

impl server::config::Source for Env {
    fn get(&self, key: &str) -> Option<String> {
        self.0.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v.clone()).filter(|v| !v.trim().is_empty())
    }
}

async fn mysql_admin(sql: &str) {
    let pool = sqlx::MySqlPool::connect(&mysql_server_url()).await.expect("MariaDB must run on 127.0.0.1:3306");
    sqlx::query(sql).execute(&pool).await.expect("admin statement");
    pool.close().await;
}

impl TestServer {
    /// The app in this process.
    pub async fn start(backend: Backend) -> Self {
        Self::start_with(backend, &[]).await
    }

    pub async fn start_with(backend: Backend, extra_env: &[(&str, &str)]) -> Self {
        Self::spawn(backend, extra_env, None, false).await
    }

    /// The real binary, for tests of its start-up, signals, crashes and log.
    pub async fn start_binary(backend: Backend) -> Self {
        Self::start_binary_with(backend, &[]).await
    }

    pub async fn start_binary_with(backend: Backend, extra_env: &[(&str, &str)]) -> Self {
        Self::spawn(backend, extra_env, None, true).await
    }

    /// A second instance, a binary, on the same database and Redis as `first` (it drops nothing on stop).
    pub async fn start_beside(first: &TestServer, extra_env: &[(&str, &str)]) -> Self {
        Self::spawn(Backend::Embedded, extra_env, Some(first.stores.clone()), true).await
    }

    /// With `shared` stores the instance joins them; otherwise it makes and later drops its own.
    async fn spawn(
        backend: Backend,
        extra_env: &[(&str, &str)],
        shared: Option<Vec<(String, String)>>,
        binary: bool,
    ) -> Self {
        let name = format!("t_{}", uuid::Uuid::new_v4().simple());
        let dir = std::env::temp_dir().join(&name);
        std::fs::create_dir_all(&dir).expect("temp dir");
        let mut mysql_db = None;
        let mut stores = Vec::new();
        match (backend, shared) {
            (_, Some(shared)) => stores = shared,
            (Backend::Embedded, None) => {
                stores.push(("DATABASE_URL".to_owned(), format!("sqlite://{}/app.db", dir.display())));
            }
            (Backend::Served, None) => {
                mysql_admin(&format!("CREATE DATABASE {name} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")).await;
                stores.push(("DATABASE_URL".to_owned(), format!("{}/{name}", mysql_server_url())));
                stores.push(("REDIS_URL".to_owned(), redis_url()));
                stores.push(("REDIS_PREFIX".to_owned(), format!("{name}:")));
                mysql_db = Some(name);
            }
        }
        let mut env: Vec<(String, String)> = [
            ("HOST", "127.0.0.1"),
            ("PORT", "0"),
            // Tests send many requests from one address; the rate-limit test lowers these again.
            ("RATE_LIMIT_API", "100000"),
            ("RATE_LIMIT_AUTH", "100000"),
        ]
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
        env.push(("SITE_ROOT".to_owned(), dir.join("site").display().to_string()));
        env.push(("ATTACHMENT_DIR".to_owned(), dir.join("attachments").display().to_string()));
        env.push(("UPLOAD_SPOOL_DIR".to_owned(), dir.join("uploads").display().to_string()));
        env.extend(stores.iter().cloned());
        env.extend(extra_env.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())));
        let (instance, base) = if binary { Self::binary(&dir, &env).await } else { Self::in_process(env).await };
        Self { base, instance, dir, mysql_db, stores }
    }

    async fn in_process(env: Vec<(String, String)>) -> (Instance, String) {
        let config = server::config::Config::from_source(&Env(env)).expect("a valid configuration");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a port");
        let running = server::start(config, listener).await.expect("the app starts");
        let base = format!("http://{}", running.addr);
        (Instance::InProcess(Some(Box::new(running))), base)
    }

    async fn binary(dir: &std::path::Path, env: &[(String, String)]) -> (Instance, String) {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_ai-market"));
        // A fresh folder: no .env is found, and the SQLite file lives and dies with the test.
        cmd.current_dir(dir)
            .env_remove("APP_ENV")
            .env_remove("REDIS_URL")
            .env_remove("DATABASE_URL")
            .env_remove("LOG_FORMAT")
            .env("RUST_LOG", "info,sqlx=warn")
            .envs(env.iter().map(|(k, v)| (k, v)))
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = cmd.spawn().expect("the server binary starts");
        // Both streams land in one log: JSON lines on stdout, anything printed to stderr (a
        // refused configuration, a panic) beside them.
        let log = Arc::new(Mutex::new(Vec::new()));
        let stdout = child.stdout.take().expect("piped stdout");
        let stderr = child.stderr.take().expect("piped stderr");
        for stream in [Box::new(stdout) as Box<dyn std::io::Read + Send>, Box::new(stderr)] {
            let sink = log.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    sink.lock().unwrap_or_else(|p| p.into_inner()).push(line);
                }
            });
        }
        let line = wait_for(&mut child, &log, |l| l.contains("listening on http://"), Duration::from_secs(60)).await;
        let addr = line.split("listening on http://").nth(1).and_then(|s| s.split('"').next()).expect("address in log");
        (Instance::Binary { child, log }, format!("http://{addr}"))
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    fn binary_only(&self) -> (&Child, &Arc<Mutex<Vec<String>>>) {
        match &self.instance {
            Instance::Binary { child, log } => (child, log),
            Instance::InProcess(_) => panic!("reading the log, signals and kills need TestServer::start_binary"),
        }
    }

    pub fn log_lines(&self) -> Vec<String> {
        self.binary_only().1.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    pub async fn wait_for_line(&mut self, pred: impl Fn(&str) -> bool, timeout: Duration) -> String {
        match &mut self.instance {
            Instance::Binary { child, log } => wait_for(child, log, pred, timeout).await,
            Instance::InProcess(_) => panic!("reading the log needs TestServer::start_binary"),
        }
    }

    /// The SMS code the development sender wrote for `phone`: read from the log of a binary,
    /// from the cache in process (where the sender keeps it).
    pub async fn sms_code(&mut self, phone: &str) -> String {
        if let Instance::InProcess(Some(running)) = &self.instance {
            let code = running.market.cache.get(&format!("sms:code:{phone}")).await.expect("cache");
            return code.expect("a code was sent");
        }
        let needle = format!("SMS code for {phone}: ");
        let line = self.wait_for_line(|l| l.contains(&needle), Duration::from_secs(10)).await;
        line.split(&needle).nth(1).map(|rest| rest.chars().take(6).collect()).expect("code in log line")
    }

    /// The core of an in-process app, for what a test arranges behind the API's back.
    pub fn market(&self) -> &market::Market {
        match &self.instance {
            Instance::InProcess(Some(running)) => &running.market,
            _ => panic!("only an app started in process shares its core"),
        }
    }

    /// SIGTERM, as systemd sends it at `systemctl stop`.
    pub fn terminate(&mut self) {
        let pid = self.binary_only().0.id();
        let status = std::process::Command::new("kill").args(["-TERM", &pid.to_string()]).status();
        assert!(status.is_ok_and(|s| s.success()), "kill -TERM");
    }

    /// Waits for the process to end by itself.
    pub async fn wait_exit(&mut self, timeout: Duration) -> std::process::ExitStatus {
        let deadline = Instant::now() + timeout;
        loop {
            if let Instance::Binary { child, .. } = &mut self.instance
                && let Ok(Some(status)) = child.try_wait()
            {
                return status;
            }
            self.binary_only();
            assert!(Instant::now() < deadline, "the server did not exit; log:\n{}", self.log_lines().join("\n"));
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// SIGKILL, as a crash would: the stores stay for the next instance.
    pub fn kill(&mut self) {
        self.binary_only();
        if let Instance::Binary { child, .. } = &mut self.instance {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    pub async fn stop(mut self) {
        match &mut self.instance {
            Instance::InProcess(running) => {
                if let Some(running) = running.take() {
                    running.stop().await;
                }
            }
            Instance::Binary { child, .. } => {
                let _ = child.kill();
                let _ = child.wait();
            }
        }
        if let Some(db) = self.mysql_db.take() {
            mysql_admin(&format!("DROP DATABASE {db}")).await;
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// The last line of the binary's log that `pred` accepts, once one appears.
async fn wait_for(
    child: &mut Child,
    log: &Mutex<Vec<String>>,
    pred: impl Fn(&str) -> bool,
    timeout: Duration,
) -> String {
    let lines = || log.lock().unwrap_or_else(|p| p.into_inner()).clone();
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(line) = lines().into_iter().rev().find(|l| pred(l)) {
            return line;
        }
        if let Ok(Some(status)) = child.try_wait() {
            panic!("server exited with {status}; log:\n{}", lines().join("\n"));
        }
        assert!(Instant::now() < deadline, "timed out waiting for a log line; log:\n{}", lines().join("\n"));
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Instance::Binary { child, .. } = &mut self.instance {
            let _ = child.kill();
        }
    }
}

/// Like a browser on the site's own pages: keeps cookies and sends the site's `Origin`.
pub fn client(s: &TestServer) -> reqwest::Client {
    let mut origin = reqwest::header::HeaderMap::new();
    origin.insert(reqwest::header::ORIGIN, s.url("").parse().expect("origin"));
    // A request that hangs fails the test with its address instead of hanging the suite.
    reqwest::Client::builder()
        .cookie_store(true)
        .default_headers(origin)
        .timeout(std::time::Duration::from_secs(20))
        .build()
        .expect("client")
}

/// Registers a user through the API and returns the Bearer token.
pub async fn register(server: &mut TestServer, client: &reqwest::Client, n: u32) -> String {
    let phone = format!("1390000{n:04}");
    let sent = client
        .post(server.url("/api/auth/sms-code"))
        .json(&serde_json::json!({ "phone": phone }))
        .send()
        .await
        .expect("send");
    assert_eq!(sent.status(), 200);
    let code = server.sms_code(&phone).await;
    let res = client
        .post(server.url("/api/auth/register"))
        .json(&serde_json::json!({
            "username": format!("user{n}"),
            "email": format!("user{n}@example.com"),
            "password": "tea-garden-2026",
            "phone": phone,
            "smsCode": code,
        }))
        .send()
        .await
        .expect("register");
    assert_eq!(res.status(), 201);
    let body: serde_json::Value = res.json().await.expect("json");
    body["token"].as_str().expect("token").to_owned()
}

/// The status and the `error` object of a refusal, which must carry a code and a message.
pub async fn error_of(res: reqwest::Response) -> (reqwest::StatusCode, serde_json::Value) {
    let status = res.status();
    let body: serde_json::Value = res.json().await.expect("error body is JSON");
    assert!(body["error"]["code"].is_string(), "{body}");
    assert!(body["error"]["message"].is_string(), "{body}");
    (status, body["error"].clone())
}

/// `GET path` with a Bearer token, read as JSON.
pub async fn get_json(s: &TestServer, c: &reqwest::Client, path: &str, token: &str) -> serde_json::Value {
    let res = c.get(s.url(path)).bearer_auth(token).send().await.expect("request");
    res.json().await.expect("a JSON answer")
}

/// One server-sent event.
#[derive(Debug, Clone, PartialEq)]
pub struct SseEvent {
    pub name: String,
    pub id: Option<String>,
    pub data: serde_json::Value,
}

/// Reads events from an SSE response until `enough` says so, or until nothing arrives for `idle`.
pub async fn read_events(
    res: &mut reqwest::Response,
    idle: Duration,
    enough: impl Fn(&[SseEvent]) -> bool,
) -> Vec<SseEvent> {
    let mut buf = String::new();
    let mut events = Vec::new();
    while !enough(&events) {
        let Ok(chunk) = tokio::time::timeout(idle, res.chunk()).await else { break };
        let Some(chunk) = chunk.expect("stream readable") else { break };
        buf.push_str(&String::from_utf8_lossy(&chunk));
        while let Some(end) = buf.find("\n\n") {
            let block: String = buf.drain(..end + 2).collect();
            let (mut name, mut id, mut data) = (String::from("message"), None, String::new());
            for line in block.lines() {
                if let Some(v) = line.strip_prefix("event:") {
                    name = v.trim().to_owned();
                } else if let Some(v) = line.strip_prefix("id:") {
                    id = Some(v.trim().to_owned());
                } else if let Some(v) = line.strip_prefix("data:") {
                    data.push_str(v.trim_start());
                }
            }
            if !data.is_empty() {
                events.push(SseEvent { name, id, data: serde_json::from_str(&data).expect("event data is JSON") });
            }
        }
    }
    events
}

/// The server ended the stream (rather than leaving it open and silent).
pub async fn assert_ended(res: &mut reqwest::Response) {
    let next = tokio::time::timeout(Duration::from_secs(5), res.chunk()).await;
    assert!(matches!(next, Ok(Ok(None))), "the stream ended: {next:?}");
}

/// A whole auction in a few seconds.
pub const FAST_AUCTION: &[(&str, &str)] = &[
    ("AUCTION_DURATION_SECS", "3"),
    ("AUCTION_ROUND_SECS", "0.2"),
    ("AUCTION_EXTENSION_WINDOW_SECS", "0.3"),
    ("AUCTION_EXTENSION_SECS", "0.3"),
];

/// Submits an idea through the API and returns its id.
pub async fn submit_idea(server: &TestServer, client: &reqwest::Client, token: &str, idea: serde_json::Value) -> i64 {
    let res = client.post(server.url("/api/ideas")).bearer_auth(token).json(&idea).send().await.expect("create");
    assert_eq!(res.status(), 201, "idea accepted");
    let body: serde_json::Value = res.json().await.expect("json");
    body["id"].as_i64().expect("id")
}

/// `ai-market grant-admin <username>` on the stores of `s`.
pub fn grant_admin(s: &TestServer, username: &str) -> std::process::Output {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_ai-market"));
    cmd.args(["grant-admin", username]).current_dir(std::env::temp_dir()).env_remove("APP_ENV");
    for (k, v) in &s.stores {
        cmd.env(k, v);
    }
    cmd.output().expect("the binary runs")
}
