//! Running the `rapport` binary from the tests (a file of its own: the fuzz crate shares
//! tests/common/mod.rs and has no binary to run).
#![allow(dead_code)]

use std::io::Write;
use std::process::{Child, Output, Stdio};
use std::thread::JoinHandle;

/// Starts `rapport args` with `input` on its stdin, written from another thread so that a
/// large input cannot deadlock against a full output pipe; join the writer after the
/// child is done.
pub fn start(args: &[&str], input: Vec<u8>, stdout: Stdio, stderr: Stdio) -> (Child, JoinHandle<()>) {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_rapport"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(stdout)
        .stderr(stderr)
        .spawn()
        .expect("rapport starts");
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        // The child may stop reading only by crashing; that is reported by its status.
        let _ = stdin.write_all(&input);
    });
    (child, writer)
}

/// `rapport args` with `input` on its stdin: its exit status and output.
pub fn rapport(args: &[&str], input: impl Into<Vec<u8>>) -> Output {
    let (child, writer) = start(args, input.into(), Stdio::piped(), Stdio::piped());
    let out = child.wait_with_output().expect("rapport runs");
    writer.join().unwrap();
    out
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}
