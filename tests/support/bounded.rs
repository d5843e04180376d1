//! Runs a program under an address-space limit and a deadline, enforced at process level:
//! `ulimit -v` in a shell that then `exec`s the program, and a kill when the deadline passes.
//! Shared (by `#[path]`) by the CLI's hostile-tree tests and the corpus mutation run.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How a bounded run ended.
#[derive(Debug)]
pub struct Run {
    /// The exit code, when the program exited.
    pub code: Option<i32>,
    /// True when the deadline passed and the program was killed.
    pub hung: bool,
    /// What it printed.
    pub stdout: String,
    /// What it printed on stderr.
    pub stderr: String,
    /// Wall time.
    pub took: Duration,
}

impl Run {
    /// A Rust panic (exit 101, or the panic message) or an allocation abort.
    pub fn crashed(&self) -> bool {
        self.code == Some(101)
            || self.stderr.contains("panicked at")
            || self.stderr.contains("memory allocation of")
    }

    /// Ended by a signal (abort, out of memory, segfault) rather than an exit.
    pub fn killed(&self) -> bool {
        self.code.is_none() && !self.hung
    }
}

fn drain(from: impl std::io::Read + Send + 'static) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = std::io::Read::read_to_end(&mut { from }, &mut bytes);
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

/// Runs `exe args…` with at most `memory_kib` of address space for at most `seconds`.
pub fn run(exe: &Path, args: &[&str], memory_kib: u64, seconds: u64) -> Run {
    let t = Instant::now();
    let mut child = match Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -v {memory_kib} && exec \"$0\" \"$@\""))
        .arg(exe)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(c) => c,
        Err(e) => {
            return Run {
                code: None,
                hung: false,
                stdout: String::new(),
                stderr: format!("cannot start {}: {e}", exe.display()),
                took: t.elapsed(),
            }
        }
    };
    let out = child.stdout.take().map(drain);
    let err = child.stderr.take().map(drain);
    let mut hung = false;
    let status = loop {
        match child.try_wait() {
            Ok(Some(s)) => break Some(s),
            Ok(None) if t.elapsed() > Duration::from_secs(seconds) => {
                hung = true;
                let _ = child.kill();
                break child.wait().ok();
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(10)),
            Err(_) => break None,
        }
    };
    let text = |h: Option<std::thread::JoinHandle<String>>| {
        h.and_then(|h| h.join().ok()).unwrap_or_default()
    };
    Run {
        code: if hung {
            None
        } else {
            status.and_then(|s| s.code())
        },
        hung,
        stdout: text(out),
        stderr: text(err),
        took: t.elapsed(),
    }
}
