//! argon2id hashing with the OWASP minimum (19 MiB, t=2, p=1), off the async threads.

use std::sync::{Arc, Mutex, mpsc};

use anyhow::Context;
use argon2::password_hash::{PasswordHash, PasswordHasher as _, PasswordVerifier as _, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use tokio::sync::{Semaphore, oneshot};

type Job = Box<dyn FnOnce() + Send>;

/// Hashes on a few threads of its own, one hash per thread at a time. Each hash takes 19 MiB;
/// on tokio's blocking pool (up to hundreds of threads) every thread's allocator would keep its
/// own 19 MiB after a burst of logins, so the process would grow by that much per thread.
#[derive(Clone, Debug)]
pub struct Hasher {
    permits: Arc<Semaphore>,
    jobs: mpsc::Sender<Job>,
}

fn argon2() -> anyhow::Result<Argon2<'static>> {
    let params = Params::new(19 * 1024, 2, 1, None).map_err(|e| anyhow::anyhow!("argon2 params: {e}"))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

impl Hasher {
    /// `threads` hashes may run at once; more wait their turn.
    pub fn new(threads: usize) -> Self {
        let threads = threads.max(1);
        let (jobs, queue) = mpsc::channel::<Job>();
        let queue = Arc::new(Mutex::new(queue));
        for n in 0..threads {
            let queue = queue.clone();
            let spawned = std::thread::Builder::new().name(format!("argon2-{n}")).spawn(move || {
                loop {
                    // The lock is held only while taking a job, never while hashing.
                    let job = queue.lock().unwrap_or_else(|p| p.into_inner()).recv();
                    match job {
                        Ok(job) => job(),
                        Err(_) => break,
                    }
                }
            });
            if let Err(e) = spawned {
                tracing::error!(error = %e, "could not start a hashing thread");
            }
        }
        Self { permits: Arc::new(Semaphore::new(threads)), jobs }
    }

    /// Runs `work` on a hashing thread and waits for its answer.
    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> anyhow::Result<T> + Send + 'static,
    ) -> anyhow::Result<T> {
        let _permit = self.permits.acquire().await.context("hasher closed")?;
        let (tx, rx) = oneshot::channel();
        self.jobs
            .send(Box::new(move || {
                let _ = tx.send(work());
            }))
            .map_err(|_| anyhow::anyhow!("the hashing threads are gone"))?;
        rx.await.context("hashing thread")?
    }

    pub async fn hash(&self, password: String) -> anyhow::Result<String> {
        self.run(move || {
            let salt = SaltString::generate(&mut rand::rngs::OsRng);
            argon2()?
                .hash_password(password.as_bytes(), &salt)
                .map(|h| h.to_string())
                .map_err(|e| anyhow::anyhow!("hashing password: {e}"))
        })
        .await
    }

    /// Verifies against `hash`; with `None` it still does the work, so that a login for an
    /// unknown user takes as long as one with a wrong password.
    pub async fn verify(&self, password: String, hash: Option<String>) -> anyhow::Result<bool> {
        self.run(move || {
            let stored = hash.unwrap_or_else(|| DUMMY_HASH.to_owned());
            // Accounts that must never sign in (the agents) store a value that is no PHC string.
            let (parsed, real) = match PasswordHash::new(&stored) {
                Ok(parsed) => (parsed, stored != DUMMY_HASH),
                Err(_) => (PasswordHash::new(DUMMY_HASH).map_err(|e| anyhow::anyhow!("dummy hash: {e}"))?, false),
            };
            let ok = argon2()?.verify_password(password.as_bytes(), &parsed).is_ok();
            Ok(ok && real)
        })
        .await
    }
}

/// argon2id hash of a random string nobody knows, same parameters as real ones.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$Ty4WUlPR4a3tm7ULgfItoT60e7VCcQS6qiXhzDwQnf0";

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hash_verifies_and_rejects_wrong_password() {
        let h = Hasher::new(1);
        let hash = h.hash("correct horse".into()).await.expect("hash");
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(h.verify("correct horse".into(), Some(hash.clone())).await.expect("verify"));
        assert!(!h.verify("wrong horse".into(), Some(hash)).await.expect("verify"));
        assert!(!h.verify("anything".into(), None).await.expect("dummy verify runs"));
        assert!(!h.verify("!agent".into(), Some("!agent".into())).await.expect("no PHC string never matches"));
    }
}
