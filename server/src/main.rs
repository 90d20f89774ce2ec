//! Starts AI Market: reads the configuration, connects the stores, serves until SIGTERM/Ctrl-C.
//!
//!   ai-market                        serve
//!   ai-market grant-admin <username> make an existing account an admin, then exit
//!   ai-market reset-second-factor <username>   remove an admin's authenticator (a lost phone)

use server::config::Config;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
    let args: Vec<String> = std::env::args().skip(1).collect();
    let outcome = match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        [] => server::run(config).await,
        ["grant-admin", username] => server::grant_admin(&config, username).await,
        ["reset-second-factor", username] => server::reset_second_factor(&config, username).await,
        _ => {
            eprintln!("用法 / usage: ai-market [grant-admin <username> | reset-second-factor <username>]");
            return std::process::ExitCode::from(2);
        }
    };
    match outcome {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!(error = ?e, "server stopped with an error");
            eprintln!("失败 / failed: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
