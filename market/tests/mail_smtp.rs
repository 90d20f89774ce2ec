//! The SMTP sender against a real SMTP conversation: a small server on loopback that speaks the
//! protocol (EHLO, MAIL, RCPT, DATA, QUIT) and keeps what it receives.
#![allow(clippy::expect_used, clippy::unwrap_used, reason = "a test panics on a broken assumption")]

use std::time::Duration;

use base64::Engine;
use market::mail::{Mail, Mailer, SmtpConfig, SmtpSecurity};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

#[derive(Debug, Default)]
struct Received {
    commands: Vec<String>,
    data: String,
}

/// Serves one SMTP session and returns what it received.
async fn serve_one(listener: TcpListener) -> Received {
    let (socket, _) = listener.accept().await.expect("a client");
    let (read, mut write) = socket.into_split();
    let mut lines = BufReader::new(read).lines();
    let mut got = Received::default();
    write.write_all(b"220 sink.test ESMTP ready\r\n").await.unwrap();
    while let Some(line) = lines.next_line().await.unwrap() {
        let verb = line.split_whitespace().next().unwrap_or("").to_uppercase();
        got.commands.push(line.clone());
        let reply: &[u8] = match verb.as_str() {
            "EHLO" => b"250-sink.test\r\n250 8BITMIME\r\n",
            "DATA" => {
                write.write_all(b"354 end with <CRLF>.<CRLF>\r\n").await.unwrap();
                while let Some(data) = lines.next_line().await.unwrap() {
                    if data == "." {
                        break;
                    }
                    got.data.push_str(&data);
                    got.data.push('\n');
                }
                b"250 queued\r\n"
            }
            "QUIT" => {
                write.write_all(b"221 bye\r\n").await.unwrap();
                break;
            }
            _ => b"250 OK\r\n",
        };
        write.write_all(reply).await.unwrap();
    }
    got
}

/// Quoted-printable (RFC 2045) back to text: `=` at a line's end joins it to the next, `=XX` is
/// a byte.
fn quoted_printable(encoded: &str) -> String {
    let joined = encoded.replace("=\n", "");
    let mut bytes = Vec::new();
    let mut rest = joined.as_bytes();
    while let Some((&b, tail)) = rest.split_first() {
        if b == b'=' && tail.len() >= 2 {
            let hex = std::str::from_utf8(&tail[..2]).expect("ascii");
            bytes.push(u8::from_str_radix(hex, 16).expect("=XX"));
            rest = &tail[2..];
        } else {
            bytes.push(b);
            rest = tail;
        }
    }
    String::from_utf8(bytes).expect("utf-8")
}

/// An unencrypted relay on loopback, without a login.
fn plain(port: u16, from: &str) -> SmtpConfig {
    SmtpConfig {
        host: "127.0.0.1".into(),
        port,
        security: SmtpSecurity::Plain,
        username: String::new(),
        password: String::new(),
        from: from.into(),
        timeout: Duration::from_secs(3),
    }
}

#[tokio::test]
async fn a_mail_goes_through_smtp_as_plain_text() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = tokio::spawn(serve_one(listener));
    let mailer = Mailer::smtp(&plain(port, "AI创意交易市场 <noreply@aimarket.test>")).expect("built");
    let body = "请打开链接：https://aimarket.test/verify-email?token=abc123\n<script>不是标记</script>\n";
    let mail = Mail { to: "member@example.com".into(), subject: "请验证你的邮箱".into(), body: body.into() };
    mailer.send(mail).await.expect("sent");
    let got = tokio::time::timeout(Duration::from_secs(5), server).await.expect("in time").expect("served");

    assert!(got.commands.iter().any(|c| c == "MAIL FROM:<noreply@aimarket.test>"), "{:?}", got.commands);
    assert!(got.commands.iter().any(|c| c == "RCPT TO:<member@example.com>"), "{:?}", got.commands);
    let (head, encoded) = got.data.split_once("\n\n").expect("headers, then the body");
    assert!(head.contains("Content-Type: text/plain; charset=utf-8"), "{head}");
    assert!(head.contains("To: member@example.com"), "{head}");
    let decoded = if head.contains("Content-Transfer-Encoding: base64") {
        let joined: String = encoded.lines().collect();
        String::from_utf8(base64::engine::general_purpose::STANDARD.decode(joined).expect("base64")).expect("utf-8")
    } else {
        assert!(head.contains("Content-Transfer-Encoding: quoted-printable"), "{head}");
        quoted_printable(encoded)
    };
    assert_eq!(decoded.trim_end(), body.trim_end(), "the body arrives as written, as text");
    assert!(!mailer.backend().is_empty() && mailer.last_to("member@example.com").is_none());
}

#[tokio::test]
async fn an_unreachable_server_is_an_error_not_a_hang() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let config = plain(port, "noreply@aimarket.test");
    let mail = Mail { to: "member@example.com".into(), subject: "s".into(), body: "b".into() };
    let sent = Mailer::smtp(&config).expect("built").send(mail).await;
    assert!(sent.is_err());
    let bad = Mailer::smtp(&SmtpConfig { from: "not an address".into(), ..config });
    assert!(bad.is_err(), "a bad sender is refused when building");
}
