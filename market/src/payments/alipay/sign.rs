//! Alipay's RSA2 signatures (SHA256withRSA, PKCS #1 v1.5): the string that is signed, and the
//! keys as Alipay's key tool writes them (base64 DER, PKCS #8 or PKCS #1, with or without PEM
//! lines). `ring` does the RSA, in constant time.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use ring::rand::SystemRandom;
use ring::signature::{self, RsaKeyPair, UnparsedPublicKey};

/// Why a key could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct KeyError(String);

/// The app's private key, which signs our requests.
pub struct PrivateKey(RsaKeyPair);

impl std::fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PrivateKey(…)")
    }
}

impl PrivateKey {
    /// Reads a PKCS #8 or PKCS #1 RSA private key of at least 2048 bits.
    pub fn parse(text: &str) -> Result<Self, KeyError> {
        let der = der_of(text)?;
        RsaKeyPair::from_pkcs8(&der)
            .or_else(|_| RsaKeyPair::from_der(&der))
            .map(Self)
            .map_err(|e| KeyError(format!("not an RSA private key (PKCS #8 or PKCS #1, 2048 bits or more): {e}")))
    }

    /// The base64 RSA2 signature of `content`.
    pub fn sign(&self, content: &str) -> String {
        let mut signature = vec![0; self.0.public().modulus_len()];
        // Signing fails only when the output buffer has the wrong length, which it has not.
        match self.0.sign(&signature::RSA_PKCS1_SHA256, &SystemRandom::new(), content.as_bytes(), &mut signature) {
            Ok(()) => STANDARD.encode(signature),
            Err(_) => String::new(),
        }
    }
}

/// Alipay's public key, which checks its notifications and answers.
#[derive(Clone)]
pub struct PublicKey(Vec<u8>);

impl std::fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PublicKey(…)")
    }
}

impl PublicKey {
    /// Reads an X.509 SubjectPublicKeyInfo (what Alipay's console shows) or a PKCS #1 RSA
    /// public key.
    pub fn parse(text: &str) -> Result<Self, KeyError> {
        let der = der_of(text)?;
        let key = rsa_public_key(&der).ok_or_else(|| KeyError("not an RSA public key (X.509 or PKCS #1)".into()))?;
        Ok(Self(key.to_vec()))
    }

    /// Whether `signature` (base64) is this key's RSA2 signature of `content`.
    pub fn verify(&self, content: &str, signature: &str) -> bool {
        let Ok(signature) = STANDARD.decode(signature.trim()) else { return false };
        UnparsedPublicKey::new(&signature::RSA_PKCS1_2048_8192_SHA256, &self.0)
            .verify(content.as_bytes(), &signature)
            .is_ok()
    }
}

/// The string Alipay signs: every parameter but `sign` (and `sign_type` in notifications, which
/// `skip` names) with a non-empty value, sorted by name, as `name=value` joined by `&`, values as
/// they are (not URL-encoded).
pub fn content<'a>(params: impl IntoIterator<Item = (&'a str, &'a str)>, skip: &[&str]) -> String {
    let mut kept: Vec<(&str, &str)> = params
        .into_iter()
        .filter(|(name, value)| !value.is_empty() && *name != "sign" && !skip.contains(name))
        .collect();
    kept.sort_unstable();
    kept.iter().map(|(name, value)| format!("{name}={value}")).collect::<Vec<_>>().join("&")
}

fn der_of(text: &str) -> Result<Vec<u8>, KeyError> {
    let body: String = text
        .lines()
        .filter(|line| !line.trim_start().starts_with("-----"))
        .flat_map(|line| line.chars().filter(|c| !c.is_whitespace()))
        .collect();
    if body.is_empty() {
        return Err(KeyError("the key is empty".into()));
    }
    STANDARD.decode(body.as_bytes()).map_err(|_| KeyError("the key is not base64".into()))
}

/// The PKCS #1 RSAPublicKey inside `der`: `der` itself when it is one, or the contents of an
/// rsaEncryption SubjectPublicKeyInfo.
fn rsa_public_key(der: &[u8]) -> Option<&[u8]> {
    const RSA_ENCRYPTION: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
    let (outer, rest) = element(der, 0x30)?;
    if !rest.is_empty() {
        return None;
    }
    let (first, after) = match outer.first()? {
        0x02 => return Some(der), // SEQUENCE { INTEGER n, INTEGER e }: PKCS #1 already
        0x30 => element(outer, 0x30)?,
        _ => return None,
    };
    let (oid, _) = element(first, 0x06)?;
    if oid != RSA_ENCRYPTION {
        return None;
    }
    let (bits, rest) = element(after, 0x03)?;
    match (bits.split_first()?, rest.is_empty()) {
        ((0, key), true) => Some(key),
        _ => None,
    }
}

/// One DER element of type `tag` at the start of `der`: its contents and what follows it.
fn element(der: &[u8], tag: u8) -> Option<(&[u8], &[u8])> {
    let (&found, rest) = der.split_first()?;
    if found != tag {
        return None;
    }
    let (&first, rest) = rest.split_first()?;
    let (len, rest) = if first < 0x80 {
        (usize::from(first), rest)
    } else {
        let n = usize::from(first & 0x7f);
        if n == 0 || n > 4 || rest.len() < n {
            return None;
        }
        let len = rest[..n].iter().fold(0usize, |len, &b| (len << 8) | usize::from(b));
        (len, &rest[n..])
    };
    (rest.len() >= len).then(|| rest.split_at(len))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The example in Alipay's open platform documentation (自行实现签名, "如何签名"): the request
    /// parameters of `alipay.mobile.public.menu.add` and the string to sign they make.
    #[test]
    fn the_string_to_sign_matches_alipays_example() {
        let biz = r#"{"button":[{"actionParam":"ZFB_HFCZ","actionType":"out","name":"话费充值"},{"name":"查询","subButton":[{"actionParam":"ZFB_YECX","actionType":"out","name":"余额查询"},{"actionParam":"ZFB_LLCX","actionType":"out","name":"流量查询"},{"actionParam":"ZFB_HFCX","actionType":"out","name":"话费查询"}]},{"actionParam":"http://m.alipay.com","actionType":"link","name":"最新优惠"}]}"#;
        let params = [
            ("app_id", "2014072300007148"),
            ("method", "alipay.mobile.public.menu.add"),
            ("charset", "GBK"),
            ("sign_type", "RSA2"),
            ("timestamp", "2014-07-24 03:07:50"),
            ("biz_content", biz),
            ("version", "1.0"),
            ("sign", "ignored"),
            ("app_auth_token", ""),
        ];
        let expected = format!(
            "app_id=2014072300007148&biz_content={biz}&charset=GBK&method=alipay.mobile.public.menu.add&sign_type=RSA2&timestamp=2014-07-24 03:07:50&version=1.0"
        );
        assert_eq!(content(params, &[]), expected);
        // A notification's string leaves `sign_type` out too.
        assert!(!content(params, &["sign_type"]).contains("sign_type"));
    }

    /// Our RSA2 (ring) against the `rsa` crate's PKCS #1 v1.5 with SHA-256, both ways, with a key
    /// in each of the forms Alipay's key tool writes.
    #[test]
    fn signatures_agree_with_an_independent_rsa_implementation() {
        use rsa::pkcs1::{EncodeRsaPrivateKey, EncodeRsaPublicKey};
        use rsa::pkcs1v15::{Signature, SigningKey, VerifyingKey};
        use rsa::pkcs8::{EncodePrivateKey, EncodePublicKey, LineEnding};
        use rsa::signature::{SignatureEncoding, Signer, Verifier};

        let key = rsa::RsaPrivateKey::new(&mut rand::thread_rng(), 2048).unwrap();
        let public = key.to_public_key();
        let text = r#"app_id=2021000000000001&biz_content={"subject":"积分 & <套餐>"}&charset=utf-8"#;
        for private in [
            key.to_pkcs8_pem(LineEnding::LF).unwrap().to_string(),
            key.to_pkcs1_pem(LineEnding::CRLF).unwrap().to_string(),
        ] {
            let ours = PrivateKey::parse(&private).unwrap();
            let signature = STANDARD.decode(ours.sign(text)).unwrap();
            let signature = Signature::try_from(signature.as_slice()).unwrap();
            VerifyingKey::<sha2::Sha256>::new(public.clone()).verify(text.as_bytes(), &signature).unwrap();
        }
        // Alipay's console shows keys as one base64 line, without the PEM lines.
        let bare = |pem: &str| pem.lines().filter(|l| !l.starts_with("-----")).collect::<String>();
        let theirs = STANDARD.encode(SigningKey::<sha2::Sha256>::new(key.clone()).sign(text.as_bytes()).to_bytes());
        for form in
            [bare(&public.to_public_key_pem(LineEnding::LF).unwrap()), public.to_pkcs1_pem(LineEnding::LF).unwrap()]
        {
            let ours = PublicKey::parse(&form).unwrap();
            assert!(ours.verify(text, &theirs));
            assert!(!ours.verify(&text.replace("积分", "积份"), &theirs), "another text");
            assert!(!ours.verify(text, &theirs.replace('A', "B")), "another signature");
            assert!(!ours.verify(text, "not base64"));
        }
    }

    #[test]
    fn bad_keys_are_refused_with_a_reason() {
        assert!(PrivateKey::parse("").is_err());
        assert!(PrivateKey::parse("not base64 !!").is_err());
        assert!(PrivateKey::parse("MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA").is_err());
        assert!(PublicKey::parse("MAA=").is_err());
        assert!(PublicKey::parse("").is_err());
    }
}
