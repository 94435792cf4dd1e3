//! Helpers shared by the test modules.

/// Base64url without padding, as JWTs use it (tests build their own tokens, so no token file exists).
pub fn base64url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
        }
    }
    out
}

/// A signed-looking JWT with `claims` (JSON text, or a `serde_json::Value`) as its payload. The signature
/// is distinctive bytes, so a test can tell that it was never printed.
pub fn jwt<C: std::fmt::Display + ?Sized>(claims: &C) -> String {
    format!(
        "{}.{}.{}",
        base64url(br#"{"typ":"JWT","alg":"RS256","kid":"test-key"}"#),
        base64url(claims.to_string().as_bytes()),
        base64url(b"\x8f\x11signature-bytes-that-must-never-be-printed\x00\xff")
    )
}

#[test]
fn base64url_matches_the_rfc_4648_vectors() {
    assert_eq!(base64url(b""), "");
    assert_eq!(base64url(b"f"), "Zg");
    assert_eq!(base64url(b"fo"), "Zm8");
    assert_eq!(base64url(b"foo"), "Zm9v");
    assert_eq!(base64url(b"foob"), "Zm9vYg");
    assert_eq!(base64url(b"fooba"), "Zm9vYmE");
    assert_eq!(base64url(b"foobar"), "Zm9vYmFy");
    assert_eq!(base64url(&[0xfb, 0xff]), "-_8");
}

/// A diagnosis reduced to what identifies it: code, status, operation and correlation id.
pub type Key = (String, Option<u64>, Option<String>, Option<String>);

/// Runs `mdediag --format json FILE` in process on `bytes` (written to `scratch`): no process per case,
/// for tests that run thousands.
pub fn diagnose_keys(bytes: &[u8], scratch: &std::path::Path) -> Vec<Key> {
    diagnose_json(bytes, scratch)
        .iter()
        .map(|d| {
            let s = |v: &serde_json::Value| v.as_str().map(str::to_string);
            (
                d["code"].as_str().unwrap_or_default().to_string(),
                d["http_status"].as_u64(),
                s(&d["operation"]["name"]),
                s(&d["correlation"]["id"]),
            )
        })
        .collect()
}

/// Every diagnosis of `bytes` (written to `scratch`) as the JSON objects of `mdediag --format json`, run
/// in process.
#[allow(clippy::unwrap_used)] // a test helper that cannot unwrap has failed; the panic says where
pub fn diagnose_json(bytes: &[u8], scratch: &std::path::Path) -> Vec<serde_json::Value> {
    use clap::Parser;
    std::fs::write(scratch, bytes).unwrap();
    let args = ["mdediag", "--format", "json", scratch.to_str().unwrap()];
    let cli = mdediag::cli::Cli::try_parse_from(args).unwrap();
    let mut out = Vec::new();
    mdediag::dispatch(&cli, &mut out).unwrap();
    let all: serde_json::Value = serde_json::from_slice(&out).unwrap();
    all.as_array().unwrap().clone()
}
