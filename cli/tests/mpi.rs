//! `cajal simulate` over MPI ranks (`mpirun -n 1, 2, 4 --oversubscribe`; built with the
//! `mpi` feature): the output file is the same whatever the number of ranks, and a rank
//! that fails stops the job with an error instead of a hang.
#![cfg(feature = "mpi")]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// A fresh scratch directory for test `name`.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cajal-mpi-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// `mpirun -n ranks cajal args…` (or `cajal args…` alone with `ranks` 0), stopped as a
/// failure after `limit`.
fn run(ranks: usize, args: &[&str], limit: Duration) -> Output {
    let cajal = env!("CARGO_BIN_EXE_cajal");
    let mut cmd = if ranks == 0 {
        Command::new(cajal)
    } else {
        let mut c = Command::new("mpirun");
        c.args(["-n", &ranks.to_string(), "--oversubscribe", cajal]);
        c
    };
    // Containers run CI as root, which Open MPI refuses unless told.
    cmd.env("OMPI_ALLOW_RUN_AS_ROOT", "1")
        .env("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1")
        .env("OMPI_MCA_rmaps_base_oversubscribe", "1")
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("mpirun (openmpi-bin) is installed");
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > limit {
            let _ = child.kill();
            panic!("`{}` did not finish in {limit:?}", args.join(" "));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    child.wait_with_output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Runs `args` (writing `--out dir/<ranks>.npz`) whole and over 1, 2 and 4 ranks, and
/// checks that every file holds the same bytes.
fn same_file_on_every_split(name: &str, args: &[&str]) {
    let dir = scratch(name);
    let file = |ranks: usize| dir.join(format!("{ranks}.npz"));
    let mut outputs = Vec::new();
    for ranks in [0, 1, 2, 4] {
        let out = file(ranks);
        let mut all = args.to_vec();
        all.extend(["--out", out.to_str().unwrap()]);
        let o = run(ranks, &all, Duration::from_secs(600));
        assert!(o.status.success(), "{ranks} ranks: {}", text(&o.stderr));
        let written = text(&o.stdout);
        assert_eq!(written.matches("wrote").count(), 1, "{written}");
        outputs.push(std::fs::read(&out).unwrap());
    }
    assert!(outputs[0].len() > 1000, "{} bytes", outputs[0].len());
    for (k, o) in outputs.iter().enumerate().skip(1) {
        assert!(
            o == &outputs[0],
            "{} ranks wrote another file",
            [0, 1, 2, 4][k]
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_microcircuit_writes_the_same_file_on_one_two_and_four_ranks() {
    same_file_on_every_split(
        "microcircuit",
        &[
            "simulate",
            "microcircuit",
            "--set",
            "scale=0.02",
            "--duration",
            "200ms",
        ],
    );
}

#[test]
fn a_network_file_writes_the_same_file_on_one_two_and_four_ranks() {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/models/small_network.cajal");
    same_file_on_every_split(
        "file",
        &["simulate", file.to_str().unwrap(), "--duration", "100ms"],
    );
}

#[test]
fn a_rank_that_fails_stops_every_rank_with_an_error() {
    let dir = scratch("failing");
    let file = dir.join("blow_up.cajal");
    std::fs::write(
        &file,
        "neuron Blow { state { v = 0 mV } equations { dv/dt = v*v/(1 ms*1 mV) } }\n\
         network Bad {\n\
             timestep 0.1 ms\n\
             population P = Blow[10] { init v = if i == 7 { 10 mV } else { 0 mV } }\n\
         }\n",
    )
    .unwrap();
    let args = ["simulate", file.to_str().unwrap(), "--duration", "50ms"];
    let o = run(2, &args, Duration::from_secs(120));
    let err = text(&o.stderr);
    assert!(!o.status.success(), "{err}");
    assert!(err.contains("rank 1 of 2: "), "{err}");
    assert!(err.contains("diverged"), "{err}");
    assert!(err.contains("instance 7"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn commands_other_than_a_network_simulation_refuse_several_ranks() {
    let o = run(
        2,
        &["simulate", "lif", "--duration", "1ms"],
        Duration::from_secs(120),
    );
    let err = text(&o.stderr);
    assert!(!o.status.success(), "{err}");
    assert!(err.contains("not a single population"), "{err}");
}

/// A sweep of a mass network shares its members out over the ranks: the table and the
/// analysis file are the same whole and over 1, 2 and 4 ranks (5 members: uneven blocks).
#[test]
fn a_sweep_writes_the_same_analysis_on_one_two_and_four_ranks() {
    let dir = scratch("sweep");
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/models/connectome/ring.cajal");
    let mut tables = Vec::new();
    let mut documents = Vec::new();
    for ranks in [0, 1, 2, 4] {
        let out = dir.join(format!("{ranks}.json"));
        let args = [
            "simulate",
            file.to_str().unwrap(),
            "--sweep",
            "k=0..0.4:5",
            "--analysis-out",
            out.to_str().unwrap(),
            "--duration",
            "300ms",
            "--transient",
            "100ms",
        ];
        let o = run(ranks, &args, Duration::from_secs(300));
        assert!(o.status.success(), "{ranks} ranks: {}", text(&o.stderr));
        let table = text(&o.stdout);
        assert!(
            table.contains(&format!("wrote {}", out.display())),
            "{table}"
        );
        tables.push(table.replace(&out.display().to_string(), "OUT"));
        documents.push(std::fs::read_to_string(&out).unwrap());
    }
    let members = |doc: &str| doc.matches("\"params\"").count();
    assert_eq!(members(&documents[0]), 5, "{}", documents[0]);
    assert!(tables[0].contains("k [1]\tvariable"), "{}", tables[0]);
    for (k, ranks) in [1, 2, 4].into_iter().enumerate() {
        assert_eq!(
            tables[k + 1],
            tables[0],
            "{ranks} ranks printed another table"
        );
        assert!(
            documents[k + 1] == documents[0],
            "{ranks} ranks wrote another analysis"
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A member that fails stops every rank with the member's error (v' = g·v² from v = 1
/// diverges for g > 0; members g = 1 and g = 2 run on rank 1, and g = 2 diverges first).
#[test]
fn a_sweep_member_that_fails_stops_the_job_naming_it() {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/models/runaway.cajal");
    let args = [
        "simulate",
        file.to_str().unwrap(),
        "--sweep",
        "g=-1..2:4",
        "--duration",
        "5ms",
    ];
    let o = run(2, &args, Duration::from_secs(120));
    let err = text(&o.stderr);
    assert!(!o.status.success(), "{err}");
    assert!(err.contains(" of 2: "), "{err}");
    assert!(
        err.contains("error: member 3 of the sweep (g = 2) stopped: simulation diverged"),
        "{err}"
    );
}
