//! Starts AI Market: reads the configuration, connects the stores, serves until SIGTERM/Ctrl-C.

use server::config::Config;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    // A missing .env is normal; the environment itself always wins over the file.
    let _ = dotenvy::dotenv();
    server::telemetry::init();
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(problems) => {
            for p in &problems {
                tracing::error!(problem = %p, "configuration refused");
                eprintln!("配置错误 / configuration error: {p}");
            }
            return std::process::ExitCode::from(2);
        }
    };
    match server::run(config).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!(error = ?e, "server stopped with an error");
            eprintln!("启动失败 / failed: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
