//! `align cycle review`: the track record across cycles.
