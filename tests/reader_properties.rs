//! The matrix readers (CSV, NPY, TVB archives) give a value or an error on any bytes and any
//! declared shape — never a panic, and never an allocation beyond what the file holds.

use std::io::Write as _;

use cajal::runtime::Connectivity;
use cajal::runtime::io::{
    MAX_MATRIX_FILE_BYTES, parse_matrix, parse_npy, read_matrix_csv, read_tvb_connectivity,
};
use proptest::prelude::*;

/// An `.npy` file with the given header fields and data bytes.
fn npy(descr: &str, fortran: bool, shape: &str, data: &[u8]) -> Vec<u8> {
    let fortran = if fortran { "True" } else { "False" };
    let header =
        format!("{{'descr': '{descr}', 'fortran_order': {fortran}, 'shape': {shape}, }}\n");
    let mut out = b"\x93NUMPY\x01\x00".to_vec();
    out.extend_from_slice(&(header.len() as u16).to_le_bytes());
    out.extend_from_slice(header.as_bytes());
    out.extend_from_slice(data);
    out
}

/// A scratch directory for one test.
fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("cajal-readers-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn npy_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        let _ = parse_npy(&bytes);
        let mut framed = b"\x93NUMPY\x01\x00".to_vec();
        framed.extend_from_slice(&bytes);
        let _ = parse_npy(&framed);
    }

    #[test]
    fn npy_shapes_are_checked_against_the_data(
        rows in prop_oneof![0usize..6, Just(usize::MAX), Just(1usize << 40)],
        cols in prop_oneof![0usize..6, Just(usize::MAX / 3), Just(1usize << 62)],
        values in proptest::collection::vec(-1e3f64..1e3, 0..40),
        fortran in any::<bool>(),
    ) {
        let data: Vec<u8> = values.iter().flat_map(|v| v.to_le_bytes()).collect();
        match parse_npy(&npy("<f8", fortran, &format!("({rows}, {cols})"), &data)) {
            Ok(m) => {
                prop_assert_eq!(m.len(), rows);
                prop_assert!(m.iter().all(|r| r.len() == cols));
                prop_assert!(rows * cols <= values.len());
            }
            Err(e) => prop_assert!(
                rows == 0 || cols == 0 || rows.checked_mul(cols).is_none_or(|k| k > values.len()),
                "{e}"
            ),
        }
    }

    #[test]
    fn csv_text_never_panics_and_rows_are_even(text in "[0-9eE.,+\\- \n#naif]{0,200}") {
        if let Ok(m) = parse_matrix(&text) {
            prop_assert!(!m.is_empty());
            prop_assert!(m.iter().all(|r| r.len() == m[0].len()));
            prop_assert!(m.iter().flatten().all(|x| x.is_finite()));
        }
    }

    #[test]
    fn connectivity_shapes_are_checked(
        rows in proptest::collection::vec(proptest::collection::vec(-5.0f64..5.0, 0..5), 0..5),
    ) {
        match Connectivity::from_rows(&rows) {
            Ok(c) => prop_assert!(rows.iter().all(|r| r.len() == rows.len()) && c.len() == rows.len()),
            Err(_) => prop_assert!(rows.is_empty() || rows.iter().any(|r| r.len() != rows.len())),
        }
    }
}

#[test]
fn empty_and_non_finite_arrays_are_refused_in_every_format() {
    assert!(
        parse_npy(&npy("<f8", false, "(0, 0)", &[]))
            .unwrap_err()
            .contains("empty")
    );
    assert!(parse_matrix("").is_err());
    let nan: Vec<u8> = f64::NAN.to_le_bytes().to_vec();
    assert!(
        parse_npy(&npy("<f8", false, "(1, 1)", &nan))
            .unwrap_err()
            .contains("not a finite number")
    );
    // A long single column is not square, and is refused without reserving n² values.
    let column = vec![vec![1.0]; 100_000];
    assert!(
        Connectivity::from_rows(&column)
            .unwrap_err()
            .to_string()
            .contains("square")
    );
}

#[test]
fn files_beyond_the_size_limit_are_refused_without_reading_them_whole() {
    let dir = scratch("size");
    let big = dir.join("big.csv");
    let file = std::fs::File::create(&big).unwrap();
    // A sparse file: no disk space, but its length is over the limit.
    file.set_len(MAX_MATRIX_FILE_BYTES + 1024).unwrap();
    let e = read_matrix_csv(&big).unwrap_err().to_string();
    assert!(e.contains("larger than 256 MiB"), "{e}");
    std::fs::remove_dir_all(&dir).ok();
}

/// A TVB archive holding `files` (name, text), stored uncompressed.
fn tvb_zip(path: &std::path::Path, files: &[(&str, &str)]) {
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, text) in files {
        zip.start_file(*name, options).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap();
}

#[test]
fn tvb_archives_with_mismatched_or_oversized_parts_are_refused() {
    let dir = scratch("tvb");
    let path = dir.join("c.zip");
    let square = "0 1\n1 0\n";
    let cases: [(&[(&str, &str)], &str); 4] = [
        (
            &[
                ("weights.txt", "0 1 2\n1 0 2\n"),
                ("tract_lengths.txt", square),
            ],
            "must be square",
        ),
        (
            &[("weights.txt", square), ("tract_lengths.txt", "1\n")],
            "but the weights are 2×2",
        ),
        (
            &[
                ("weights.txt", square),
                ("tract_lengths.txt", square),
                ("centres.txt", "A nan 0 0\nB 1 1 1\n"),
            ],
            "finite coordinates",
        ),
        (
            &[
                ("weights.txt", square),
                ("tract_lengths.txt", square),
                ("centres.txt", "A 0 0 0\n"),
            ],
            "1 regions, but the weights have 2",
        ),
    ];
    for (files, expected) in cases {
        tvb_zip(&path, files);
        let e = read_tvb_connectivity(&path).unwrap_err().to_string();
        assert!(e.contains(expected), "{e}");
    }
    tvb_zip(
        &path,
        &[
            ("weights.txt", square),
            ("tract_lengths.txt", square),
            ("centres.txt", "A 0 0 0\nB 1 1 1\n"),
        ],
    );
    assert_eq!(read_tvb_connectivity(&path).unwrap().weights.len(), 2);

    // An entry that declares 1 GiB unpacked (sizes patched in both headers of a small
    // stored archive) is refused from its declared size, before anything is inflated.
    tvb_zip(
        &path,
        &[("weights.txt", square), ("tract_lengths.txt", square)],
    );
    let mut bytes = std::fs::read(&path).unwrap();
    let declared = (1u32 << 30).to_le_bytes();
    let mut k = 0;
    while k + 4 <= bytes.len() {
        match &bytes[k..k + 4] {
            b"PK\x03\x04" => bytes[k + 22..k + 26].copy_from_slice(&declared),
            b"PK\x01\x02" => bytes[k + 24..k + 28].copy_from_slice(&declared),
            _ => {}
        }
        k += 1;
    }
    std::fs::write(&path, &bytes).unwrap();
    let e = read_tvb_connectivity(&path).unwrap_err().to_string();
    assert!(e.contains("more than the 256 MiB limit"), "{e}");
    std::fs::remove_dir_all(&dir).ok();
}
