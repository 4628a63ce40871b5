//! Damaged checkpoints are refused with an error naming what is wrong, and leave the network
//! as it was: flipped bytes fail the checksum, and values that are well-formed but out of
//! range (the step count, a spike in flight from a neuron that does not exist, a non-finite
//! state, a fractional refractory counter) fail validation, with the checksum recomputed.

use cajal::prelude::*;

/// Two LIF groups, A driven to fire, A → B with a 2 ms delay so that spikes are in flight
/// (with `per_synapse`, delays of 2 and 3 ms in turn: each spike waits as two runs).
fn build_with(per_synapse: bool) -> (Network, PopulationId) {
    let mut net = Network::new(0.1).unwrap();
    let a = net.add_population("A", Lif::new(5)).unwrap();
    let b = net.add_population("B", Lif::new(5)).unwrap();
    net.drive(a, "I", Stimulus::Constant(3.0)).unwrap();
    let conn = Connections::all_to_all(5, 5, 0.5, true);
    let conn = if per_synapse {
        let delays = (0..conn.len()).map(|s| [2.0, 3.0][s % 2]).collect();
        conn.with_delays(delays).unwrap()
    } else {
        conn.with_delay(2.0)
    };
    net.connect("ab", a, b, ExpCurrent::default(), conn)
        .unwrap();
    net.record_spikes(a).unwrap();
    (net, a)
}

/// A checkpoint taken one step after A fired (its spikes are in flight to B).
fn checkpoint_with_spikes_in_flight(path: &std::path::Path, per_synapse: bool) {
    let (mut net, a) = build_with(per_synapse);
    loop {
        let before = net.spikes(a).unwrap().len();
        net.step().unwrap();
        if net.spikes(a).unwrap().len() > before {
            break;
        }
    }
    net.step().unwrap();
    net.checkpoint(path).unwrap();
}

/// The sections of a checkpoint file (name, values).
fn read_sections(bytes: &[u8]) -> Vec<(String, Vec<f64>)> {
    let mut at = 12;
    let body = &bytes[..bytes.len() - 4];
    let u64_at = |at: &mut usize| {
        let v = u64::from_le_bytes(body[*at..*at + 8].try_into().unwrap());
        *at += 8;
        v as usize
    };
    let mut out = Vec::new();
    while at < body.len() {
        let len = u64_at(&mut at);
        let name = String::from_utf8(body[at..at + len].to_vec()).unwrap();
        at += len;
        let n = u64_at(&mut at);
        let values = (0..n)
            .map(|k| f64::from_le_bytes(body[at + 8 * k..at + 8 * k + 8].try_into().unwrap()))
            .collect();
        at += 8 * n;
        out.push((name, values));
    }
    out
}

/// A checkpoint file of `sections` with a correct checksum.
fn write_sections(header: &[u8], sections: &[(String, Vec<f64>)]) -> Vec<u8> {
    let mut bytes = header[..12].to_vec();
    for (name, values) in sections {
        bytes.extend_from_slice(&(name.len() as u64).to_le_bytes());
        bytes.extend_from_slice(name.as_bytes());
        bytes.extend_from_slice(&(values.len() as u64).to_le_bytes());
        for v in values {
            bytes.extend_from_slice(&v.to_le_bytes());
        }
    }
    let crc = crc32fast::hash(&bytes);
    bytes.extend_from_slice(&crc.to_le_bytes());
    bytes
}

/// Restoring `bytes` into a fresh network fails with a message containing `expected`; the
/// network is unchanged and still runs.
fn refused(dir: &std::path::Path, bytes: &[u8], expected: &str) {
    refused_by(dir, bytes, expected, false);
}

/// [`refused`], for the network of [`build_with`]`(per_synapse)`.
fn refused_by(dir: &std::path::Path, bytes: &[u8], expected: &str, per_synapse: bool) {
    let path = dir.join("damaged.ckpt");
    std::fs::write(&path, bytes).unwrap();
    let (mut net, a) = build_with(per_synapse);
    let before = net.population(a).unwrap().state(0).to_vec();
    let err = net.restore(&path).expect_err("refused").to_string();
    assert!(err.contains(expected), "{err}");
    assert_eq!(net.population(a).unwrap().state(0), &before[..]);
    net.run(5.0).unwrap();
}

/// A fresh directory `name` holding a good checkpoint (of [`build_with`]`(per_synapse)`,
/// spikes in flight) that restores: the directory and the checkpoint's bytes.
fn good_checkpoint(name: &str, per_synapse: bool) -> (std::path::PathBuf, Vec<u8>) {
    let dir = std::env::temp_dir().join(format!("cajal-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("good.ckpt");
    checkpoint_with_spikes_in_flight(&path, per_synapse);
    let (mut net, _) = build_with(per_synapse);
    net.restore(&path).unwrap();
    let good = std::fs::read(&path).unwrap();
    (dir, good)
}

#[test]
fn every_flipped_byte_is_caught_by_the_checksum() {
    let (dir, good) = good_checkpoint("damaged", false);
    for k in 12..good.len() {
        let mut bad = good.clone();
        bad[k] ^= 0x10;
        refused(&dir, &bad, "the checksum does not match");
    }
    refused(&dir, &good[..good.len() - 3], "");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn well_formed_values_out_of_range_are_refused() {
    let (dir, good) = good_checkpoint("out-of-range", false);
    let sections = read_sections(&good);
    let edited = |section: &str, edit: &dyn Fn(&mut Vec<f64>)| {
        let mut s = sections.clone();
        let (_, values) = s.iter_mut().find(|(n, _)| n == section).unwrap();
        edit(values);
        write_sections(&good, &s)
    };
    for step in [f64::NAN, -5.0, 1e19, 2.5] {
        refused(&dir, &edited("time", &|v| v[0] = step), "step count");
    }
    refused(
        &dir,
        &edited("population A", &|v| v[0] = f64::NAN),
        "not a finite number",
    );
    // The refractory counters follow the 5 membrane potentials and 5 inputs.
    refused(
        &dir,
        &edited("population A", &|v| v[10] = 2.5),
        "refractory counter",
    );
    refused(
        &dir,
        &edited("population A", &|v| v[16] = -3.0),
        "step count",
    );
    // The projection: idle flag, the 5 summed currents, then each delay slot (its length,
    // then the source of each spike in it).
    let in_flight = edited("projection ab", &|v| {
        let mut at = 6;
        while v[at] == 0.0 {
            at += 1;
        }
        assert!(at < v.len(), "a spike is in flight");
        v[at + 1] = 4e9;
    });
    refused(
        &dir,
        &in_flight,
        "a spike in flight comes from neuron 4000000000",
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn runs_in_flight_out_of_range_are_refused() {
    let (dir, good) = good_checkpoint("runs-in-flight", true);
    let sections = read_sections(&good);
    // The projection: idle flag, the 5 summed currents, then each delay slot (its length,
    // then the first and the end of each run of synapses in it).
    let edited = |edit: &dyn Fn(&mut [f64])| {
        let mut s = sections.clone();
        let (_, v) = s.iter_mut().find(|(n, _)| n == "projection ab").unwrap();
        let mut at = 6;
        while v[at] == 0.0 {
            at += 1;
        }
        assert!(at < v.len(), "a run is in flight");
        edit(&mut v[at + 1..at + 3]);
        write_sections(&good, &s)
    };
    let refused = |bytes: &[u8], expected: &str| refused_by(&dir, bytes, expected, true);
    // Each source's 5 synapses are two runs (2 ms: 3 synapses, 3 ms: 2, or the other way):
    // a range reaching into the next run or row, starting beyond the table, empty or not
    // whole is not a run.
    type Edit = dyn Fn(&mut [f64]);
    let edits: [&Edit; 5] = [
        &|run| run[1] += 1.0,
        &|run| run[0] -= 1.0,
        &|run| run[0] = 4e9,
        &|run| run[1] = run[0],
        &|run| run[0] += 0.5,
    ];
    for edit in edits {
        refused(
            &edited(edit),
            "are in flight, but they are not a run of one source's synapses with one delay",
        );
    }
    std::fs::remove_dir_all(&dir).ok();
}
