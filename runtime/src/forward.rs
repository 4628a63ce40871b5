//! Forward models from source activity to sensors: EEG/MEG lead-field projection with
//! optional correlated sensor noise, and brainmass's normalised lead-field readout.

use crate::error::{Error, finite};
use crate::rng::normal;

/// Y = scale · S · L: `l[region][sensor]` maps region activity to sensors (brainmass
/// `LeadFieldModel`; EEG in mV, MEG in T, with `scale` converting dipole units).
#[derive(Clone, Debug, PartialEq)]
pub struct LeadField {
    l: Vec<Vec<f64>>,
    scale: f64,
    noise_cholesky: Option<Vec<Vec<f64>>>,
}

impl LeadField {
    /// A lead field `l[region][sensor]` and a unit scale.
    pub fn new(l: Vec<Vec<f64>>, scale: f64) -> Result<Self, Error> {
        let sensors = l.first().map_or(0, Vec::len);
        for (r, row) in l.iter().enumerate() {
            if row.len() != sensors {
                return Err(Error::WrongSize {
                    what: format!("lead field row {r}"),
                    expected: sensors,
                    got: row.len(),
                });
            }
            for x in row {
                finite(|| format!("lead field row {r}"), *x)?;
            }
        }
        finite(|| "lead field scale".into(), scale)?;
        Ok(LeadField {
            l,
            scale,
            noise_cholesky: None,
        })
    }

    /// Adds Gaussian sensor noise with covariance `cov` (sensors × sensors, symmetric
    /// positive definite), drawn from the reproducible streams.
    pub fn with_sensor_noise(mut self, cov: &[Vec<f64>]) -> Result<Self, Error> {
        self.noise_cholesky = Some(cholesky(cov)?);
        Ok(self)
    }

    /// Number of sensors.
    pub fn sensors(&self) -> usize {
        self.l.first().map_or(0, Vec::len)
    }

    /// Sensor values for one time point of region activity `s` (noise drawn for `sample`
    /// with `seed` if sensor noise is set).
    pub fn project(&self, s: &[f64], seed: u64, sample: u64) -> Result<Vec<f64>, Error> {
        if s.len() != self.l.len() {
            return Err(Error::WrongSize {
                what: "source activity (regions)".into(),
                expected: self.l.len(),
                got: s.len(),
            });
        }
        let mut y = vec![0.0; self.sensors()];
        for (x, row) in s.iter().zip(&self.l) {
            for (yk, lk) in y.iter_mut().zip(row) {
                *yk += self.scale * x * lk;
            }
        }
        if let Some(c) = &self.noise_cholesky {
            let z: Vec<f64> = (0..y.len())
                .map(|k| normal(seed, k as u64, 0, sample))
                .collect();
            for (i, yi) in y.iter_mut().enumerate() {
                *yi += (0..=i).map(|j| c[i][j] * z[j]).sum::<f64>();
            }
        }
        Ok(y)
    }
}

/// Lower Cholesky factor of a symmetric positive-definite matrix.
fn cholesky(a: &[Vec<f64>]) -> Result<Vec<Vec<f64>>, Error> {
    let n = a.len();
    let mut l = vec![vec![0.0; n]; n];
    for i in 0..n {
        if a[i].len() != n {
            return Err(Error::WrongSize {
                what: format!("noise covariance row {i}"),
                expected: n,
                got: a[i].len(),
            });
        }
        for j in 0..=i {
            let s: f64 = (0..j).map(|k| l[i][k] * l[j][k]).sum();
            if i == j {
                let d = a[i][i] - s;
                if d.is_nan() || d <= 0.0 {
                    return Err(Error::NonFinite {
                        what: "noise covariance (not positive definite)".into(),
                        value: d,
                    });
                }
                l[i][j] = d.sqrt();
            } else {
                l[i][j] = (a[i][j] - s) / l[j][j];
            }
        }
    }
    Ok(l)
}

/// brainmass `LeadfieldReadout`: y = cy0 · (lm_n · x) − y0, with `lm[sensor][region]` rows
/// L1-normalised and then columns demeaned.
#[derive(Clone, Debug, PartialEq)]
pub struct LeadfieldReadout {
    lm: Vec<Vec<f64>>,
    y0: f64,
    cy0: f64,
}

impl LeadfieldReadout {
    /// Normalises `lm[sensor][region]` (rows to unit L1 norm, then columns to zero mean).
    pub fn new(lm: &[Vec<f64>], y0: f64, cy0: f64) -> Result<Self, Error> {
        let regions = lm.first().map_or(0, Vec::len);
        let mut out: Vec<Vec<f64>> = Vec::with_capacity(lm.len());
        for (s, row) in lm.iter().enumerate() {
            if row.len() != regions {
                return Err(Error::WrongSize {
                    what: format!("readout row {s}"),
                    expected: regions,
                    got: row.len(),
                });
            }
            let norm: f64 = row.iter().map(|x| x.abs()).sum();
            out.push(
                row.iter()
                    .map(|x| if norm > 0.0 { x / norm } else { *x })
                    .collect(),
            );
        }
        for r in 0..regions {
            let mean = out.iter().map(|row| row[r]).sum::<f64>() / out.len() as f64;
            for row in &mut out {
                row[r] -= mean;
            }
        }
        Ok(LeadfieldReadout { lm: out, y0, cy0 })
    }

    /// The readout of region activity `x`.
    pub fn read(&self, x: &[f64]) -> Vec<f64> {
        self.lm
            .iter()
            .map(|row| self.cy0 * row.iter().zip(x).map(|(a, b)| a * b).sum::<f64>() - self.y0)
            .collect()
    }
}
