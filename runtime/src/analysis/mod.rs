//! Analysis of simulated signals: Pearson correlation, functional connectivity (FC) and its
//! similarity to an empirical FC; FC dynamics ([`fcd`]); power spectra and peak frequencies
//! by Welch's method ([`spectrum`]); phases and the Kuramoto order parameter
//! ([`synchrony`]); the rate, irregularity and synchrony of a spiking population
//! ([`population_activity`]).

mod fcd;
mod spectrum;
mod spiking_activity;
mod synchrony;

pub use fcd::{fcd, sliding_fc};
pub use spectrum::{PowerSpectrum, welch};
pub use spiking_activity::{PopulationActivity, population_activity};
pub use synchrony::{
    analytic_phase, mean_order_parameter, order_parameter, order_parameter_series, phases_from_xy,
};

/// Pearson correlation of two equally long series (NaN if either is constant).
pub fn pearson(a: &[f64], b: &[f64]) -> f64 {
    let n = a.len().min(b.len()) as f64;
    let ma = a.iter().sum::<f64>() / n;
    let mb = b.iter().sum::<f64>() / n;
    let (mut sab, mut saa, mut sbb) = (0.0, 0.0, 0.0);
    for (x, y) in a.iter().zip(b) {
        let (dx, dy) = (x - ma, y - mb);
        sab += dx * dy;
        saa += dx * dx;
        sbb += dy * dy;
    }
    sab / (saa * sbb).sqrt()
}

/// Functional connectivity: the Pearson correlation matrix of `series[region][time]`.
pub fn functional_connectivity(series: &[Vec<f64>]) -> Vec<Vec<f64>> {
    let n = series.len();
    let mut fc = vec![vec![1.0; n]; n];
    for i in 0..n {
        for j in i + 1..n {
            let r = pearson(&series[i], &series[j]);
            fc[i][j] = r;
            fc[j][i] = r;
        }
    }
    fc
}

/// The upper triangle of a square matrix (diagonal excluded), row by row.
pub fn upper_triangle(m: &[Vec<f64>]) -> Vec<f64> {
    (0..m.len())
        .flat_map(|i| (i + 1..m.len()).map(move |j| (i, j)))
        .map(|(i, j)| m[i][j])
        .collect()
}

/// Similarity of two FC matrices: the Pearson correlation of their upper triangles
/// (diagonal excluded), the usual model-fit score.
pub fn fc_similarity(a: &[Vec<f64>], b: &[Vec<f64>]) -> f64 {
    pearson(&upper_triangle(a), &upper_triangle(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn correlations_of_known_signals() {
        let t: Vec<f64> = (0..100).map(|k| k as f64 * 0.1).collect();
        let s: Vec<f64> = t.iter().map(|x| x.sin()).collect();
        let twice: Vec<f64> = s.iter().map(|x| 2.0 * x + 3.0).collect();
        let neg: Vec<f64> = s.iter().map(|x| -x).collect();
        assert!((pearson(&s, &twice) - 1.0).abs() < 1e-12);
        assert!((pearson(&s, &neg) + 1.0).abs() < 1e-12);
        let fc = functional_connectivity(&[s.clone(), twice, neg]);
        assert!((fc[0][2] + 1.0).abs() < 1e-12 && (fc[2][1] + 1.0).abs() < 1e-12);
        assert!((fc_similarity(&fc, &fc) - 1.0).abs() < 1e-12);
    }
}
