//! Files read from a docs tree and written to an output folder, without being led elsewhere.
//!
//! A docs tree comes from anyone (pages change by pull request), so reading one must not hang on
//! a FIFO, read a device without end, or follow a link out of the tree; and writing generated
//! code must not write through a link planted in the output folder. Both sides therefore open
//! only regular files, never follow a link in the last path component, and (when reading) stop
//! at a size cap. The checks are made on the opened file descriptor, so a file swapped between
//! listing and opening is caught too.

use std::fs::OpenOptions;
use std::io::{self, Read, Write};
use std::path::Path;

/// The largest page read, in bytes. The largest real Graph page is about 120 KB; 8 MiB leaves
/// room for any honest page while bounding what one file can cost.
pub const MAX_PAGE_BYTES: u64 = 8 << 20;

/// Why a file was not read or written.
#[derive(Debug)]
pub enum Refused {
    /// Not a regular file: a FIFO, socket, device, folder or (when writing) a link.
    NotRegular(&'static str),
    /// Larger than the cap (its size, or `cap + 1` when it grew while being read).
    TooLarge(u64),
    /// The operating system's error.
    Io(io::Error),
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refused::NotRegular(kind) => write!(f, "it is {kind}, not a regular file"),
            Refused::TooLarge(n) => write!(
                f,
                "it is {n} bytes, over the {} MiB limit for a page",
                MAX_PAGE_BYTES >> 20
            ),
            Refused::Io(e) => write!(f, "{e}"),
        }
    }
}

/// What a file type is, in words, for messages.
pub fn kind_of(t: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a FIFO";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
    }
    if t.is_symlink() {
        "a symbolic link"
    } else if t.is_dir() {
        "a folder"
    } else if t.is_file() {
        "a regular file"
    } else {
        "a special file"
    }
}

/// Opens without blocking (a FIFO would wait for a writer) and without following a link in
/// the last component.
fn open_options(write: bool) -> OpenOptions {
    let mut o = OpenOptions::new();
    if write {
        o.write(true).create(true).truncate(true);
    } else {
        o.read(true);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW);
    }
    o
}

/// Reads a regular file of at most `cap` bytes.
pub fn read_regular(path: &Path, cap: u64) -> Result<Vec<u8>, Refused> {
    let file = open_options(false).open(path).map_err(refusal)?;
    let meta = file.metadata().map_err(Refused::Io)?;
    if !meta.is_file() {
        return Err(Refused::NotRegular(kind_of(meta.file_type())));
    }
    if meta.len() > cap {
        return Err(Refused::TooLarge(meta.len()));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(cap + 1)
        .read_to_end(&mut bytes)
        .map_err(Refused::Io)?;
    if bytes.len() as u64 > cap {
        return Err(Refused::TooLarge(cap + 1));
    }
    Ok(bytes)
}

/// Reads a regular text file that may be absent (`Ok(None)`), e.g. the output `check` compares.
pub fn read_existing(path: &Path) -> Result<Option<String>, Refused> {
    match read_regular(path, u64::MAX / 2) {
        Ok(b) => String::from_utf8(b)
            .map(Some)
            .map_err(|e| Refused::Io(io::Error::new(io::ErrorKind::InvalidData, e))),
        Err(Refused::Io(e)) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// Writes `bytes` to `path`, which must be absent or a regular file: a link there is refused,
/// not written through, and a FIFO or device is refused rather than waited on.
pub fn write_regular(path: &Path, bytes: &[u8]) -> Result<(), Refused> {
    if let Ok(m) = std::fs::symlink_metadata(path) {
        if !m.is_file() {
            return Err(Refused::NotRegular(kind_of(m.file_type())));
        }
    }
    let mut file = open_options(true).open(path).map_err(refusal)?;
    let meta = file.metadata().map_err(Refused::Io)?;
    if !meta.is_file() {
        return Err(Refused::NotRegular(kind_of(meta.file_type())));
    }
    file.write_all(bytes).map_err(Refused::Io)
}

/// `O_NOFOLLOW` on a link fails with `ELOOP`; say what it was.
fn refusal(e: io::Error) -> Refused {
    #[cfg(unix)]
    if e.raw_os_error() == Some(libc::ELOOP) {
        return Refused::NotRegular("a symbolic link");
    }
    Refused::Io(e)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn scratch(name: &str) -> std::path::PathBuf {
        let d = std::env::temp_dir().join(format!("graphdoc-files-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    /// Neither read nor written, each refused as `what`.
    fn refused_both_ways(p: &Path, what: &str) {
        let read = read_regular(p, 100);
        assert!(
            matches!(&read, Err(Refused::NotRegular(k)) if *k == what),
            "{p:?}: read {:?}",
            read.map(|text| text.len())
        );
        let write = write_regular(p, b"x");
        assert!(
            matches!(&write, Err(Refused::NotRegular(k)) if *k == what),
            "{p:?}: write {write:?}"
        );
    }

    #[test]
    fn fifo_is_refused_without_waiting() {
        let d = scratch("fifo");
        let p = d.join("x.md");
        let made = std::process::Command::new("mkfifo")
            .arg(&p)
            .status()
            .unwrap();
        assert!(made.success());
        refused_both_ways(&p, "a FIFO");
    }

    #[test]
    fn links_are_not_followed_and_not_written_through() {
        let d = scratch("link");
        let target = d.join("outside.txt");
        std::fs::write(&target, "keep").unwrap();
        let link = d.join("mod.rs");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        refused_both_ways(&link, "a symbolic link");
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep");
        let dangling = d.join("dangling.rs");
        std::os::unix::fs::symlink(d.join("nowhere"), &dangling).unwrap();
        assert!(write_regular(&dangling, b"x").is_err());
        assert!(!d.join("nowhere").exists());
    }

    #[test]
    fn devices_stop_at_the_cap() {
        assert!(matches!(
            read_regular(Path::new("/dev/zero"), 1 << 20),
            Err(Refused::NotRegular("a device"))
        ));
        let d = scratch("cap");
        let p = d.join("big.md");
        std::fs::write(&p, vec![b'a'; 101]).unwrap();
        assert!(matches!(read_regular(&p, 100), Err(Refused::TooLarge(101))));
        assert_eq!(read_regular(&p, 101).unwrap().len(), 101);
    }
}
