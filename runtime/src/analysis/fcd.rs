//! Functional connectivity dynamics (Hansen et al. 2015): FC in sliding windows, and the
//! FCD matrix of correlations between the windows' FCs (their upper triangles).

use super::{functional_connectivity, pearson, upper_triangle};
use crate::error::Error;

/// FC of `series[region][time]` in windows of `window` samples starting every `step`
/// samples (windows that fit whole).
pub fn sliding_fc(
    series: &[Vec<f64>],
    window: usize,
    step: usize,
) -> Result<Vec<Vec<Vec<f64>>>, Error> {
    let len = series.iter().map(Vec::len).min().unwrap_or(0);
    if window < 2 || step == 0 || window > len {
        return Err(Error::Incompatible {
            what: "functional connectivity dynamics".into(),
            message: format!(
                "windows of {window} samples every {step} need 2 ≤ window ≤ the {len} samples of the series, and a step of at least 1"
            ),
        });
    }
    Ok((0..=(len - window) / step)
        .map(|w| {
            let start = w * step;
            let cut: Vec<Vec<f64>> = series
                .iter()
                .map(|s| s[start..start + window].to_vec())
                .collect();
            functional_connectivity(&cut)
        })
        .collect())
}

/// The FCD matrix: entry (a, b) is the Pearson correlation of the upper triangles of the FCs
/// of windows a and b (see [`sliding_fc`]).
pub fn fcd(series: &[Vec<f64>], window: usize, step: usize) -> Result<Vec<Vec<f64>>, Error> {
    let triangles: Vec<Vec<f64>> = sliding_fc(series, window, step)?
        .iter()
        .map(|fc| upper_triangle(fc))
        .collect();
    let n = triangles.len();
    let mut out = vec![vec![1.0; n]; n];
    for a in 0..n {
        for b in a + 1..n {
            let r = pearson(&triangles[a], &triangles[b]);
            out[a][b] = r;
            out[b][a] = r;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_switch_of_correlation_structure_shows_in_the_fcd() {
        // Three regions: in the first half region 1 follows region 0 and region 2 opposes it;
        // in the second half the roles swap. The FC triangles (r01, r02, r12) are (1, −1, −1)
        // and (−1, 1, −1): FCD 1 within a half, −1/2 across.
        let t: Vec<f64> = (0..400)
            .map(|k| (k as f64 * 0.37).sin() + (k as f64 * 0.11).cos())
            .collect();
        let (mut b, mut c) = (Vec::new(), Vec::new());
        for (k, x) in t.iter().enumerate() {
            let first = k < 200;
            b.push(if first { *x } else { -x });
            c.push(if first { -x } else { *x });
        }
        let m = fcd(&[t, b, c], 100, 100).unwrap();
        assert_eq!(m.len(), 4);
        assert!((m[0][1] - 1.0).abs() < 1e-12 && (m[2][3] - 1.0).abs() < 1e-12);
        assert!((m[0][2] + 0.5).abs() < 1e-12 && (m[1][3] + 0.5).abs() < 1e-12);
        assert!(fcd(&[vec![1.0; 10]], 20, 5).is_err());
    }
}
