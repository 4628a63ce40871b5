//! Atomic file output: a file is written to a temporary beside the target and renamed over
//! it; a directory of files (`.npy` output) is written to a temporary directory and swapped
//! with the target, so an interrupted run never leaves a half-written or mixed output under
//! the target name. Temporaries are named `.<target>.tmp-<pid>`: those of this process are
//! removed on failure and by [`remove_in_flight`] (the command line calls it on Ctrl-C);
//! those a killed process left behind are removed by the next write to the same target.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::error::Error;

/// Temporaries this process is writing.
static IN_FLIGHT: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Removes the temporaries this process is writing (for a Ctrl-C handler).
pub fn remove_in_flight() {
    let paths = IN_FLIGHT.lock().map(|p| p.clone()).unwrap_or_default();
    for p in paths {
        remove_any(&p);
    }
}

/// Removes a file or a directory tree, ignoring errors.
fn remove_any(p: &Path) {
    if p.is_dir() {
        let _ = fs::remove_dir_all(p);
    } else {
        let _ = fs::remove_file(p);
    }
}

/// An I/O error about `path`.
fn io_error(path: &Path) -> impl Fn(std::io::Error) -> Error + '_ {
    move |source| Error::Io {
        path: path.display().to_string(),
        source,
    }
}

/// The temporary for `target` of process `pid`.
fn temporary(target: &Path, pid: u32) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    target.with_file_name(format!(".{name}.tmp-{pid}"))
}

/// Removes the temporaries for `target` that processes no longer running left behind (on
/// Linux, where `/proc` says which are running; elsewhere none are removed).
fn remove_stale_temporaries(target: &Path) {
    let Some(name) = target.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return;
    };
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let prefix = format!(".{name}.tmp-");
    let Ok(entries) = fs::read_dir(&dir) else {
        return;
    };
    for entry in entries.flatten() {
        let file = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = file
            .strip_prefix(&prefix)
            .and_then(|p| p.parse::<u32>().ok())
        else {
            continue;
        };
        let gone = cfg!(target_os = "linux")
            && pid != std::process::id()
            && !Path::new("/proc").join(pid.to_string()).exists();
        if gone {
            remove_any(&entry.path());
        }
    }
}

/// Runs `write` on the temporary for `target`, registered as in flight meanwhile and removed
/// if `write` fails.
fn with_temporary(
    target: &Path,
    write: impl FnOnce(&Path) -> std::io::Result<()>,
) -> Result<(), Error> {
    remove_stale_temporaries(target);
    let tmp = temporary(target, std::process::id());
    if let Ok(mut p) = IN_FLIGHT.lock() {
        p.push(tmp.clone());
    }
    let result = write(&tmp);
    if result.is_err() {
        remove_any(&tmp);
    }
    if let Ok(mut p) = IN_FLIGHT.lock() {
        p.retain(|q| q != &tmp);
    }
    result.map_err(io_error(target))
}

/// Milliseconds to pause halfway through every write, from the environment variable
/// `CAJAL_WRITE_PAUSE_MS` (0 when unset): lets a test kill a process in the middle of a
/// write and check that the target holds a whole output.
fn pause_halfway() {
    static PAUSE_MS: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    let ms = *PAUSE_MS.get_or_init(|| {
        std::env::var("CAJAL_WRITE_PAUSE_MS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    });
    if ms > 0 {
        std::thread::sleep(std::time::Duration::from_millis(ms));
    }
}

/// The `main` of an example that writes one figure: the output path is the first
/// command-line argument or `default_path`, its folder is created, and `run` writes it; an
/// error is printed and makes the exit status a failure.
pub fn run_example(
    default_path: &str,
    run: impl FnOnce(&str) -> Result<(), Error>,
) -> std::process::ExitCode {
    let output = std::env::args()
        .nth(1)
        .unwrap_or_else(|| default_path.to_string());
    match create_parent_dir(&output).and_then(|()| run(&output)) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// Creates the directory `path` is to be written in, with its parents, if missing (for
/// programs whose output paths default to a directory such as `out/`).
pub fn create_parent_dir(path: impl AsRef<Path>) -> Result<(), Error> {
    match path.as_ref().parent() {
        Some(dir) if !dir.as_os_str().is_empty() => {
            fs::create_dir_all(dir).map_err(|source| Error::Io {
                path: dir.display().to_string(),
                source,
            })
        }
        _ => Ok(()),
    }
}

/// Writes `bytes` to `path` atomically.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    with_temporary(path, |tmp| {
        let mut f = fs::File::create(tmp)?;
        let (first, second) = bytes.split_at(bytes.len() / 2);
        f.write_all(first)?;
        f.flush()?;
        pause_halfway();
        f.write_all(second)?;
        f.sync_all()?;
        fs::rename(tmp, path)
    })
}

/// Writes `files` (name, contents) as the directory `dir`, replacing an earlier directory of
/// that name as a whole: the new directory is written beside it and the two are exchanged in
/// one step (Linux `renameat2(RENAME_EXCHANGE)`; elsewhere two renames).
pub fn write_dir_atomically(dir: &Path, files: &[(String, Vec<u8>)]) -> Result<(), Error> {
    if dir.exists() && !dir.is_dir() {
        return Err(Error::Incompatible {
            what: format!("output `{}`", dir.display()),
            message: "a file of that name is in the way of the output directory".into(),
        });
    }
    with_temporary(dir, |tmp| {
        if tmp.exists() {
            fs::remove_dir_all(tmp)?;
        }
        fs::create_dir(tmp)?;
        for (k, (name, bytes)) in files.iter().enumerate() {
            if k == files.len() / 2 {
                pause_halfway();
            }
            let mut f = fs::File::create(tmp.join(name))?;
            f.write_all(bytes)?;
            f.sync_all()?;
        }
        if !dir.exists() {
            return fs::rename(tmp, dir);
        }
        exchange(tmp, dir)?;
        // `tmp` now holds the earlier output.
        fs::remove_dir_all(tmp)
    })
}

/// Swaps two existing paths atomically.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(std::io::Error::from)
}

/// Swaps two existing paths (not atomically: the target is absent between the renames).
#[cfg(not(target_os = "linux"))]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    let aside = b.with_file_name(format!(
        ".{}.old-{}",
        b.file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default(),
        std::process::id()
    ));
    fs::rename(b, &aside)?;
    fs::rename(a, b)?;
    fs::rename(&aside, a)
}

/// Checks before a run that `path` can be written: its extension is one of `extensions`
/// (`what` names the output in messages), its folder exists and accepts files, and no
/// directory is in the way of a file (or, with `as_dir`, no file in the way of a directory).
pub fn check_writable(
    path: &Path,
    what: &str,
    extensions: &[&str],
    as_dir: Option<&Path>,
) -> Result<(), Error> {
    let failed = |message: String| Error::Incompatible {
        what: format!("{what} `{}`", path.display()),
        message,
    };
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    if !extensions.contains(&ext) {
        let list: Vec<String> = extensions.iter().map(|e| format!(".{e}")).collect();
        return Err(failed(format!(
            "the file name must end in {}",
            list.join(", ")
        )));
    }
    let folder = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !folder.is_dir() {
        return Err(failed(format!(
            "the folder `{}` does not exist",
            folder.display()
        )));
    }
    let probe = folder.join(format!(".cajal-write-check-{}", std::process::id()));
    match fs::File::create(&probe) {
        Ok(_) => {
            let _ = fs::remove_file(&probe);
        }
        Err(e) => {
            return Err(failed(format!(
                "cannot write in `{}`: {e}",
                folder.display()
            )));
        }
    }
    match as_dir {
        Some(dir) if dir.exists() && !dir.is_dir() => Err(failed(format!(
            "`{}` is a file, in the way of the output directory",
            dir.display()
        ))),
        None if path.is_dir() => Err(failed("a directory of that name is in the way".into())),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("cajal-out-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn replaces_the_file_and_leaves_no_temporary() {
        let dir = scratch("file");
        let p = dir.join("a.csv");
        write_atomically(&p, b"old").unwrap();
        write_atomically(&p, b"new").unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"new");
        assert_eq!(fs::read_dir(&dir).unwrap().count(), 1);
        let bad = dir.join("missing-dir").join("x.csv");
        assert!(write_atomically(&bad, b"x").is_err());
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_directory_is_replaced_whole_and_stale_temporaries_go() {
        let dir = scratch("dir");
        let out = dir.join("run");
        let file = |n: &str, b: &[u8]| (n.to_string(), b.to_vec());
        write_dir_atomically(&out, &[file("a.npy", b"1"), file("old.npy", b"2")]).unwrap();
        // A temporary a killed process left behind (a pid above Linux's largest pid_max, 2^22).
        let stale = temporary(&out, 4_194_305);
        fs::create_dir(&stale).unwrap();
        write_dir_atomically(&out, &[file("a.npy", b"3")]).unwrap();
        let names: Vec<String> = fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["a.npy"], "no file of the earlier output stays");
        assert_eq!(fs::read(out.join("a.npy")).unwrap(), b"3");
        let left: Vec<_> = fs::read_dir(&dir).unwrap().collect();
        if cfg!(target_os = "linux") {
            assert_eq!(left.len(), 1, "only the output: {left:?}");
        }
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn unwritable_outputs_are_found_before_writing() {
        let dir = scratch("check");
        let ok = check_writable(&dir.join("x.json"), "output", &["json", "csv"], None);
        assert!(ok.is_ok());
        let e = check_writable(&dir.join("x.txt"), "output", &["json", "csv"], None);
        assert!(
            e.unwrap_err()
                .to_string()
                .contains("must end in .json, .csv")
        );
        let e = check_writable(&dir.join("no").join("x.json"), "output", &["json"], None);
        assert!(e.unwrap_err().to_string().contains("does not exist"));
        fs::write(dir.join("x"), b"").unwrap();
        let e = check_writable(&dir.join("x.npy"), "output", &["npy"], Some(&dir.join("x")));
        assert!(e.unwrap_err().to_string().contains("is a file"));
        fs::remove_dir_all(&dir).unwrap();
    }
}
