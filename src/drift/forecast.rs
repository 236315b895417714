//! The forecast of a key result's value at the end of its cycle: a least-squares line
//! through its check-ins (value against day), extended to the cycle's last day.

/// One check-in: days since the cycle started, and the value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    pub day: f64,
    pub value: f64,
}

/// The value the least-squares line through `points` takes on `day`; `None` without
/// two points on different days (no line), or with a value that is not finite.
pub fn least_squares(points: &[Point], day: f64) -> Option<f64> {
    let n = points.len() as f64;
    if points.len() < 2
        || points
            .iter()
            .any(|p| !(p.day.is_finite() && p.value.is_finite()))
    {
        return None;
    }
    let mean_day = points.iter().map(|p| p.day).sum::<f64>() / n;
    let mean_value = points.iter().map(|p| p.value).sum::<f64>() / n;
    let spread: f64 = points.iter().map(|p| (p.day - mean_day).powi(2)).sum();
    if spread == 0.0 {
        return None;
    }
    let slope = points
        .iter()
        .map(|p| (p.day - mean_day) * (p.value - mean_value))
        .sum::<f64>()
        / spread;
    Some(mean_value + slope * (day - mean_day))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(points: &[(f64, f64)], day: f64) -> Option<f64> {
        let points: Vec<Point> = points
            .iter()
            .map(|&(day, value)| Point { day, value })
            .collect();
        least_squares(&points, day)
    }

    #[test]
    fn a_straight_line_is_extended() {
        let forecast = at(&[(0.0, 92.0), (10.0, 93.0), (20.0, 94.0)], 91.0).expect("a line");
        assert!((forecast - 101.1).abs() < 1e-9, "{forecast}");
    }

    #[test]
    fn noisy_points_give_the_best_fit() {
        // y = 1 + 2x fits (0,1), (1,3), (2,5) exactly; moving the middle point down by
        // 3 moves the mean by 1 and leaves the slope: y = 2x at x = 10 is 20.
        let forecast = at(&[(0.0, 1.0), (1.0, 0.0), (2.0, 5.0)], 10.0).expect("a line");
        assert!((forecast - 20.0).abs() < 1e-9, "{forecast}");
    }

    #[test]
    fn no_line_without_two_days() {
        assert_eq!(at(&[(3.0, 1.0)], 10.0), None);
        assert_eq!(at(&[(3.0, 1.0), (3.0, 2.0)], 10.0), None);
        assert_eq!(at(&[], 10.0), None);
        assert_eq!(at(&[(0.0, f64::NAN), (1.0, 2.0)], 10.0), None);
    }
}
